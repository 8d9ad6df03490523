/** Test data for the projections: Gaussian blobs, and how well a 2-D/3-D layout keeps them apart. */
import { Random } from '../../../src/simclr/random';

/** `clusters` unit-variance blobs of `perCluster` points in `dim` dims, centres ~N(0, spread^2). */
export function gaussianBlobs(clusters: number, perCluster: number, dim: number, spread: number, seed: number) {
  const random = new Random(seed);
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dim }, () => spread * random.normal()));
  const n = clusters * perCluster;
  const vectors = new Float32Array(n * dim);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % clusters;
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = centres[labels[i]][d] + random.normal();
  }
  return { vectors, labels, n, dim };
}

/** Fraction of each point's k nearest neighbours (in the [n, dims] layout) that share its label. */
export function knnPurity(points: Float32Array, n: number, dims: number, labels: Int32Array, k = 10): number {
  let same = 0;
  for (let i = 0; i < n; i++) {
    const order: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let d2 = 0;
      for (let c = 0; c < dims; c++) d2 += (points[i * dims + c] - points[j * dims + c]) ** 2;
      order.push([d2, j]);
    }
    order.sort((a, b) => a[0] - b[0]);
    for (let t = 0; t < k; t++) if (labels[order[t][1]] === labels[i]) same++;
  }
  return same / (n * k);
}

/** Naive exact kNN (squared Euclidean), for checking the fast one. */
export function naiveKnn(vectors: Float32Array, n: number, dim: number, k: number) {
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const order: Array<[number, number]> = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let d2 = 0;
      for (let d = 0; d < dim; d++) d2 += (vectors[i * dim + d] - vectors[j * dim + d]) ** 2;
      order.push([d2, j]);
    }
    order.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    indices.push(order.slice(0, k).map((o) => o[1]));
    distances.push(order.slice(0, k).map((o) => o[0]));
  }
  return { indices, distances };
}
