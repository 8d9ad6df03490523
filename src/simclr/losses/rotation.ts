/**
 * The rotation-prediction loss (Gidaris et al. 2018, "Unsupervised Representation Learning by
 * Predicting Image Rotations", RotNet, arXiv:1803.07728, eq. 1-2): every image is shown at 0, 90,
 * 180 and 270 degrees and the network classifies which rotation it saw,
 *
 *   L = mean_i  -log softmax(logits_i)[r_i],   r_i in {0, 1, 2, 3} (multiples of 90 degrees).
 *
 * Numerics: log-softmax as log-sum-exp (row maximum subtracted) minus the chosen logit, so large
 * logits neither overflow nor lose the loss to log(0).
 */
import { tf } from '../tf';
import { checkMatrix } from './lossInputs';

/** The four rotations RotNet classifies: 0, 90, 180 and 270 degrees. */
export const ROTATION_CLASSES = 4;

/**
 * @param logits [n, 4] unnormalised scores of the rotation classifier
 * @param rotations [n] the rotation index of each row, an integer in 0..3 (quarter turns): a
 *   tf.Tensor1D (int32) or plain numbers
 * @returns scalar: mean cross-entropy over the n rows
 */
export function rotationLoss(logits: tf.Tensor2D, rotations: tf.Tensor1D | ArrayLike<number>): tf.Scalar {
  const where = 'rotationLoss';
  checkMatrix(where, 'logits', logits);
  const n = logits.shape[0];
  if (logits.shape[1] !== ROTATION_CLASSES) {
    throw new RangeError(
      `${where}: logits must be [n, ${ROTATION_CLASSES}] (one score per quarter turn), got [${logits.shape}]`,
    );
  }
  let labels: ArrayLike<number>;
  if (rotations instanceof tf.Tensor) {
    if (rotations.rank !== 1 || rotations.dtype !== 'int32') {
      throw new RangeError(
        `${where}: rotations must be a 1-D int32 tensor [n], got ${rotations.dtype} [${rotations.shape}]`,
      );
    }
    labels = rotations.dataSync();
  } else {
    labels = rotations;
  }
  if (labels.length !== n) throw new RangeError(`${where}: ${labels.length} rotations for ${n} rows of logits`);
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = labels[i];
    if (!Number.isInteger(r) || r < 0 || r >= ROTATION_CLASSES) {
      throw new RangeError(`${where}: rotation ${i} is ${r} (expected an integer in 0..${ROTATION_CLASSES - 1})`);
    }
    indices[i] = r;
  }
  return tf.tidy(() => {
    const chosen = tf.sum(tf.mul(logits, tf.oneHot(tf.tensor1d(indices, 'int32'), ROTATION_CLASSES)), 1); // [n]
    return tf.sub(tf.mean(tf.logSumExp(logits, 1)), tf.mean(chosen)) as tf.Scalar;
  });
}
