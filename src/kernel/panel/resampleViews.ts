/**
 * New augmented views of one published source image, with the panel's parameter overrides: the
 * augmentation explorer's "resample" and sliders. Runs the library's augmentation pipeline.
 */
import type { PanelResponse } from '../../protocol/panelMessages';
import type { PublishedAugmentations } from './embeddingStore';

export function resampleViews(source: PublishedAugmentations, index: number, views: number, seed: number, params: Record<string, number>): PanelResponse {
  void views; void seed; void params;
  if (!Number.isInteger(index) || index < 0 || index >= source.n) throw new RangeError(`augment: index ${index} is outside 0..${source.n - 1}`);
  throw new Error('augmentation resampling is not available yet in this kernel build');
}
