/**
 * Floating-point operations of a model, counted from its layer shapes (no tensor is computed):
 * what the benchmark divides by a step's time to get achieved GFLOP/s, and what the roofline
 * compares with bytes moved.
 *
 * What is counted, per image, forward:
 * - Conv2D: 2 * k * k * Cin * Cout * Hout * Wout (a multiply-add is 2 FLOPs), + Hout * Wout * Cout for a bias.
 * - Dense: 2 * in * out, + out for a bias, + out for a ReLU activation.
 * - BatchNormalization (training): 4 per element: the statistics (sum and sum of squares) and the
 *   normalisation as one multiply-add per element (a * x + b, with a and b per channel).
 * - ReLU, Add (per input after the first), GlobalAveragePooling2D: 1 per output (or input) element.
 * Backward = 2 x forward: one product for the input gradient and one for the weight gradient of every
 * conv and dense layer (and about twice the element-wise work). The first layer's input gradient is
 * not computed (the images are no variable), so it costs 1 x forward there.
 * Not counted: the loss (NT-Xent is 8 * B * P FLOPs per image, under 0.1% here), the optimiser
 * (~10 FLOPs per parameter per step), data movement (padding, concatenation, transposes).
 */
import type { tf } from '../tf';

/** One layer's share: forward FLOPs per image, and the float32 values it reads and writes. */
export interface LayerFlops {
  name: string;
  /** tfjs-layers class name ('Conv2D', 'Dense', ...). */
  kind: string;
  /** FLOPs of the forward pass for one image. */
  forward: number;
  /** Of `forward`, the FLOPs of multiply-adds in convolutions and dense layers (what peak FLOP/s counts). */
  multiplyAdd: number;
  /** The output's shape for one image ([H, W, C] or [D]). */
  outputShape: number[];
  /** Input and output values per image, and weight values (shared by the batch). */
  inputElements: number;
  outputElements: number;
  weightElements: number;
  /** True for the first parameterised layer after the input (no input gradient in training). */
  first: boolean;
}

export interface ModelFlops {
  layers: LayerFlops[];
  /** Forward FLOPs per image (training mode: batch norm computes its statistics). */
  forward: number;
  /** Forward + backward FLOPs per image of one training pass. */
  training: number;
}

type Shape = (number | null)[];

const product = (shape: Shape): number => shape.slice(1).reduce((a: number, d) => a * (d ?? 1), 1);

function shapesOf(value: Shape | Shape[]): Shape[] {
  return Array.isArray(value[0]) ? (value as Shape[]) : [value as Shape];
}

/** Counts one layer; throws for a class it does not know, so a new layer is never silently free. */
function countLayer(layer: tf.layers.Layer, first: boolean): LayerFlops {
  const kind = layer.getClassName();
  // The shapes of the layer's first call (layer.inputShape is unset on layers of a functional model).
  const inputs = kind === 'InputLayer' ? [] : shapesOf(layer.inboundNodes[0].inputShapes as Shape | Shape[]);
  const output = shapesOf(layer.outputShape as Shape | Shape[])[0];
  const inputElements = inputs.reduce((s, shape) => s + product(shape), 0);
  const outputElements = product(output);
  const weightElements = layer.weights.reduce((s, w) => s + w.shape.reduce((a: number, d) => a * (d ?? 1), 1), 0);
  const config = layer.getConfig();
  let multiplyAdd = 0,
    other = 0;
  switch (kind) {
    case 'InputLayer':
      break;
    case 'Conv2D': {
      const [kh, kw] = config.kernelSize as number[];
      const cin = inputs[0][3] as number;
      multiplyAdd = 2 * kh * kw * cin * outputElements;
      if (config.useBias) other = outputElements;
      break;
    }
    case 'Dense': {
      multiplyAdd = 2 * inputElements * outputElements;
      other = (config.useBias ? outputElements : 0) + (config.activation === 'relu' ? outputElements : 0);
      if (config.activation !== 'relu' && config.activation !== 'linear')
        throw new Error(`countModelFlops: Dense activation '${String(config.activation)}' is not counted`);
      break;
    }
    case 'BatchNormalization':
      other = 4 * outputElements;
      break;
    case 'ReLU':
      other = outputElements;
      break;
    case 'Add':
      other = outputElements * (inputs.length - 1);
      break;
    case 'GlobalAveragePooling2D':
      other = inputElements;
      break;
    default:
      throw new Error(`countModelFlops: no FLOP count for layer class '${kind}' (${layer.name})`);
  }
  return {
    name: layer.name,
    kind,
    forward: multiplyAdd + other,
    multiplyAdd,
    outputShape: output.slice(1).map((d) => d ?? 1),
    inputElements,
    outputElements,
    weightElements,
    first,
  };
}

/**
 * FLOPs per image of a functional model (the encoder or the head), layer by layer.
 * `hasInputGradient`: whether training differentiates the model's input (true for a head fed by an
 * encoder, false for the encoder fed by images: then its first conv's input gradient is skipped).
 */
export function countModelFlops(model: tf.LayersModel, hasInputGradient = false): ModelFlops {
  let seenWeights = hasInputGradient;
  const layers = model.layers.map((layer) => {
    const first = !seenWeights && layer.weights.length > 0;
    if (first) seenWeights = true;
    return countLayer(layer, first);
  });
  const forward = layers.reduce((s, l) => s + l.forward, 0);
  const backward = layers.reduce((s, l) => s + (l.first ? l.forward : 2 * l.forward), 0);
  return { layers, forward, training: forward + backward };
}

/**
 * The benchmark's FLOP counts for a SimCLR model.
 * - inferencePerImage: the encoder's forward pass as `embed` runs it (batch norm folded into the
 *   convs: what is left of it is a bias add);
 * - trainingPerImage: per source image of a training step, i.e. two views, each through encoder and
 *   head forward and backward.
 */
export function simclrFlops(model: { encoder: tf.LayersModel; head: tf.LayersModel }): {
  encoder: ModelFlops;
  head: ModelFlops;
  inferencePerImage: number;
  trainingPerImage: number;
} {
  const encoder = countModelFlops(model.encoder);
  const head = countModelFlops(model.head, true);
  // Folded, batch norm is the conv's bias: 1 FLOP per element instead of 4.
  const inferencePerImage = encoder.layers.reduce(
    (s, l) => s + (l.kind === 'BatchNormalization' ? l.outputElements : l.forward),
    0,
  );
  return { encoder, head, inferencePerImage, trainingPerImage: 2 * (encoder.training + head.training) };
}

/**
 * Arithmetic intensity (FLOPs per byte of DRAM traffic, float32) of a layer's forward pass on a
 * batch, assuming each input, output and weight value crosses memory once: the roofline's x axis.
 */
export function arithmeticIntensity(layer: LayerFlops, batch: number): number {
  const bytes = 4 * (batch * (layer.inputElements + layer.outputElements) + layer.weightElements);
  return (batch * layer.forward) / bytes;
}
