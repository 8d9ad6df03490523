/**
 * PCA of a [n, dim] embedding matrix (Pearson 1901; Hotelling 1933). The dim x dim covariance is
 * accumulated here in one pass over the Float32Array (float64 sums), and its eigendecomposition is
 * done by the maintained `ml-pca` (ml-matrix's EVD). Why not ml-pca on the data itself: it copies
 * the rows into a Matrix and runs an SVD of all n rows, 1.6 s for 10k x 128 against ~0.2 s this way.
 * Signs are fixed (largest |loading| of each axis positive) so the output is deterministic.
 */
import { PCA } from 'ml-pca';
import { checkMatrix } from './validate';

export interface PcaResult {
  /** Row-major [n, dims] coordinates on the first `dims` principal axes. */
  points: Float32Array;
  /** Row-major [dims, dim] principal axes (unit, orthogonal), by decreasing variance. */
  components: Float64Array;
  /** Variance along each returned axis (eigenvalues of the covariance, n - 1 denominator). */
  variances: Float64Array;
  /** Fraction of the total variance along each returned axis. */
  explainedVarianceRatio: Float64Array;
  /** [dim] column means subtracted before projecting. */
  mean: Float64Array;
}

/** Projects the rows of `vectors` ([n, dim]) onto their first `dims` principal axes (dims <= dim). */
export function pca(vectors: Float32Array, n: number, dim: number, dims: number): PcaResult {
  checkMatrix('pca', vectors, n, dim);
  if (!Number.isInteger(dims) || dims < 1 || dims > dim) {
    throw new RangeError(`pca: dims must be in 1..${dim} (the input dimension), got ${dims}`);
  }
  if (n < 2) throw new RangeError(`pca: needs at least 2 rows, got ${n}`);
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += vectors[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  const cov = new Float64Array(dim * dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) row[d] = vectors[i * dim + d] - mean[d];
    for (let a = 0; a < dim; a++) {
      const ra = row[a];
      const o = a * dim;
      for (let b = a; b < dim; b++) cov[o + b] += ra * row[b];
    }
  }
  const matrix: number[][] = [];
  for (let a = 0; a < dim; a++) {
    const r = new Array<number>(dim);
    for (let b = 0; b < dim; b++) r[b] = (a <= b ? cov[a * dim + b] : cov[b * dim + a]) / (n - 1);
    matrix.push(r);
  }
  const model = new PCA(matrix, { isCovarianceMatrix: true });
  const axes = model.getEigenvectors(); // [dim, dim], one axis per column, by decreasing eigenvalue
  const eigenvalues = model.getEigenvalues();
  const total = eigenvalues.reduce((s, v) => s + Math.max(0, v), 0);
  const components = new Float64Array(dims * dim);
  for (let c = 0; c < dims; c++) {
    let largest = 0;
    for (let d = 0; d < dim; d++) {
      const v = axes.get(d, c);
      if (Math.abs(v) > Math.abs(largest)) largest = v;
    }
    const sign = largest < 0 ? -1 : 1;
    for (let d = 0; d < dim; d++) components[c * dim + d] = sign * axes.get(d, c);
  }
  const points = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) row[d] = vectors[i * dim + d] - mean[d];
    for (let c = 0; c < dims; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += row[d] * components[c * dim + d];
      points[i * dims + c] = s;
    }
  }
  const variances = Float64Array.from(eigenvalues.slice(0, dims), (v) => Math.max(0, v));
  const explainedVarianceRatio = variances.map((v) => (total > 0 ? v / total : 0));
  return { points, components, variances, explainedVarianceRatio, mean };
}
