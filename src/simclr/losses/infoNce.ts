/**
 * InfoNCE with an explicit set of negatives: the loss of MoCo (He et al. 2020, "Momentum Contrast
 * for Unsupervised Visual Representation Learning", arXiv:1911.05722, eq. 1 and algorithm 1; MoCo v2,
 * Chen et al. 2020, arXiv:2003.04297) and of instance discrimination with a memory bank (Wu et al.
 * 2018, InstDisc, full-softmax form), from contrastive predictive coding (van den Oord et al. 2018,
 * arXiv:1807.03748, eq. 4):
 *
 *   L = mean_i  -log( exp(q_i . k_i / T) / ( exp(q_i . k_i / T) + sum_j exp(q_i . n_j / T) ) ),
 *
 * with q, k, n the l2-normalised rows of query, positiveKey and negatives (the queue or bank).
 *
 * Numerics: after normalisation every logit lies in [-1/T, 1/T]; log-sum-exp subtracts the row
 * maximum (tf.logSumExp), so no exp() overflows even at T = 1e-4, and the loss is computed as
 * logSumExp - positive logit, never as the log of a ratio. Zero rows stay zero (norm clamped at
 * 1e-12, as F.normalize).
 */
import { tf } from '../tf';
import { l2Normalize } from './ntXent';
import { checkMatrix, checkPositive, checkSameMatrices } from './lossInputs';

/**
 * @param query [n, d] queries (MoCo: the online encoder's output for one view)
 * @param positiveKey [n, d] row i is the positive of query row i (MoCo: the momentum encoder's output for the other view)
 * @param negatives [k, d] keys every query is contrasted with (MoCo: the queue; InstDisc: the memory bank), k >= 1
 * @param temperature T > 0; default 0.2 (MoCo v2; MoCo v1 and InstDisc use 0.07)
 * @returns scalar: mean over the n queries of -log softmax probability of the positive among 1 + k keys
 */
export function infoNceLoss(
  query: tf.Tensor2D,
  positiveKey: tf.Tensor2D,
  negatives: tf.Tensor2D,
  temperature = 0.2,
): tf.Scalar {
  const where = 'infoNceLoss';
  checkSameMatrices(where, ['query', 'positiveKey'], query, positiveKey);
  checkMatrix(where, 'negatives', negatives);
  if (negatives.shape[1] !== query.shape[1]) {
    throw new RangeError(
      `${where}: negatives must be [k, ${query.shape[1]}] (the width of query), got [${negatives.shape}]`,
    );
  }
  checkPositive(where, 'temperature', temperature);
  return tf.tidy(() => {
    const q = l2Normalize(query);
    const positive = tf.div(tf.sum(tf.mul(q, l2Normalize(positiveKey)), 1, true), temperature); // [n, 1]
    const negative = tf.div(tf.matMul(q, l2Normalize(negatives), false, true), temperature); // [n, k]
    const logNormalizer = tf.logSumExp(tf.concat([positive, negative], 1), 1); // [n]
    return tf.sub(tf.mean(logNormalizer), tf.mean(positive)) as tf.Scalar;
  });
}
