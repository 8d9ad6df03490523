/**
 * The composed SimCLR augmentation (Chen et al. 2020, arXiv:2002.05709, appendix A): random resized
 * crop, horizontal flip, colour jitter, random grayscale, Gaussian blur, in that order, each with
 * per-image parameters from one seeded `Random`, so a seed gives the same views on every backend.
 */
import { tf } from '../tf';
import type { AugmentConfig } from './augmentConfig';
import { colorJitter } from './colorJitter';
import { toRandom, type RandomSource } from './common';
import { gaussianBlur } from './gaussianBlur';
import { horizontalFlip } from './horizontalFlip';
import { randomGrayscale } from './randomGrayscale';
import { randomResizedCrop } from './randomResizedCrop';

/**
 * One random view of each image.
 * @param images [B, H, W, C] float32 in [0, 1], C = 1 or 3
 * @param random a seed or a `Random` (advanced by the draws, so successive calls give new views)
 * @returns [B, H', W', C] in [0, 1] (H' x W' = config.crop.size, default H x W)
 */
export function simclrAugment(images: tf.Tensor4D, config: AugmentConfig, random: RandomSource): tf.Tensor4D {
  const rng = toRandom(random);
  return tf.tidy(() => {
    let x = randomResizedCrop(images, config.crop, rng);
    x = horizontalFlip(x, config.flip, rng);
    x = colorJitter(x, config.colorJitter, rng);
    x = randomGrayscale(x, config.grayscale, rng);
    return gaussianBlur(x, config.blur, rng);
  });
}

/**
 * The two views SimCLR contrasts: two independent draws of the pipeline.
 * @param images [B, H, W, C]
 * @returns two [B, H', W', C] tensors
 */
export function simclrViewPair(
  images: tf.Tensor4D,
  config: AugmentConfig,
  random: RandomSource,
): [tf.Tensor4D, tf.Tensor4D] {
  const rng = toRandom(random);
  const first = simclrAugment(images, config, rng);
  return [first, simclrAugment(images, config, rng)];
}
