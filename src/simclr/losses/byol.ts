/**
 * The BYOL regression loss (Grill et al. 2020, "Bootstrap Your Own Latent", arXiv:2006.07733,
 * eq. 2 and appendix J): the mean squared error of the l2-normalised prediction and target,
 *
 *   L = mean_i || p_i/||p_i|| - z_i/||z_i|| ||^2 = mean_i ( 2 - 2 cos(p_i, z_i) ),
 *
 * computed in the 2 - 2 cos form (as the reference code does), in [0, 4]. BYOL symmetrises by
 * adding the loss with the views swapped, and the target z comes from the momentum (target)
 * network with no gradient: the caller computes it outside the differentiated function.
 *
 * Numerics: zero rows stay zero (norm clamped at 1e-12, as F.normalize); value and gradient finite.
 */
import { tf } from '../tf';
import { meanRowCosine } from './negativeCosineSimilarity';

/**
 * @param p [n, d] online network predictions
 * @param z [n, d] target network projections (no gradient: the caller's)
 * @returns scalar in [0, 4]: mean over rows of 2 - 2 cos(p_i, z_i)
 */
export function byolLoss(p: tf.Tensor2D, z: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.sub(2, tf.mul(2, meanRowCosine('byolLoss', p, z))) as tf.Scalar);
}
