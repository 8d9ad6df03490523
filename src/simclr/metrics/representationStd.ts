/**
 * The collapse indicator of SimSiam (Chen & He 2021, arXiv:2011.10566, sec. 4.1 and fig. 2): the
 * standard deviation over the batch of each channel of the l2-normalised outputs z / ||z||,
 * averaged over channels. Outputs spread over the unit sphere give about 1 / sqrt(d) (a Gaussian
 * on the sphere); a collapsed network, every image mapped to one vector, gives 0.
 * Unbiased (N - 1) standard deviation, as torch.std in lightly's std_of_l2_normalized.
 * `isCollapsing` is the one threshold the training events, the progress line and the panel warn at.
 */
import { tf } from '../tf';
import { l2Normalize } from '../losses/ntXent';
import { featureTensor, type Features } from '../eval/features';
import { checkMetricInput } from './metricInput';

/**
 * @param z [n, d] embeddings (n >= 2): a tensor (not disposed) or a FeatureArray
 * @returns mean over the d channels of the std over the n rows of z / ||z||: ~1/sqrt(d) healthy, 0 collapsed
 */
export function representationStd(z: Features): number {
  const where = 'representationStd';
  checkMetricInput(where, 'z', z, 2);
  const { tensor, owned } = featureTensor(where, z);
  try {
    return tf.tidy(() => {
      const normalized = l2Normalize(tensor);
      const centred = tf.sub(normalized, tf.mean(normalized, 0, true));
      const variance = tf.div(tf.sum(tf.square(centred), 0), tensor.shape[0] - 1);
      return tf.mean(tf.sqrt(variance)).dataSync()[0];
    });
  } finally {
    if (owned) tensor.dispose();
  }
}

/**
 * representationStd * sqrt(d) below this means the outputs are collapsing: a spread-out batch gives
 * about 1, a fully collapsed one 0; 0.1 leaves room for the partial dimensional collapse of
 * healthy training (outputs on k of d directions give about sqrt(k / d)) down to k ~ d / 100.
 */
export const COLLAPSE_WARNING_RATIO = 0.1;

/** True when `std` (from representationStd of [n, dim] outputs) is below COLLAPSE_WARNING_RATIO / sqrt(dim). */
export function isCollapsing(std: number, dim: number): boolean {
  if (!Number.isInteger(dim) || dim < 1)
    throw new RangeError(`isCollapsing: dim must be a positive integer, got ${dim}`);
  return std * Math.sqrt(dim) < COLLAPSE_WARNING_RATIO;
}
