/**
 * An in-memory image dataset: what every loader returns and what training, evaluation and the
 * notebook's displays consume. Pixels stay uint8 in JS memory (60k Fashion-MNIST images = 47 MB);
 * batches become float32 tensors in [0, 1] only when used.
 */
import { tf } from '../tf';

export interface ImageDataset {
  /** Short name, e.g. 'fashion-mnist/train'. */
  name: string;
  /** Where the data came from (a folder, a file, or 'embedded subset'), for the user to see. */
  source: string;
  /** Row-major [n, height, width, channels] pixels, 0-255. */
  pixels: Uint8Array;
  /** [n, height, width, channels]. */
  shape: [n: number, height: number, width: number, channels: number];
  /** Class index per image, when known. */
  labels?: Int32Array;
  classNames?: string[];
}

/** Number of images in a dataset. */
export function datasetSize(dataset: ImageDataset): number {
  return dataset.shape[0];
}

/**
 * Images `indices` of `dataset` as a float32 tensor.
 * @returns [indices.length, height, width, channels] in [0, 1]
 */
export function imageBatch(dataset: ImageDataset, indices: ArrayLike<number>): tf.Tensor4D {
  const [n, h, w, c] = dataset.shape;
  const size = h * w * c;
  const out = new Float32Array(indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RangeError(`image index ${index} is outside ${dataset.name} (0..${n - 1})`);
    }
    const from = index * size;
    for (let j = 0; j < size; j++) out[i * size + j] = dataset.pixels[from + j] / 255;
  }
  return tf.tensor4d(out, [indices.length, h, w, c]);
}

/** Labels of images `indices` (throws when the dataset has none). */
export function labelBatch(dataset: ImageDataset, indices: ArrayLike<number>): Int32Array {
  if (!dataset.labels) throw new Error(`${dataset.name} has no labels`);
  const out = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = dataset.labels[indices[i]];
  return out;
}

/** The first `count` images (or fewer), sharing no memory with the original. */
export function takeImages(dataset: ImageDataset, count: number): ImageDataset {
  const [n, h, w, c] = dataset.shape;
  const m = Math.max(0, Math.min(n, Math.floor(count)));
  return {
    ...dataset,
    pixels: dataset.pixels.slice(0, m * h * w * c),
    shape: [m, h, w, c],
    labels: dataset.labels?.slice(0, m),
  };
}
