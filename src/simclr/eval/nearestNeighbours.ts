/**
 * Cosine nearest neighbours of one row of an embedding matrix, for the projector's "click a point
 * to see its neighbours" (in the embedding space, not the 2-D projection). One query is O(n dim):
 * a plain loop over the Float32Array, ~2 ms for 10k x 128, no tensors. `nearestToVector` does the
 * same for an outside query (e.g. a text embedded into a CLIP space).
 */
import { tf } from '../tf';
import type { Features } from './features';

export interface Neighbours {
  /** [k] row indices, most similar first, the query itself excluded. */
  indices: Int32Array;
  /** [k] cosine similarities, descending. */
  similarities: Float32Array;
}

/** The `k` rows most cosine-similar to row `index` of `vectors` ([n, dim]); k is clamped to n - 1. */
export function nearestNeighbours(vectors: Features, index: number, k: number): Neighbours {
  const { values, n, dim } =
    vectors instanceof tf.Tensor
      ? { values: vectors.dataSync() as Float32Array, n: vectors.shape[0], dim: vectors.shape[1] }
      : { values: vectors.vectors, n: vectors.n, dim: vectors.dim };
  if (values.length !== n * dim)
    throw new RangeError(`nearestNeighbours: ${values.length} values for n * dim = ${n} * ${dim}`);
  if (!Number.isInteger(index) || index < 0 || index >= n)
    throw new RangeError(`nearestNeighbours: index ${index} is outside 0..${n - 1}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`nearestNeighbours: k must be a positive integer, got ${k}`);
  const count = Math.min(k, n - 1);
  const norm = (i: number): number => {
    let s = 0;
    for (let d = 0; d < dim; d++) s += values[i * dim + d] ** 2;
    return Math.sqrt(s) || 1;
  };
  const q = index * dim;
  const qNorm = norm(index);
  const sims = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let d = 0; d < dim; d++) dot += values[q + d] * values[i * dim + d];
    sims[i] = dot / (qNorm * norm(i));
  }
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => i !== index);
  order.sort((a, b) => sims[b] - sims[a] || a - b);
  const indices = Int32Array.from(order.slice(0, count));
  return { indices, similarities: Float32Array.from(indices, (i) => sims[i]) };
}

/**
 * The `k` rows of `vectors` ([n, dim], row-major) most cosine-similar to `query` ([dim]); k is
 * clamped to n.
 */
export function nearestToVector(
  vectors: Float32Array,
  n: number,
  dim: number,
  query: Float32Array,
  k: number,
): Neighbours {
  if (vectors.length !== n * dim)
    throw new RangeError(`nearestToVector: ${vectors.length} values for n * dim = ${n} * ${dim}`);
  if (query.length !== dim)
    throw new RangeError(`nearestToVector: the query has ${query.length} values, rows have ${dim}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`nearestToVector: k must be a positive integer, got ${k}`);
  let qNorm = 0;
  for (let d = 0; d < dim; d++) qNorm += query[d] ** 2;
  qNorm = Math.sqrt(qNorm) || 1;
  const sims = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      dot += query[d] * vectors[i * dim + d];
      norm += vectors[i * dim + d] ** 2;
    }
    sims[i] = dot / (qNorm * (Math.sqrt(norm) || 1));
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sims[b] - sims[a] || a - b);
  const indices = Int32Array.from(order.slice(0, Math.min(k, n)));
  return { indices, similarities: Float32Array.from(indices, (i) => sims[i]) };
}
