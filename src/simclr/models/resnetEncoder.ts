/**
 * A small ResNet-style encoder for 28-32 px images (He et al. 2016, "Deep Residual Learning",
 * arXiv:1512.03385; basic blocks with projection shortcuts), the CIFAR-sized stem SimCLR uses for
 * small images (arXiv:2002.05709 appendix B.9: 3x3 first conv, no max pool).
 * Default: conv3x3-32 + BN + ReLU, stages of widths 32/64/128 with strides 1/2/2 (one basic block
 * each), global average pooling -> 128-d representation. Same architecture as the team's probe and
 * the PyTorch benchmark.
 */
import { tf } from '../tf';
import { Random } from '../random';
import { channels, checkInputShape, checkWidth, convUnit } from './layers';

export interface ResnetEncoderConfig {
  kind: 'resnet';
  /** [height, width, channels] of the input images. */
  inputShape: [number, number, number];
  /** Filters of the 3x3 stem conv. */
  stemWidth: number;
  /** Filters of each residual stage; the last one is the representation size. */
  widths: number[];
  /** Stride of the first block of each stage (same length as `widths`). */
  strides: number[];
  /** Basic blocks per stage. */
  blocksPerStage: number;
  /** Batch norm after every conv (false: convs get biases instead). */
  batchNorm: boolean;
}

export const defaultResnetEncoderConfig: ResnetEncoderConfig = {
  kind: 'resnet',
  inputShape: [28, 28, 1],
  stemWidth: 32,
  widths: [32, 64, 128],
  strides: [1, 2, 2],
  blocksPerStage: 1,
  batchNorm: true,
};

/** Fills defaults and validates; throws a RangeError naming the bad field. */
export function resolveResnetEncoderConfig(config: Partial<ResnetEncoderConfig> = {}): ResnetEncoderConfig {
  const c: ResnetEncoderConfig = { ...defaultResnetEncoderConfig, ...config, kind: 'resnet' };
  if (config.widths && !config.strides) c.strides = config.widths.map((_, i) => (i === 0 ? 1 : 2));
  checkInputShape(c.inputShape, 'resnet encoder inputShape');
  checkWidth(c.stemWidth, 'resnet encoder stemWidth');
  if (c.widths.length === 0) throw new RangeError('resnet encoder widths must name at least one stage');
  c.widths.forEach((w, i) => checkWidth(w, `resnet encoder widths[${i}]`));
  if (c.strides.length !== c.widths.length || c.strides.some((s) => s !== 1 && s !== 2)) {
    throw new RangeError(
      `resnet encoder strides must be 1 or 2, one per stage; got [${c.strides.join(', ')}] for ${c.widths.length} stages`,
    );
  }
  if (!Number.isInteger(c.blocksPerStage) || c.blocksPerStage < 1) {
    throw new RangeError(`resnet encoder blocksPerStage must be a positive integer, got ${c.blocksPerStage}`);
  }
  return c;
}

/**
 * Basic residual block: conv3x3(s)-BN-ReLU-conv3x3-BN, plus the input (through a 1x1 conv + BN
 * when the shape changes), then ReLU.
 * @param x [B, H, W, Cin] -> [B, H/s, W/s, filters]
 */
function basicBlock(
  x: tf.SymbolicTensor,
  filters: number,
  strides: number,
  batchNorm: boolean,
  rng: Random,
): tf.SymbolicTensor {
  let y = convUnit(x, { filters, kernelSize: 3, strides, batchNorm, relu: true }, rng);
  y = convUnit(y, { filters, kernelSize: 3, strides: 1, batchNorm, relu: false }, rng);
  const shortcut =
    strides !== 1 || channels(x) !== filters
      ? convUnit(x, { filters, kernelSize: 1, strides, batchNorm, relu: false }, rng)
      : x;
  const sum = tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor;
  return tf.layers.reLU().apply(sum) as tf.SymbolicTensor;
}

/**
 * Builds the encoder with weights drawn from `seed`.
 * @returns a LayersModel mapping images [B, H, W, C] (values in [0, 1]) to [B, widths.at(-1)]
 */
export function createResnetEncoder(config: Partial<ResnetEncoderConfig> = {}, seed = 0): tf.LayersModel {
  const c = resolveResnetEncoderConfig(config);
  const rng = new Random(seed);
  const input = tf.input({ shape: c.inputShape });
  let x = convUnit(input, { filters: c.stemWidth, kernelSize: 3, strides: 1, batchNorm: c.batchNorm, relu: true }, rng);
  c.widths.forEach((width, stage) => {
    for (let b = 0; b < c.blocksPerStage; b++)
      x = basicBlock(x, width, b === 0 ? c.strides[stage] : 1, c.batchNorm, rng);
  });
  const features = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: features, name: 'resnet_encoder' });
}
