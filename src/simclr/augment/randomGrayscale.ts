/**
 * Random grayscale (Chen et al. 2020, arXiv:2002.05709, appendix A: "color drop", p = 0.2): replaces
 * the chosen RGB images by their luma (ITU-R BT.601) in all three channels. 1-channel images are
 * already gray: the op returns them unchanged (still consuming its random draws).
 */
import { tf } from '../tf';
import { blend, checkImages, checkProbability, drawPerImage, luma, toRandom, type RandomSource } from './common';

export interface RandomGrayscaleOptions {
  /** Probability of turning each image gray. */
  p: number;
}

export const DEFAULT_GRAYSCALE: RandomGrayscaleOptions = { p: 0.2 };

/**
 * @param images [B, H, W, C], C = 1 or 3
 * @returns [B, H, W, C]
 */
export function randomGrayscale(
  images: tf.Tensor4D,
  options: Partial<RandomGrayscaleOptions> = {},
  random: RandomSource = 0,
): tf.Tensor4D {
  const [b, , , c] = checkImages(images, 'randomGrayscale', [1, 3]);
  const p = checkProbability({ ...DEFAULT_GRAYSCALE, ...options }.p, 'randomGrayscale: p');
  const coins = drawPerImage(toRandom(random), b, p, () => {});
  if (c === 1 || coins.count === 0) return tf.tidy(() => images.clone());
  return tf.tidy(() => blend(coins, luma(images, 3), images));
}
