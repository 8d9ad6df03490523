/**
 * Orthogonal Procrustes (Schönemann 1966): the rotation or reflection R ([dims, dims], R^T R = I)
 * that brings the rows of `source` closest to the rows of `target`, minimising ||source R - target||_F.
 * With M = source^T target = U S V^T (SVD), R = U V^T; scipy.linalg.orthogonal_procrustes computes
 * the same. No scaling and no translation: PCA projections are already centred, and their spread
 * growing during training is part of the picture.
 * Used by the epoch scrubber: PCA's axes of consecutive snapshots may flip sign or swap when two
 * variances cross; aligning each projection to the previous one keeps the picture from jumping.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';

type Points = Float32Array | Float64Array;

function checkPoints(where: string, name: string, points: Points, n: number, dims: number): void {
  if (!(points instanceof Float32Array || points instanceof Float64Array))
    throw new TypeError(`${where}: ${name} must be a Float32Array or Float64Array (row-major [n, dims])`);
  if (points.length !== n * dims)
    throw new RangeError(`${where}: ${name} has ${points.length} values but n * dims = ${n} * ${dims} = ${n * dims}`);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]))
      throw new RangeError(`${where}: ${name}[${Math.floor(i / dims)}, ${i % dims}] is ${points[i]}`);
  }
}

/**
 * @param source row-major [n, dims]; @param target row-major [n, dims] (row i of each is the same item)
 * @returns row-major [dims, dims] orthogonal R minimising ||source R - target||_F
 */
export function orthogonalProcrustes(source: Points, target: Points, n: number, dims: number): Float64Array {
  const where = 'orthogonalProcrustes';
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${where}: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(dims) || dims < 1)
    throw new RangeError(`${where}: dims must be a positive integer, got ${dims}`);
  checkPoints(where, 'source', source, n, dims);
  checkPoints(where, 'target', target, n, dims);
  const m = new Matrix(dims, dims); // source^T target, float64 sums
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < dims; a++) {
      const s = source[i * dims + a];
      for (let b = 0; b < dims; b++) m.set(a, b, m.get(a, b) + s * target[i * dims + b]);
    }
  }
  const svd = new SingularValueDecomposition(m, { autoTranspose: false });
  const r = svd.leftSingularVectors.mmul(svd.rightSingularVectors.transpose());
  return Float64Array.from(r.to1DArray());
}

/**
 * `points` rotated (or reflected) onto `reference` by orthogonal Procrustes: the same shape, the
 * same distances between points, oriented like the reference.
 * @param points row-major [n, dims]; @param reference row-major [n, dims]
 * @returns row-major [n, dims] points R
 */
export function alignTo(points: Float32Array, reference: Float32Array, n: number, dims: number): Float32Array {
  const r = orthogonalProcrustes(points, reference, n, dims);
  const out = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < dims; b++) {
      let s = 0;
      for (let a = 0; a < dims; a++) s += points[i * dims + a] * r[a * dims + b];
      out[i * dims + b] = s;
    }
  }
  return out;
}
