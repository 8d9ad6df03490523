/**
 * The k nearest neighbours of one embedding by cosine similarity, in the embedding space itself
 * (not the 2-D projection): what the panel lists when a point is clicked. O(n dim), a few
 * milliseconds for 10k x 128.
 */

export interface Neighbours {
  indices: Int32Array;
  similarities: Float32Array;
}

/** @param vectors row-major [n, dim] */
export function nearestNeighbours(vectors: Float32Array, n: number, dim: number, index: number, k: number): Neighbours {
  if (vectors.length !== n * dim) throw new RangeError(`nearestNeighbours: ${vectors.length} values is not ${n} x ${dim}`);
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`nearestNeighbours: index ${index} is outside 0..${n - 1}`);
  const count = Math.max(0, Math.min(Math.floor(k), n - 1));
  const norm = (row: number): number => {
    let s = 0;
    for (let d = 0, o = row * dim; d < dim; d++) s += vectors[o + d] * vectors[o + d];
    return Math.sqrt(s) || 1;
  };
  const q = index * dim;
  const qNorm = norm(index);
  const scores = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let d = 0, o = i * dim; d < dim; d++) dot += vectors[q + d] * vectors[o + d];
    scores[i] = dot / (qNorm * norm(i));
  }
  const order = Array.from({ length: n }, (_, i) => i).filter((i) => i !== index);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  const top = order.slice(0, count);
  return { indices: Int32Array.from(top), similarities: Float32Array.from(top, (i) => scores[i]) };
}
