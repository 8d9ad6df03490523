/**
 * The singular-value spectrum of a batch of embeddings, the input of `effectiveRank` and the
 * spectrum chart: singular values of the [n, d] matrix, by default after subtracting the column
 * means (the centred batch, whose squared singular values / (n - 1) are the PCA variances).
 * Computed on the CPU in float64 by ml-matrix's SVD (TensorFlow.js has no SVD), transposing when
 * n < d so the decomposition is of the smaller side.
 */
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import { type Features } from '../eval/features';
import { tf } from '../tf';
import { checkMetricInput } from './metricInput';

export interface SpectrumOptions {
  /** Subtract the column means first. Default true. */
  center?: boolean;
}

/** The spectrum with what `effectiveRank` needs to judge which values are rounding noise. */
export interface BatchSpectrum {
  /** min(n, d) singular values, descending. */
  singularValues: Float64Array;
  /** Frobenius norm of the batch before centring. */
  frobeniusNorm: number;
  n: number;
  d: number;
}

export function batchSpectrum(where: string, z: Features, options: SpectrumOptions = {}): BatchSpectrum {
  const [n, d] = checkMetricInput(where, 'z', z, 1);
  const values = z instanceof tf.Tensor ? z.dataSync() : z.vectors;
  const matrix = new Matrix(n, d);
  let sumOfSquares = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = values[i * d + j];
      if (!Number.isFinite(v)) throw new RangeError(`${where}: z[${i}, ${j}] is ${v}`);
      matrix.set(i, j, v);
      sumOfSquares += v * v;
    }
  }
  if (options.center ?? true) matrix.subRowVector(matrix.mean('column'));
  const svd = new SingularValueDecomposition(matrix, {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  const singular = Float64Array.from(svd.diagonal.slice(0, Math.min(n, d)), (s) => Math.max(s, 0))
    .sort()
    .reverse();
  return { singularValues: singular, frobeniusNorm: Math.sqrt(sumOfSquares), n, d };
}

/**
 * @param z [n, d] embeddings: a tensor (read back, not disposed) or a FeatureArray
 * @returns the min(n, d) singular values, descending
 */
export function singularValues(z: Features, options: SpectrumOptions = {}): Float64Array {
  return batchSpectrum('singularValues', z, options).singularValues;
}
