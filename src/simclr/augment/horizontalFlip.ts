/**
 * Random horizontal flip (Chen et al. 2020, arXiv:2002.05709, appendix A: crops are taken "with
 * random flip", p = 0.5): mirrors the chosen images left-right.
 */
import { tf } from '../tf';
import { blend, checkImages, checkProbability, drawPerImage, toRandom, type RandomSource } from './common';

export interface HorizontalFlipOptions {
  /** Probability of flipping each image. */
  p: number;
}

export const DEFAULT_FLIP: HorizontalFlipOptions = { p: 0.5 };

/**
 * Flips each image left-right with probability p.
 * @param images [B, H, W, C]
 * @returns [B, H, W, C]
 */
export function horizontalFlip(
  images: tf.Tensor4D,
  options: Partial<HorizontalFlipOptions> = {},
  random: RandomSource = 0,
): tf.Tensor4D {
  const [b] = checkImages(images, 'horizontalFlip');
  const p = checkProbability({ ...DEFAULT_FLIP, ...options }.p, 'horizontalFlip: p');
  const coins = drawPerImage(toRandom(random), b, p, () => {});
  return tf.tidy(() => (coins.count === 0 ? images.clone() : blend(coins, tf.image.flipLeftRight(images), images)));
}
