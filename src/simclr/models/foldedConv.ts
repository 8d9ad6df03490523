/**
 * A conv2d -> batch norm -> ReLU chain of a LayersModel run for inference as one fused convolution,
 * the batch norm's affine map folded into the conv's weights (what TensorFlow's fold_batch_norms
 * and PyTorch's fuse_conv_bn_eval do; Jacob et al. 2018, arXiv:1712.05877 section 3.2):
 *   s  = gamma / sqrt(movingVariance + epsilon)           [Cout]
 *   W' = W * s (per output channel)                        [kh, kw, Cin, Cout]
 *   b' = beta + (b - movingMean) * s                       [Cout]
 *   y  = relu(conv(x, W') + b')  (or linear)
 * Batch norm and ReLU are each optional: a conv with a bias followed by a ReLU layer fuses too.
 *
 * The folded tensors are cached and rebuilt when a source variable changes. tfjs' Variable.assign
 * (every optimiser, LayersModel.setWeights, LayerVariable.write) gives the variable a new dataId,
 * and a tfjs tensor's data never changes under one dataId, so the same dataIds mean the same
 * values: comparing them is cheap and exact. Stable folded tensors also let backends keep state
 * keyed by the filter (the wasm backend's XNNPACK operator cache).
 */
import { tf } from '../tf';

type Layer = tf.layers.Layer;

/** The layers of one foldable chain; `conv` is a channels-last Conv2D with a linear activation. */
export interface ConvChain {
  conv: Layer;
  batchNorm: Layer | null;
  relu: boolean;
}

/** Conv2D that may head a chain: channels-last and no activation of its own (BN must see conv + bias). */
export function isFoldableConv(layer: Layer): boolean {
  if (layer.getClassName() !== 'Conv2D') return false;
  const config = layer.getConfig();
  return (
    config.dataFormat === 'channelsLast' &&
    config.activation === 'linear' &&
    (config.padding === 'same' || config.padding === 'valid')
  );
}

/** Batch norm over the last axis of a rank-4 input (the channels of a channels-last conv). */
export function isFoldableBatchNorm(layer: Layer): boolean {
  if (layer.getClassName() !== 'BatchNormalization') return false;
  const axis = layer.getConfig().axis;
  return axis === -1 || axis === 3;
}

/** ReLU with no cap (a `maxValue` would need relu6 or a clip), or Activation('relu'). */
export function isPlainRelu(layer: Layer): boolean {
  const name = layer.getClassName();
  const config = layer.getConfig();
  if (name === 'ReLU') return config.maxValue == null;
  return name === 'Activation' && config.activation === 'relu';
}

/** The layer's variable whose name ends in `/${suffix}`, or null (e.g. no bias, no gamma). */
function variable(layer: Layer, suffix: string): tf.Variable | null {
  const weight = layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`));
  return weight ? (weight.read() as tf.Variable) : null;
}

interface Folded {
  /** dataIds of the source variables the tensors were computed from. */
  sources: tf.DataId[];
  kernel: tf.Tensor4D;
  bias: tf.Tensor1D | null;
}

export class FoldedConv {
  private readonly strides: [number, number];
  private readonly dilations: [number, number];
  private readonly pad: 'same' | 'valid';
  private readonly epsilon: number;
  private folded: Folded | null = null;

  constructor(readonly chain: ConvChain) {
    if (!isFoldableConv(chain.conv))
      throw new Error(`FoldedConv: ${chain.conv.name} is not a channels-last linear Conv2D`);
    if (chain.batchNorm && !isFoldableBatchNorm(chain.batchNorm))
      throw new Error(`FoldedConv: ${chain.batchNorm.name} is not a last-axis batch norm`);
    const config = chain.conv.getConfig();
    this.strides = config.strides as [number, number];
    this.dilations = config.dilationRate as [number, number];
    this.pad = config.padding as 'same' | 'valid';
    this.epsilon = chain.batchNorm ? (chain.batchNorm.getConfig().epsilon as number) : 0;
  }

  /**
   * @param x [B, H, W, Cin]
   * @returns [B, H', W', Cout]: relu?(batchNorm?(conv(x) + bias)) with the moving statistics
   */
  apply(x: tf.Tensor4D): tf.Tensor4D {
    const { kernel, bias } = this.weights();
    return tf.fused.conv2d({
      x,
      filter: kernel,
      strides: this.strides,
      pad: this.pad,
      dataFormat: 'NHWC',
      dilations: this.dilations,
      bias: bias ?? undefined,
      activation: this.chain.relu ? 'relu' : 'linear',
    });
  }

  /** Frees the cached folded tensors (the layers' own variables are untouched). */
  dispose(): void {
    if (this.folded) tf.dispose([this.folded.kernel, ...(this.folded.bias ? [this.folded.bias] : [])]);
    this.folded = null;
  }

  /** The conv's own weights without batch norm; else the cached fold, rebuilt if a source changed. */
  private weights(): { kernel: tf.Tensor4D; bias: tf.Tensor1D | null } {
    const { conv, batchNorm } = this.chain;
    const kernel = variable(conv, 'kernel') as tf.Variable<tf.Rank.R4>;
    const convBias = variable(conv, 'bias') as tf.Variable<tf.Rank.R1> | null;
    if (!batchNorm) return { kernel, bias: convBias };
    const gamma = variable(batchNorm, 'gamma'),
      beta = variable(batchNorm, 'beta');
    const mean = variable(batchNorm, 'moving_mean'),
      variance = variable(batchNorm, 'moving_variance');
    if (!mean || !variance) throw new Error(`FoldedConv: ${batchNorm.name} has no moving statistics`);
    const sources = [kernel, convBias, gamma, beta, mean, variance].filter((v) => v !== null).map((v) => v.dataId);
    const cached = this.folded;
    if (cached && cached.sources.length === sources.length && cached.sources.every((id, i) => id === sources[i]))
      return cached;
    this.dispose();
    // keep: embed may run inside a caller's tidy, which must not free the cache.
    const fresh = tf.tidy(() => {
      const scale = tf.div(gamma ?? tf.scalar(1), tf.sqrt(tf.add(variance, this.epsilon))) as tf.Tensor1D;
      const shift = convBias ? tf.sub(convBias, mean) : tf.neg(mean);
      const bias = tf.mul(shift, scale);
      return {
        kernel: tf.keep(tf.mul(kernel, scale) as tf.Tensor4D),
        bias: tf.keep((beta ? tf.add(bias, beta) : bias) as tf.Tensor1D),
      };
    });
    this.folded = { sources, ...fresh };
    return fresh;
  }
}
