/**
 * Projection of embeddings to 2-D/3-D for display, through the library's projections
 * (src/simclr/projections/): PCA, t-SNE, UMAP. Seeded, so the same request gives the same picture.
 */
export type ProjectionMethod = 'pca' | 'tsne' | 'umap';

export async function projectEmbeddings(vectors: Float32Array, n: number, dim: number, method: ProjectionMethod, dims: 2 | 3, seed: number, onProgress?: (fraction: number, stage: string) => void, signal?: AbortSignal): Promise<Float32Array> {
  void vectors; void n; void dim; void dims; void seed; void signal; void onProgress;
  throw new Error(`projection '${method}' is not available yet in this kernel build`);
}
