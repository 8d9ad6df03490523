/**
 * Uniformity (Wang & Isola 2020, arXiv:2005.10242, eq. 5): how evenly the l2-normalised rows
 * x = z/||z|| spread over the sphere, the log of the mean Gaussian potential over distinct pairs,
 *
 *   L_uniform = log mean_{i != j} exp(-t ||x_i - x_j||^2),    t default 2; in [-4t, 0], lower is better.
 *
 * (The mean over ordered pairs i != j equals the paper's mean over i < j.) 0 when every row is the
 * same vector (collapse). Numerics: log-sum-exp over the pairs, so the exponent never underflows
 * to log(0) for large t; squared distances 2 - 2 x.y are clamped at 0 against rounding.
 */
import { tf } from '../tf';
import { l2Normalize } from '../losses/ntXent';
import { featureTensor, type Features } from '../eval/features';
import { checkMetricInput } from './metricInput';

export interface UniformityOptions {
  /** Scale of the Gaussian potential. Default 2 (the paper's). */
  t?: number;
}

/**
 * @param z [n, d] embeddings, n >= 2
 * @returns log mean over distinct pairs of exp(-t ||x_i - x_j||^2)
 */
export function uniformity(z: Features, options: UniformityOptions = {}): number {
  const where = 'uniformity';
  const [n] = checkMetricInput(where, 'z', z, 2);
  const t = options.t ?? 2;
  if (typeof t !== 'number' || !(t > 0) || !Number.isFinite(t))
    throw new RangeError(`${where}: t must be a positive finite number, got ${t}`);
  const { tensor, owned } = featureTensor(where, z);
  try {
    return tf.tidy(() => {
      const x = l2Normalize(tensor);
      const squared = tf.relu(tf.sub(2, tf.mul(2, tf.matMul(x, x, false, true)))); // [n, n]
      // The diagonal goes at least 100 below every pair's exponent (all lie in [-4t, 0]): exp() of it is 0 next to the maximum.
      const exponents = tf.sub(tf.mul(squared, -t), tf.mul(tf.eye(n), 4 * t + 100));
      return tf.sub(tf.logSumExp(exponents), Math.log(n * (n - 1))).dataSync()[0];
    });
  } finally {
    if (owned) tensor.dispose();
  }
}
