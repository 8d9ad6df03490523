/**
 * One entry point for the projector: PCA, t-SNE or UMAP of a [n, dim] embedding matrix to 2-D
 * (3-D for PCA and UMAP), seeded, with progress and an AbortSignal. Plain Float32Arrays in and out,
 * so it runs in the kernel or any Node script. Defaults to the ambient run context's signal.
 */
import { currentRunContext } from '../context';
import { pca } from './pca';
import { tsne } from './tsne/tsne';
import { umap } from './umap';
import { checkMatrix } from './validate';

export type ProjectionMethod = 'pca' | 'tsne' | 'umap';

export interface ProjectionProgress {
  method: ProjectionMethod;
  phase: string;
  /** Fraction of the current phase done, 0..1 (kNN rows, then iterations or epochs; PCA jumps from 0 to 1). */
  fraction: number;
}

export interface ProjectOptions {
  method: ProjectionMethod;
  /** 2, or 3 for PCA and UMAP (t-SNE here is 2-D only). Default 2. */
  dims?: 2 | 3;
  seed?: number;
  /** 'cosine' L2-normalises the rows first (the geometry a contrastive loss trains). Default 'euclidean'. */
  metric?: 'euclidean' | 'cosine';
  /** t-SNE's perplexity (default 30). */
  perplexity?: number;
  /** UMAP's neighbourhood size (default 15). */
  nNeighbors?: number;
  onProgress?: (progress: ProjectionProgress) => void;
  signal?: AbortSignal;
}

/**
 * Projects the rows of `vectors` (row-major [n, dim]).
 * @returns row-major [n, dims] coordinates
 */
export async function project(
  vectors: Float32Array,
  n: number,
  dim: number,
  options: ProjectOptions,
): Promise<Float32Array> {
  checkMatrix('project', vectors, n, dim);
  const { method, seed = 0, onProgress } = options;
  const dims = options.dims ?? 2;
  const signal = options.signal ?? currentRunContext().signal;
  if (dims !== 2 && dims !== 3) throw new RangeError(`project: dims must be 2 or 3, got ${String(dims)}`);
  const input = options.metric === 'cosine' ? normalizeRows(vectors, n, dim) : vectors;
  switch (method) {
    case 'pca': {
      if (dim < dims) throw new RangeError(`project: PCA to ${dims}-D needs dim >= ${dims}, got ${dim}`);
      onProgress?.({ method, phase: 'pca', fraction: 0 });
      const { points } = pca(input, n, dim, dims);
      onProgress?.({ method, phase: 'pca', fraction: 1 });
      return points;
    }
    case 'tsne':
      if (dims !== 2)
        throw new RangeError('project: t-SNE is 2-D only here (Barnes-Hut quadtree); use PCA or UMAP for 3-D');
      return tsne(input, n, dim, {
        seed,
        signal,
        perplexity: options.perplexity,
        onProgress: onProgress && ((p) => onProgress({ method, phase: p.phase, fraction: p.fraction })),
      });
    case 'umap':
      return umap(input, n, dim, {
        dims,
        seed,
        signal,
        nNeighbors: options.nNeighbors,
        onProgress: onProgress && ((p) => onProgress({ method, phase: p.phase, fraction: p.fraction })),
      });
    default: {
      const never: never = method;
      throw new RangeError(`project: unknown method ${String(never)} (use 'pca', 'tsne' or 'umap')`);
    }
  }
}

/** Rows scaled to unit length (zero rows stay zero). */
export function normalizeRows(vectors: Float32Array, n: number, dim: number): Float32Array {
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += vectors[i * dim + d] ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dim; d++) out[i * dim + d] = vectors[i * dim + d] * inv;
  }
  return out;
}
