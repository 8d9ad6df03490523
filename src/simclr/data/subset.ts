/**
 * Picking and splitting images of an `ImageDataset`: an index subset (copying pixels and labels)
 * and a seeded random train/held-out split, e.g. to make a validation set from a training set.
 */
import { Random } from '../random';
import type { ImageDataset } from './dataset';

/** The images at `indices`, in that order, as a new dataset sharing no memory with `dataset`. */
export function subset(dataset: ImageDataset, indices: ArrayLike<number>, name = dataset.name): ImageDataset {
  const [n, h, w, c] = dataset.shape;
  const size = h * w * c;
  const pixels = new Uint8Array(indices.length * size);
  const labels = dataset.labels ? new Int32Array(indices.length) : undefined;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RangeError(`subset: index ${index} is outside ${dataset.name} (0..${n - 1})`);
    }
    pixels.set(dataset.pixels.subarray(index * size, (index + 1) * size), i * size);
    if (labels && dataset.labels) labels[i] = dataset.labels[index];
  }
  return { ...dataset, name, pixels, shape: [indices.length, h, w, c], labels };
}

export interface SplitOptions {
  /** Fraction of images in the first part, in [0, 1]. */
  fraction: number;
  /** Shuffle seed; the same seed gives the same split. */
  seed?: number;
}

/**
 * Splits `dataset` at random into two disjoint parts covering it: `first` holds
 * round(fraction * n) images, `second` the rest.
 */
export function splitDataset(
  dataset: ImageDataset,
  options: SplitOptions,
): { first: ImageDataset; second: ImageDataset } {
  const { fraction, seed = 0 } = options;
  if (!(fraction >= 0 && fraction <= 1))
    throw new RangeError(`splitDataset: fraction must be in [0, 1], got ${fraction}`);
  const n = dataset.shape[0];
  const order = new Random(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  const cut = Math.round(fraction * n);
  return {
    first: subset(dataset, order.subarray(0, cut), `${dataset.name}[split ${fraction}]`),
    second: subset(
      dataset,
      order.subarray(cut),
      `${dataset.name}[split ${(1 - fraction).toFixed(3).replace(/\.?0+$/, '')}]`,
    ),
  };
}
