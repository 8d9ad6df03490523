/**
 * The CLIP loss (Radford et al. 2021, "Learning Transferable Visual Models From Natural Language
 * Supervision", arXiv:2103.00020, figure 3), also CLAP's (Elizalde et al. 2023): symmetric InfoNCE
 * over a batch of n matching pairs,
 *
 *   logits = exp(t) * a_n b_n^T                         [n, n], a_n, b_n the l2-normalised rows
 *   L = ( CE(logits, diag) over rows + CE(logits^T, diag) over rows ) / 2,
 *
 * i.e. each a_i must pick b_i among all b, and each b_j must pick a_j among all a. t is the log of
 * the inverse temperature (CLIP learns it, initialised to log(1 / 0.07) = 2.6592, and clamps
 * exp(t) at 100 after each step: that clamp belongs to the training loop, not to this formula).
 *
 * Numerics: logits lie in [-exp(t), exp(t)]; both cross-entropies are log-sum-exp (row or column
 * maximum subtracted) minus the diagonal logit, so nothing overflows for any finite t. Zero rows
 * stay zero (norm clamped at 1e-12, as F.normalize).
 */
import { tf } from '../tf';
import { l2Normalize } from './ntXent';
import { checkSameMatrices } from './lossInputs';

/**
 * @param a [n, d] embeddings of one modality (e.g. images)
 * @param b [n, d] embeddings of the other (e.g. captions); row i of b matches row i of a
 * @param logitScale t: a number, or a scalar tensor (a tf.Variable when it is learned; gradients flow to it)
 * @returns scalar: mean of the a->b and b->a cross-entropies
 */
export function clipLoss(a: tf.Tensor2D, b: tf.Tensor2D, logitScale: number | tf.Scalar): tf.Scalar {
  const where = 'clipLoss';
  checkSameMatrices(where, ['a', 'b'], a, b);
  if (logitScale instanceof tf.Tensor) {
    if (logitScale.rank !== 0)
      throw new RangeError(`${where}: logitScale must be a number or a scalar tensor, got shape [${logitScale.shape}]`);
  } else if (typeof logitScale !== 'number' || !Number.isFinite(logitScale)) {
    throw new RangeError(`${where}: logitScale must be a finite number or a scalar tensor, got ${logitScale}`);
  }
  return tf.tidy(() => {
    const an = l2Normalize(a),
      bn = l2Normalize(b);
    const scale = tf.exp(logitScale);
    const logits = tf.mul(tf.matMul(an, bn, false, true), scale); // [n, n]
    const matching = tf.mul(tf.sum(tf.mul(an, bn), 1), scale); // [n], the diagonal of logits
    const aToB = tf.mean(tf.logSumExp(logits, 1)),
      bToA = tf.mean(tf.logSumExp(logits, 0));
    return tf.sub(tf.div(tf.add(aToB, bToA), 2), tf.mean(matching)) as tf.Scalar;
  });
}
