/**
 * t-SNE input affinities, sparse (van der Maaten 2014, "Accelerating t-SNE using Tree-Based
 * Algorithms", JMLR 15, sec. 4.1): for each point, Gaussian conditionals p(j|i) over its
 * floor(3 * perplexity) nearest neighbours, with the precision found by binary search so that the
 * entropy equals log(perplexity); then P = (P_cond + P_cond^T) / 2n as a CSR matrix.
 */
import type { KnnGraph } from '../neighbours';

/** Symmetric sparse joint probabilities P (sum 1) in compressed sparse rows. */
export interface SparseP {
  /** [n + 1] offsets into `cols` / `values`. */
  rowStart: Int32Array;
  cols: Int32Array;
  values: Float64Array;
}

/** Row-wise conditional p(j|i) over the kNN graph, each row summing to 1. Returns [n, k] values. */
export function conditionalP(graph: KnnGraph, n: number, perplexity: number): Float64Array {
  const { k, distances } = graph;
  const p = new Float64Array(n * k);
  const target = Math.log(perplexity);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    // Distances relative to the nearest: exp stays finite; the shift cancels in the normalisation.
    const d0 = distances[off];
    let beta = 1;
    let lo = -Infinity;
    let hi = Infinity;
    for (let iter = 0; iter < 200; iter++) {
      let sum = 0;
      let weighted = 0;
      for (let j = 0; j < k; j++) {
        const d = distances[off + j] - d0;
        const e = Math.exp(-beta * d);
        p[off + j] = e;
        sum += e;
        weighted += d * e;
      }
      const entropy = Math.log(sum) + (beta * weighted) / sum;
      for (let j = 0; j < k; j++) p[off + j] /= sum;
      const diff = entropy - target;
      if (Math.abs(diff) < 1e-5) break;
      if (diff > 0) {
        lo = beta;
        beta = hi === Infinity ? beta * 2 : (beta + hi) / 2;
      } else {
        hi = beta;
        beta = lo === -Infinity ? beta / 2 : (beta + lo) / 2;
      }
    }
  }
  return p;
}

/** P = (P_cond + P_cond^T) / (2n) over the union of both directions' edges, rows sorted by column. */
export function symmetrize(graph: KnnGraph, n: number, pCond: Float64Array): SparseP {
  const { k, indices } = graph;
  // Reverse edges (j -> i for every i -> j) in CSR, by counting.
  const reverseStart = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) reverseStart[indices[e] + 1]++;
  for (let i = 0; i < n; i++) reverseStart[i + 1] += reverseStart[i];
  const fill = reverseStart.slice(0, n);
  const reverseEdge = new Int32Array(n * k); // index e of the forward edge i -> j, stored under row j
  for (let e = 0; e < n * k; e++) reverseEdge[fill[indices[e]]++] = e;

  const rowStart = new Int32Array(n + 1);
  const cols = new Int32Array(2 * n * k);
  const values = new Float64Array(2 * n * k);
  const scratch = new Float64Array(n); // dense accumulator for one row, reset after use
  const seen = new Uint8Array(n);
  const touched = new Int32Array(n); // a hub can be a neighbour of many points: up to n - 1 columns
  const scale = 1 / (2 * n);
  let out = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    const forward = (i + 1) * k;
    // Row i's entries: its own k edges (i -> j), then the edges pointing at it (j -> i).
    for (let t = i * k; t < forward + reverseStart[i + 1] - reverseStart[i]; t++) {
      const e = t < forward ? t : reverseEdge[reverseStart[i] + t - forward];
      const j = t < forward ? indices[e] : Math.floor(e / k);
      if (!seen[j]) {
        seen[j] = 1;
        touched[count++] = j;
      }
      scratch[j] += pCond[e];
    }
    const row = touched.subarray(0, count).sort();
    rowStart[i] = out;
    for (let t = 0; t < count; t++) {
      const j = row[t];
      cols[out] = j;
      values[out++] = scratch[j] * scale;
      scratch[j] = 0;
      seen[j] = 0;
    }
  }
  rowStart[n] = out;
  return { rowStart, cols: cols.slice(0, out), values: values.slice(0, out) };
}
