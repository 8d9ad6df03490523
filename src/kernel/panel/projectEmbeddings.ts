/**
 * Projection of embeddings to 2-D/3-D for display, through the library's `project` (PCA, t-SNE,
 * UMAP in src/simclr/projections/), on cosine geometry (what a contrastive loss trains). Seeded, so
 * the same request gives the same picture.
 */
import { project, type ProjectionMethod } from '../../simclr/projections/project';

export type { ProjectionMethod };

export async function projectEmbeddings(
  vectors: Float32Array,
  n: number,
  dim: number,
  method: ProjectionMethod,
  dims: 2 | 3,
  seed: number,
  onProgress?: (fraction: number, stage: string) => void,
  signal?: AbortSignal,
): Promise<Float32Array> {
  return project(vectors, n, dim, {
    method,
    dims,
    seed,
    metric: 'cosine',
    // Never the ambient signal: that belongs to the last cell, which may have been interrupted.
    signal: signal ?? new AbortController().signal,
    onProgress: onProgress && ((progress) => onProgress(progress.fraction, `${progress.method}: ${progress.phase}`)),
  });
}
