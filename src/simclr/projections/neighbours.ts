/**
 * Exact k-nearest neighbours (squared Euclidean) of every row of a [n, dim] matrix, in row blocks:
 * ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b, the dot products of a block against all rows from one
 * matrix product, then a bounded max-heap per row. O(n k) memory, O(n^2 dim) time, the same on any
 * data (a vantage-point tree stops pruning at 50-128 dims). Used for t-SNE's input affinities
 * (van der Maaten 2014) and as UMAP's precomputed graph.
 * The products run through tf on wasm/native (XNNPACK: ~10x a JS loop; 10k x 128 in ~1 s) and in a
 * plain JS loop on tfjs-cpu, whose matMul is slower than that loop.
 */
import { tf } from '../tf';
import { throwIfAborted, yieldToEventLoop } from './validate';

export interface KnnGraph {
  /** Row-major [n, k] neighbour indices, nearest first, excluding the point itself. */
  indices: Int32Array;
  /** Row-major [n, k] squared Euclidean distances, ascending. */
  distances: Float32Array;
  k: number;
}

/**
 * Exact kNN of all rows; `k` must be < n. Yields to the event loop (and checks `signal`) per block
 * and reports the rows done so far (`onRows`): at 70,000 rows this phase takes a minute or more.
 */
export async function exactKnn(
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  signal?: AbortSignal,
  onRows?: (rowsDone: number) => void,
): Promise<KnnGraph> {
  if (!Number.isInteger(k) || k < 1 || k >= n) throw new RangeError(`exactKnn: k must be in 1..${n - 1}, got ${k}`);
  const norms = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = 0, o = i * dim; d < dim; d++) s += vectors[o + d] * vectors[o + d];
    norms[i] = s;
  }
  const graph: KnnGraph = { indices: new Int32Array(n * k), distances: new Float32Array(n * k), k };
  const block = Math.max(1, Math.min(n, Math.floor(4_000_000 / n)));
  const fill =
    tf.getBackend() === 'cpu' ? jsBlocks(vectors, n, dim, norms, graph) : tfBlocks(vectors, n, dim, norms, graph);
  try {
    for (let a0 = 0; a0 < n; a0 += block) {
      fill.block(a0, Math.min(n, a0 + block));
      onRows?.(Math.min(n, a0 + block));
      await yieldToEventLoop();
      throwIfAborted('exactKnn', signal);
    }
  } finally {
    fill.dispose();
  }
  return graph;
}

interface BlockFiller {
  /** Writes the neighbours of rows a0..a1 into the graph. */
  block(a0: number, a1: number): void;
  dispose(): void;
}

/** Scores 2 a.b - ||b||^2 (larger = nearer) by one matMul per block and selects with tf.topk. */
function tfBlocks(vectors: Float32Array, n: number, dim: number, norms: Float32Array, graph: KnnGraph): BlockFiller {
  const { k } = graph;
  const all = tf.tensor2d(vectors, [n, dim]);
  // Pre-transposed: wasm's matMul with transposeB takes a slow path.
  const allT = tf.transpose(all);
  const normRow = tf.tensor2d(norms, [1, n]);
  return {
    block: (a0, a1) => {
      const { values, indices } = tf.tidy(() => {
        const scores = tf.sub(tf.mul(tf.matMul(tf.slice(all, [a0, 0], [a1 - a0, dim]), allT), 2), normRow);
        return tf.topk(scores, k + 1, true);
      });
      const v = values.dataSync();
      const ix = indices.dataSync();
      values.dispose();
      indices.dispose();
      for (let a = a0; a < a1; a++) {
        let out = a * k;
        const row = (a - a0) * (k + 1);
        for (let j = 0; j <= k && out < (a + 1) * k; j++) {
          if (ix[row + j] === a) continue;
          graph.indices[out] = ix[row + j];
          graph.distances[out++] = Math.max(0, norms[a] - v[row + j]);
        }
      }
    },
    dispose: () => {
      all.dispose();
      allT.dispose();
      normRow.dispose();
    },
  };
}

/** Plain JS dot products and a bounded max-heap per row. */
function jsBlocks(vectors: Float32Array, n: number, dim: number, norms: Float32Array, graph: KnnGraph): BlockFiller {
  const { k } = graph;
  const heapDist = new Float32Array(k);
  const heapIdx = new Int32Array(k);
  return {
    block: (a0, a1) => {
      for (let a = a0; a < a1; a++) {
        heapDist.fill(Infinity);
        heapIdx.fill(-1);
        const oa = a * dim;
        for (let b = 0; b < n; b++) {
          if (b === a) continue;
          const ob = b * dim;
          let dot = 0;
          for (let d = 0; d < dim; d++) dot += vectors[oa + d] * vectors[ob + d];
          const dist = Math.max(0, norms[a] + norms[b] - 2 * dot);
          if (dist < heapDist[0]) heapReplaceTop(heapDist, heapIdx, k, dist, b);
        }
        sortInto(heapDist, heapIdx, k, graph.distances, graph.indices, a * k);
      }
    },
    dispose: () => undefined,
  };
}

/** Replaces the root of the max-heap [0, k) with (d, j) and sifts it down. */
function heapReplaceTop(dist: Float32Array, idx: Int32Array, k: number, d: number, j: number): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= k) break;
    const r = l + 1;
    const c = r < k && dist[r] > dist[l] ? r : l;
    if (dist[c] <= d) break;
    dist[i] = dist[c];
    idx[i] = idx[c];
    i = c;
  }
  dist[i] = d;
  idx[i] = j;
}

/** Writes the heap sorted by ascending distance (ties by index, for determinism) at `off`. */
function sortInto(
  dist: Float32Array,
  idx: Int32Array,
  k: number,
  outDist: Float32Array,
  outIdx: Int32Array,
  off: number,
): void {
  const order = Array.from({ length: k }, (_, j) => j);
  order.sort((x, y) => dist[x] - dist[y] || idx[x] - idx[y]);
  for (let j = 0; j < k; j++) {
    outDist[off + j] = dist[order[j]];
    outIdx[off + j] = idx[order[j]];
  }
}
