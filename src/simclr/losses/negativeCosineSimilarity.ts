/**
 * Negative cosine similarity, the loss of SimSiam (Chen & He 2021, "Exploring Simple Siamese
 * Representation Learning", arXiv:2011.10566, eq. 1 and algorithm 1):
 *
 *   D(p, z) = -mean_i ( p_i / ||p_i|| ) . ( z_i / ||z_i|| ).
 *
 * SimSiam's symmetric loss is D(p1, stopgrad(z2)) / 2 + D(p2, stopgrad(z1)) / 2. The stop-gradient
 * is the caller's: TensorFlow.js has no stop-gradient op, so compute z outside the function given
 * to tf.grads / tf.variableGrads (or pass a tensor that does not depend on the variables). Without
 * it SimSiam collapses (the paper's fig. 2), which is what `representationStd` detects.
 *
 * Numerics: zero rows stay zero (norm clamped at 1e-12, as F.normalize), so the loss and its
 * gradient stay finite; the value lies in [-1, 1].
 */
import { tf } from '../tf';
import { l2Normalize } from './ntXent';
import { checkSameMatrices } from './lossInputs';

/** Mean over rows of the cosine similarity of p_i and z_i: [n, d] x [n, d] -> [n] -> scalar. */
export function meanRowCosine(where: string, p: tf.Tensor2D, z: tf.Tensor2D): tf.Scalar {
  checkSameMatrices(where, ['p', 'z'], p, z);
  return tf.tidy(() => tf.mean(tf.sum(tf.mul(l2Normalize(p), l2Normalize(z)), 1)) as tf.Scalar);
}

/**
 * @param p [n, d] predictions (the predictor's output for one view)
 * @param z [n, d] targets (the projections of the other view; stop-gradient applied by the caller)
 * @returns scalar in [-1, 1]: minus the mean cosine similarity of the rows
 */
export function negativeCosineSimilarity(p: tf.Tensor2D, z: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.neg(meanRowCosine('negativeCosineSimilarity', p, z)));
}
