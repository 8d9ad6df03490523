/**
 * A plain convolutional encoder (no residual connections): a baseline to compare against the
 * ResNet-style encoder, and the cheaper choice on slow backends. Each stage is conv3x3 (stride 1
 * or 2) + optional BN + ReLU; global average pooling gives the representation.
 * Default: widths 32/64/128 with strides 1/2/2 -> 128-d.
 */
import { tf } from '../tf';
import { Random } from '../random';
import { checkInputShape, checkWidth, convUnit } from './layers';

export interface CnnEncoderConfig {
  kind: 'cnn';
  /** [height, width, channels] of the input images. */
  inputShape: [number, number, number];
  /** Filters of each conv stage; the last one is the representation size. */
  widths: number[];
  /** Stride of each conv stage (same length as `widths`). */
  strides: number[];
  batchNorm: boolean;
}

export const defaultCnnEncoderConfig: CnnEncoderConfig = {
  kind: 'cnn',
  inputShape: [28, 28, 1],
  widths: [32, 64, 128],
  strides: [1, 2, 2],
  batchNorm: true,
};

/** Fills defaults and validates; throws a RangeError naming the bad field. */
export function resolveCnnEncoderConfig(config: Partial<CnnEncoderConfig> = {}): CnnEncoderConfig {
  const c: CnnEncoderConfig = { ...defaultCnnEncoderConfig, ...config, kind: 'cnn' };
  if (config.widths && !config.strides) c.strides = config.widths.map((_, i) => (i === 0 ? 1 : 2));
  checkInputShape(c.inputShape, 'cnn encoder inputShape');
  if (c.widths.length === 0) throw new RangeError('cnn encoder widths must name at least one stage');
  c.widths.forEach((w, i) => checkWidth(w, `cnn encoder widths[${i}]`));
  if (c.strides.length !== c.widths.length || c.strides.some((s) => s !== 1 && s !== 2)) {
    throw new RangeError(
      `cnn encoder strides must be 1 or 2, one per stage; got [${c.strides.join(', ')}] for ${c.widths.length} stages`,
    );
  }
  return c;
}

/**
 * Builds the encoder with weights drawn from `seed`.
 * @returns a LayersModel mapping images [B, H, W, C] (values in [0, 1]) to [B, widths.at(-1)]
 */
export function createCnnEncoder(config: Partial<CnnEncoderConfig> = {}, seed = 0): tf.LayersModel {
  const c = resolveCnnEncoderConfig(config);
  const rng = new Random(seed);
  const input = tf.input({ shape: c.inputShape });
  let x: tf.SymbolicTensor = input;
  c.widths.forEach((filters, i) => {
    x = convUnit(x, { filters, kernelSize: 3, strides: c.strides[i], batchNorm: c.batchNorm, relu: true }, rng);
  });
  const features = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: features, name: 'cnn_encoder' });
}
