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
  const counts = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    counts[i] += k;
    for (let j = 0; j < k; j++) counts[indices[i * k + j]]++;
  }
  // Unmerged edges: both (i, j, p_ij) and (j, i, p_ij), then duplicates merged per row.
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + counts[i];
  const fill = start.slice(0, n);
  const cols = new Int32Array(start[n]);
  const vals = new Float64Array(start[n]);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const col = indices[i * k + j];
      const v = pCond[i * k + j];
      cols[fill[i]] = col;
      vals[fill[i]++] = v;
      cols[fill[col]] = i;
      vals[fill[col]++] = v;
    }
  }
  const rowStart = new Int32Array(n + 1);
  const outCols = new Int32Array(start[n]);
  const outVals = new Float64Array(start[n]);
  let out = 0;
  const scale = 1 / (2 * n);
  for (let i = 0; i < n; i++) {
    rowStart[i] = out;
    const order = Array.from({ length: start[i + 1] - start[i] }, (_, t) => start[i] + t);
    order.sort((a, b) => cols[a] - cols[b]);
    for (let t = 0; t < order.length; t++) {
      const col = cols[order[t]];
      if (out > rowStart[i] && outCols[out - 1] === col) outVals[out - 1] += vals[order[t]] * scale;
      else {
        outCols[out] = col;
        outVals[out++] = vals[order[t]] * scale;
      }
    }
  }
  rowStart[n] = out;
  return { rowStart, cols: outCols.slice(0, out), values: outVals.slice(0, out) };
}
