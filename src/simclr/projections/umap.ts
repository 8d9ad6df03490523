/**
 * UMAP to 2-D or 3-D (McInnes, Healy & Melville 2018, "UMAP: Uniform Manifold Approximation and
 * Projection for Dimension Reduction", arXiv:1802.03426) with the maintained `umap-js` (PAIR-code).
 * Its random draws (initial layout, negative samples) come from our seeded `Random`. The kNN graph
 * is our exact one, handed over with `setPrecomputedKNN`: umap-js's own NN-descent over number[][]
 * took ~13 s of a ~30 s run on 10k x 128. Epochs run one `step()` at a time so we can report
 * progress, yield to the event loop and stop on an AbortSignal.
 */
import { UMAP } from 'umap-js';
import { Random } from '../random';
import { exactKnn } from './neighbours';
import { checkMatrix, throwIfAborted, yieldToEventLoop } from './validate';

export interface UmapProgress {
  phase: 'neighbours' | 'graph' | 'optimise';
  epoch: number;
  epochs: number;
  /** Fraction of this phase done, 0..1 (rows of the kNN graph, then epochs). */
  fraction: number;
}

export interface UmapOptions {
  dims?: 2 | 3;
  seed?: number;
  /** Size of the local neighbourhood, the point itself included (umap-learn's convention). Default 15. */
  nNeighbors?: number;
  /** Default 0.1. */
  minDist?: number;
  spread?: number;
  /** Default: umap-js's choice by size (200 epochs above 7,500 points, up to 500 for small sets). */
  nEpochs?: number;
  /** Called at each phase change, per block of kNN rows and after every epoch. */
  onProgress?: (progress: UmapProgress) => void;
  signal?: AbortSignal;
}

/**
 * Embeds the rows of `vectors` ([n, dim], row-major) in `dims` dimensions.
 * @returns row-major [n, dims] coordinates
 */
export async function umap(
  vectors: Float32Array,
  n: number,
  dim: number,
  options: UmapOptions = {},
): Promise<Float32Array> {
  checkMatrix('umap', vectors, n, dim);
  const dims = options.dims ?? 2;
  if (dims !== 2 && dims !== 3) throw new RangeError(`umap: dims must be 2 or 3, got ${String(dims)}`);
  const nNeighbors = options.nNeighbors ?? 15;
  if (!Number.isInteger(nNeighbors) || nNeighbors < 2 || n <= nNeighbors) {
    throw new RangeError(
      `umap: nNeighbors ${nNeighbors} needs more than ${nNeighbors} points and at least 2; got n = ${n}`,
    );
  }
  const { onProgress, signal } = options;
  throwIfAborted('umap', signal);
  onProgress?.({ phase: 'neighbours', epoch: 0, epochs: 0, fraction: 0 });
  const graph = await exactKnn(
    vectors,
    n,
    dim,
    nNeighbors - 1,
    signal,
    onProgress && ((rows) => onProgress({ phase: 'neighbours', epoch: 0, epochs: 0, fraction: rows / n })),
  );
  const knnIndices: number[][] = [];
  const knnDistances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const indices = [i];
    const distances = [0];
    for (let j = 0; j < graph.k; j++) {
      indices.push(graph.indices[i * graph.k + j]);
      distances.push(Math.sqrt(graph.distances[i * graph.k + j]));
    }
    knnIndices.push(indices);
    knnDistances.push(distances);
  }

  const random = new Random(options.seed ?? 0);
  const model = new UMAP({
    nComponents: dims,
    nNeighbors,
    minDist: options.minDist ?? 0.1,
    spread: options.spread ?? 1,
    nEpochs: options.nEpochs,
    random: () => random.next(),
  });
  model.setPrecomputedKNN(knnIndices, knnDistances);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(vectors.subarray(i * dim, (i + 1) * dim)));
  onProgress?.({ phase: 'graph', epoch: 0, epochs: 0, fraction: 0 });
  await yieldToEventLoop();
  throwIfAborted('umap', signal);
  const epochs = model.initializeFit(rows);
  let lastYield = performance.now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.step();
    onProgress?.({ phase: 'optimise', epoch: epoch + 1, epochs, fraction: (epoch + 1) / epochs });
    if (performance.now() - lastYield > 50) {
      await yieldToEventLoop();
      throwIfAborted('umap', signal);
      lastYield = performance.now();
    }
  }
  const embedding = model.getEmbedding();
  const out = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) for (let c = 0; c < dims; c++) out[i * dims + c] = embedding[i][c];
  return out;
}
