/**
 * The Barlow Twins loss (Zbontar et al. 2021, "Barlow Twins: Self-Supervised Learning via
 * Redundancy Reduction", arXiv:2103.03230, eq. 1):
 *
 *   C = zn1^T zn2 / N                                  [D, D] cross-correlation of the two views
 *   L = sum_i (1 - C_ii)^2 + lambda * sum_{i != j} C_ij^2
 *
 * where zn is z standardised per column over the batch of N. The normalisation, exactly:
 * - default, as the authors' code (facebookresearch/barlowtwins main.py, BatchNorm1d(affine=False) in
 *   training mode): zn = (z - mean) / sqrt(var_biased + 1e-5), var_biased = sum (z - mean)^2 / N.
 *   C is then the Pearson cross-correlation matrix (C_ii = 1 for identical views, up to the epsilon).
 * - `unbiasedStd: true`, as the paper's algorithm 1 (torch's default std): var = sum (z - mean)^2 / (N - 1),
 *   still divided by N in C, so C_ii = (N - 1) / N for identical views. The same 1e-5 is added to
 *   the variance (algorithm 1 has none and gives NaN for a constant column).
 * lambda defaults to 5e-3 (the paper; the reference code's default is 0.0051).
 *
 * Numerics: the epsilon keeps a constant (collapsed) column finite, value and gradient; the
 * off-diagonal sum is masked, not computed as sum(C^2) - sum(diag^2), so it does not cancel.
 */
import { tf } from '../tf';
import { checkSameMatrices } from './lossInputs';

export interface BarlowTwinsOptions {
  /** Weight of the redundancy-reduction (off-diagonal) term. Default 5e-3. */
  lambda?: number;
  /** Standardise with the unbiased (N - 1) variance of the paper's algorithm 1 instead of the reference code's biased one. Default false. */
  unbiasedStd?: boolean;
}

/** Added to the per-column variance before the square root, as BatchNorm1d's eps. */
export const BARLOW_TWINS_VARIANCE_EPSILON = 1e-5;

/**
 * @param z1 [N, D] projections of the first view, N >= 2
 * @param z2 [N, D] projections of the second view (row i is the same image as row i of z1)
 * @returns scalar >= 0: invariance term + lambda * redundancy-reduction term
 */
export function barlowTwinsLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, options: BarlowTwinsOptions = {}): tf.Scalar {
  const where = 'barlowTwinsLoss';
  checkSameMatrices(where, ['z1', 'z2'], z1, z2, 2);
  const lambda = options.lambda ?? 5e-3;
  if (typeof lambda !== 'number' || !(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new RangeError(`${where}: lambda must be a finite number >= 0, got ${lambda}`);
  }
  const [n, d] = z1.shape;
  const varianceDivisor = options.unbiasedStd ? n - 1 : n;
  return tf.tidy(() => {
    const standardise = (z: tf.Tensor2D) => {
      const centred = tf.sub(z, tf.mean(z, 0, true));
      const variance = tf.div(tf.sum(tf.square(centred), 0, true), varianceDivisor);
      return tf.mul(centred, tf.rsqrt(tf.add(variance, BARLOW_TWINS_VARIANCE_EPSILON)));
    };
    const a = standardise(z1),
      b = standardise(z2);
    const c = tf.div(tf.matMul(a, b, true, false), n); // [D, D]
    const diagonal = tf.div(tf.sum(tf.mul(a, b), 0), n); // [D], C_ii without extracting it from C
    const invariance = tf.sum(tf.square(tf.sub(diagonal, 1)));
    const redundancy = tf.sum(tf.mul(tf.square(c), tf.sub(1, tf.eye(d))));
    return tf.add(invariance, tf.mul(lambda, redundancy)) as tf.Scalar;
  });
}
