/**
 * Features of a whole dataset from a frozen encoder, in batches, without gradients: the first step
 * of the linear-evaluation protocol (Chen et al. 2020, SimCLR, sec. 4 / appendix B.5) and of kNN
 * monitoring (Wu et al. 2018, InstDisc). Batches are read back to JS as they finish, so tensor
 * memory stays one batch whatever the dataset size.
 */
import { currentRunContext } from '../context';
import { datasetSize, imageBatch, type ImageDataset } from '../data/dataset';
import { tf } from '../tf';

/**
 * Anything that maps images [b, h, w, c] in [0, 1] to features [b, dim]: a function, a
 * tf.LayersModel, an object with `.embed` (the SimCLR model's representation, on its folded
 * inference path) or with `.encoder` (evaluated before any head).
 */
export type Encoder =
  | ((x: tf.Tensor4D) => tf.Tensor)
  | { predict(x: tf.Tensor4D): tf.Tensor | tf.Tensor[] }
  | { embed(x: tf.Tensor4D): tf.Tensor }
  | { encoder: { predict(x: tf.Tensor4D): tf.Tensor | tf.Tensor[] } };

export interface EmbedOptions {
  /** Images per forward pass. Default 256. */
  batchSize?: number;
  /** Called after each batch with (images done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Default: the ambient run context's signal. */
  signal?: AbortSignal;
}

/** Runs the encoder once; a tf.LayersModel is called in inference mode (batch norm uses moving stats). */
export function encode(encoder: Encoder, x: tf.Tensor4D): tf.Tensor2D {
  return tf.tidy(() => {
    let out: tf.Tensor | tf.Tensor[];
    // `.embed`, then `.encoder`: a SimCLR model is evaluated on its representation, never its projection.
    if (typeof encoder === 'function') out = encoder(x);
    else if ('embed' in encoder && typeof encoder.embed === 'function') out = encoder.embed(x);
    else if ('encoder' in encoder && typeof encoder.encoder?.predict === 'function') out = encoder.encoder.predict(x);
    else if ('predict' in encoder && typeof encoder.predict === 'function') out = encoder.predict(x);
    else
      throw new TypeError(
        'embedDataset: the encoder must be a function, have predict(), embed() or .encoder.predict()',
      );
    const y = Array.isArray(out) ? out[0] : out;
    if (y.shape[0] !== x.shape[0])
      throw new RangeError(`embedDataset: the encoder returned ${y.shape[0]} rows for ${x.shape[0]} images`);
    return tf.reshape(y, [x.shape[0], -1]) as tf.Tensor2D;
  });
}

/**
 * Features of every image of `dataset`.
 * @returns [n, dim] float32 tensor (the caller disposes it)
 */
export async function embedDataset(
  encoder: Encoder,
  dataset: ImageDataset,
  options: EmbedOptions = {},
): Promise<tf.Tensor2D> {
  const { vectors, n, dim } = await embedDatasetArray(encoder, dataset, options);
  return tf.tensor2d(vectors, [n, dim]);
}

/** Same as `embedDataset`, as row-major values in JS memory (no tensor left behind). */
export async function embedDatasetArray(
  encoder: Encoder,
  dataset: ImageDataset,
  options: EmbedOptions = {},
): Promise<{ vectors: Float32Array; n: number; dim: number }> {
  const n = datasetSize(dataset);
  const batchSize = options.batchSize ?? 256;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError(`embedDataset: batchSize must be a positive integer, got ${batchSize}`);
  if (n === 0) throw new RangeError(`embedDataset: ${dataset.name} has no images`);
  const signal = options.signal ?? currentRunContext().signal;
  let vectors = new Float32Array(0);
  let dim = 0;
  for (let start = 0; start < n; start += batchSize) {
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('embedDataset: aborted');
    const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const features = tf.tidy(() => encode(encoder, imageBatch(dataset, indices)));
    const values = (await features.data()) as Float32Array;
    if (start === 0) {
      dim = features.shape[1];
      vectors = new Float32Array(n * dim);
    }
    features.dispose();
    vectors.set(values, start * dim);
    options.onProgress?.(start + indices.length, n);
  }
  return { vectors, n, dim };
}
