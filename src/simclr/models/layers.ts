/**
 * Building blocks shared by the encoders and the projection head: seeded initialisers and
 * conv -> (batch norm) -> (ReLU) units on NHWC tensors. Seeds come from one `Random` per model, so
 * a model seed fixes every initial weight (tfjs initialisers are deterministic for a given seed).
 */
import { tf } from '../tf';
import type { Random } from '../random';
import { batchNormalization } from './batchNormalization';

export type Initializer = ReturnType<typeof tf.initializers.heNormal>;

/** He-normal (fan-in) initialiser with a seed drawn from `rng`: the usual choice before ReLU. */
export function heNormal(rng: Random): Initializer {
  return tf.initializers.heNormal({ seed: rng.seed() });
}

/** Glorot-uniform initialiser with a seed drawn from `rng` (the Keras default for dense layers). */
export function glorotUniform(rng: Random): Initializer {
  return tf.initializers.glorotUniform({ seed: rng.seed() });
}

/** Throws unless `width` is a positive multiple of 8 (XNNPACK's channel blocking wants that). */
export function checkWidth(width: number, what: string): void {
  if (!Number.isInteger(width) || width <= 0 || width % 8 !== 0) {
    throw new RangeError(`${what} must be a positive multiple of 8, got ${width}`);
  }
}

export interface ConvUnitOptions {
  filters: number;
  kernelSize: number;
  strides: number;
  batchNorm: boolean;
  relu: boolean;
}

/**
 * conv (k x k, 'same' padding) -> batch norm -> ReLU, each optional part per `options`.
 * With batch norm the conv has no bias (BN's beta replaces it).
 * @param x [B, H, W, Cin] symbolic tensor
 * @returns [B, ceil(H/s), ceil(W/s), filters]
 */
export function convUnit(x: tf.SymbolicTensor, options: ConvUnitOptions, rng: Random): tf.SymbolicTensor {
  let y = tf.layers
    .conv2d({
      filters: options.filters,
      kernelSize: options.kernelSize,
      strides: options.strides,
      padding: 'same',
      useBias: !options.batchNorm,
      kernelInitializer: heNormal(rng),
      biasInitializer: 'zeros',
    })
    .apply(x) as tf.SymbolicTensor;
  // momentum 0.9 as in the probe and PyTorch's default (0.1 there means the same thing).
  if (options.batchNorm) y = batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(y) as tf.SymbolicTensor;
  if (options.relu) y = tf.layers.reLU().apply(y) as tf.SymbolicTensor;
  return y;
}

/** Channel count of a symbolic NHWC or [B, D] tensor. */
export function channels(x: tf.SymbolicTensor): number {
  const c = x.shape[x.shape.length - 1];
  if (c == null) throw new Error('channel dimension must be known');
  return c;
}

/** Throws unless `shape` is a valid [height, width, channels] input shape. */
export function checkInputShape(shape: readonly number[], what: string): void {
  if (shape.length !== 3 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new RangeError(`${what} must be [height, width, channels] of positive integers, got [${shape.join(', ')}]`);
  }
}
