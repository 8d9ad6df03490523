/**
 * A small convolutional text encoder for captions: token embeddings, a few 1-D convolutions with
 * ReLU (each sees `kernelSize` neighbouring words, so word order counts locally), then the mean
 * over the real (non-padding) positions. CLIP uses a transformer (Radford et al. 2021,
 * arXiv:2103.00020 section 2.4); for captions of a dozen words from a vocabulary of ~100, a
 * convolutional encoder trains in seconds on a laptop and learns the same kind of map.
 *
 * The embedding is a bias-free dense layer on one-hot tokens rather than a gather: the gather's
 * gradient needs UnsortedSegmentSum, which the wasm backend lacks; for small vocabularies the
 * matrix product costs nothing extra.
 */
import { tf } from '../tf';
import { Random } from '../random';
import { glorotUniform, heNormal } from '../models/layers';
import { PAD_ID } from './wordTokenizer';

export interface TextEncoderConfig {
  vocabularySize: number;
  maxLength: number;
  /** Embedding and convolution width; the representation size. */
  width: number;
  /** Number of convolution layers. */
  layers: number;
  kernelSize: number;
}

export const defaultTextEncoderConfig: Omit<TextEncoderConfig, 'vocabularySize' | 'maxLength'> = {
  width: 128,
  layers: 2,
  kernelSize: 3,
};

/** Checks every field; errors name it. */
export function checkTextEncoderConfig(c: TextEncoderConfig): TextEncoderConfig {
  for (const key of ['vocabularySize', 'maxLength', 'width', 'layers', 'kernelSize'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1)
      throw new RangeError(`text encoder ${key} must be a positive integer, got ${c[key]}`);
  }
  return c;
}

/**
 * The per-position network.
 * @returns a LayersModel mapping one-hot tokens [B, maxLength, vocabularySize] to [B, maxLength, width]
 */
export function createTextEncoder(config: TextEncoderConfig, seed = 0): tf.LayersModel {
  const c = checkTextEncoderConfig(config);
  const rng = new Random(seed);
  const input = tf.input({ shape: [c.maxLength, c.vocabularySize] });
  let x = tf.layers
    .dense({ units: c.width, useBias: false, kernelInitializer: glorotUniform(rng), name: 'token_embedding' })
    .apply(input) as tf.SymbolicTensor;
  for (let i = 0; i < c.layers; i++) {
    x = tf.layers
      .conv1d({
        filters: c.width,
        kernelSize: c.kernelSize,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: heNormal(rng),
      })
      .apply(x) as tf.SymbolicTensor;
  }
  return tf.model({ inputs: input, outputs: x, name: 'text_encoder' });
}

/**
 * Text representations: the encoder's outputs averaged over the non-padding positions.
 * @param tokens [B, maxLength] int32 ids (0 = padding)
 * @returns [B, width]
 */
export function encodeText(
  encoder: tf.LayersModel,
  tokens: tf.Tensor2D,
  vocabularySize: number,
  training = false,
): tf.Tensor2D {
  return tf.tidy(() => {
    const perPosition = encoder.apply(tf.oneHot(tokens, vocabularySize).toFloat(), { training }) as tf.Tensor3D;
    const mask = tf.notEqual(tokens, PAD_ID).toFloat().expandDims(2); // [B, L, 1]
    const count = tf.maximum(tf.sum(mask, 1), 1); // an empty caption gives a zero vector, not NaN
    return tf.div(tf.sum(tf.mul(perPosition, mask), 1), count) as tf.Tensor2D;
  });
}
