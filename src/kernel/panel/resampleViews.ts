/**
 * New augmented views of one published source image with the panel's parameter overrides: the
 * augmentation explorer's "resample" and sliders, through the library's simclrAugment.
 */
import { MAX_RESAMPLED_VIEWS, type PanelResponse } from '../../protocol/panelMessages';
import { tf } from '../../simclr/tf';
import { Random } from '../../simclr/random';
import { describeAugmentConfig, type AugmentConfig } from '../../simclr/augment/augmentConfig';
import { simclrAugment } from '../../simclr/augment/simclrAugment';
import { applyAugmentParams } from '../display/augmentParams';
import type { PublishedAugmentations } from './embeddingStore';

export function resampleViews(
  source: PublishedAugmentations,
  baseConfig: AugmentConfig,
  index: number,
  views: number,
  seed: number,
  params: Record<string, number>,
): PanelResponse {
  if (!Number.isInteger(index) || index < 0 || index >= source.n)
    throw new RangeError(`augment: index ${index} is outside 0..${source.n - 1}`);
  if (!Number.isInteger(views) || views < 1 || views > MAX_RESAMPLED_VIEWS)
    throw new RangeError(`augment: views must be 1..${MAX_RESAMPLED_VIEWS}, got ${views}`);
  const config = applyAugmentParams(baseConfig, params);
  const [h, w, c] = source.shape;
  const size = h * w * c;
  const pixels = source.images.subarray(index * size, (index + 1) * size);
  const augmented = tf.tidy(() => {
    const image = tf.tensor4d(
      Float32Array.from(pixels, (v) => v / 255),
      [1, h, w, c],
    );
    return simclrAugment(tf.tile(image, [views, 1, 1, 1]) as tf.Tensor4D, config, new Random(seed));
  });
  try {
    const values = augmented.dataSync();
    const bytes = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, values[i])) * 255);
    const [, oh, ow, oc] = augmented.shape;
    return {
      kind: 'augment',
      index,
      views: bytes,
      count: views,
      shape: [oh, ow, oc],
      pipeline: describeAugmentConfig(config),
    };
  } finally {
    augmented.dispose();
  }
}
