/**
 * Alignment (Wang & Isola 2020, "Understanding Contrastive Representation Learning through
 * Alignment and Uniformity on the Hypersphere", arXiv:2005.10242, eq. 4): how close the two views
 * of one image land, on l2-normalised rows x = z1/||z1||, y = z2/||z2||,
 *
 *   L_align = mean_i ||x_i - y_i||_2^alpha,    alpha default 2; in [0, 2^alpha], lower is better.
 *
 * The distance is computed from the differences (not as 2 - 2 cos), so it is >= 0 and exact near 0.
 */
import { tf } from '../tf';
import { l2Normalize } from '../losses/ntXent';
import { featureTensor, type Features } from '../eval/features';
import { checkSameShape } from './metricInput';

export interface AlignmentOptions {
  /** Power of the distance. Default 2 (the paper's). */
  alpha?: number;
}

/**
 * @param z1 [n, d] embeddings of the first views; @param z2 [n, d] of the second (row i pairs with row i)
 * @returns mean over pairs of ||x_i - y_i||^alpha on the unit sphere
 */
export function alignment(z1: Features, z2: Features, options: AlignmentOptions = {}): number {
  const where = 'alignment';
  checkSameShape(where, z1, z2, 1);
  const alpha = options.alpha ?? 2;
  if (typeof alpha !== 'number' || !(alpha > 0) || !Number.isFinite(alpha))
    throw new RangeError(`${where}: alpha must be a positive finite number, got ${alpha}`);
  const a = featureTensor(where, z1),
    b = featureTensor(where, z2);
  try {
    return tf.tidy(() => {
      const squared = tf.sum(tf.square(tf.sub(l2Normalize(a.tensor), l2Normalize(b.tensor))), 1); // [n]
      return tf.mean(tf.pow(squared, alpha / 2)).dataSync()[0];
    });
  } finally {
    if (a.owned) a.tensor.dispose();
    if (b.owned) b.tensor.dispose();
  }
}
