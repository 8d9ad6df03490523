/**
 * NT-Xent, the normalised temperature-scaled cross-entropy loss of SimCLR (Chen et al. 2020,
 * arXiv:2002.05709, eq. 1), averaged over all 2N anchors as in the paper's algorithm 1:
 *
 *   l(i, j) = -log( exp(sim(z_i, z_j) / T) / sum_{k != i} exp(sim(z_i, z_k) / T) ),
 *
 * with sim the cosine similarity and (i, j) the two views of one image.
 *
 * Numerics: cosine similarities lie in [-1, 1], so logits s/T lie in [-1/T, 1/T]. The diagonal
 * (self-similarity) is pushed to -(1/T + 100) by subtracting a constant, at least 100 below every
 * other logit of its row, so exp() of it underflows to 0 relative to the row maximum for every T.
 * A fixed -1e9 also works in float32, but a mask relative to 1/T stays exact for any T and never
 * creates inf/NaN in a gradient. log-sum-exp subtracts the row maximum (tf.logSumExp).
 */
import { tf } from '../tf';

/**
 * @param z1 [N, D] projections of the first view of each image
 * @param z2 [N, D] projections of the second view (row i of z2 is the positive of row i of z1)
 * @param temperature T > 0 (SimCLR uses 0.1-0.5)
 * @returns scalar: mean over the 2N anchors of -log softmax probability of the positive
 */
export function ntXentLoss(z1: tf.Tensor2D, z2: tf.Tensor2D, temperature = 0.5): tf.Scalar {
  if (z1.rank !== 2 || z2.rank !== 2 || z1.shape[0] !== z2.shape[0] || z1.shape[1] !== z2.shape[1]) {
    throw new RangeError(
      `ntXentLoss: z1 and z2 must both be [N, D] with the same shape, got [${z1.shape}] and [${z2.shape}]`,
    );
  }
  if (z1.shape[0] < 1) throw new RangeError('ntXentLoss: needs at least one pair (N >= 1)');
  if (!(temperature > 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`ntXentLoss: temperature must be a positive finite number, got ${temperature}`);
  }
  const n = z1.shape[0];
  return tf.tidy(() => {
    const z = l2Normalize(tf.concat([z1, z2], 0)); // [2N, D]
    const cosine = tf.matMul(z, z, false, true); // [2N, 2N]
    const mask = tf.mul(tf.eye(2 * n), 2 / temperature + 100); // diagonal -> -(1/T + 100) at most
    const logits = tf.sub(tf.div(cosine, temperature), mask);
    const logNormalizer = tf.logSumExp(logits, 1); // [2N]
    // Positive logits: sim(z1_i, z2_i)/T, the same for anchor i and anchor i + N.
    const half = tf.div(tf.sum(tf.mul(z.slice([0, 0], [n, -1]), z.slice([n, 0], [n, -1])), 1), temperature); // [N]
    return tf.sub(tf.mean(logNormalizer), tf.mean(half)) as tf.Scalar;
  });
}

/**
 * Rows scaled to unit L2 norm; a zero row stays zero (norm clamped at 1e-12, as PyTorch's F.normalize).
 * @param x [M, D] -> [M, D]
 */
export function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.maximum(tf.sum(tf.square(x), 1, true), 1e-24))) as tf.Tensor2D);
}
