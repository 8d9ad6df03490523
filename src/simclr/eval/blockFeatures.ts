/**
 * Features of each block of a frozen encoder, for a linear probe layer by layer: how the classic
 * pretext-task papers show where a network's features are most general (Gidaris et al. 2018,
 * RotNet, arXiv:1803.07728, tables 1 and 5; Zhang et al. 2017, split-brain, and Goyal et al. 2019,
 * "Scaling and Benchmarking Self-Supervised Visual Representation Learning", arXiv:1905.01235,
 * section 3: a linear classifier on each conv block's pooled feature map).
 *
 * A block ends at a ReLU that every path from the input to the output passes through: each stage
 * of the cnn encoder, and the stem and each residual block of the ResNet (a residual block's inner
 * ReLU is bypassed by its shortcut, so it is not a block end). Each block's map [h, w, c] is
 * average-pooled to a g x g grid with g chosen so that g * g * c is near `featureDim` (as Goyal et
 * al. resize every layer's features to a similar size), so early, narrow blocks are not judged on
 * fewer numbers than late, wide ones.
 */
import { tf } from '../tf';

export interface EncoderBlock {
  /** 1-based position from the input. */
  index: number;
  /** The tfjs layer that ends the block. */
  layerName: string;
  /** The block's feature map [height, width, channels]. */
  shape: [number, number, number];
  /** Side g of the pooled grid. */
  grid: number;
  /** Values per image after pooling: g * g * channels. */
  featureDim: number;
  /**
   * The block's pooled features in inference mode (batch norm on its moving statistics).
   * Shares the encoder's weights: it is an evaluation view of the encoder, not a copy.
   * @param images [B, H, W, C] -> [B, featureDim]
   */
  features(images: tf.Tensor4D): tf.Tensor2D;
}

export interface BlockFeatureOptions {
  /** The pooled size to aim for per block. Default 512. */
  featureDim?: number;
}

/** Indices (into `model.layers`) of the layers every input-to-output path passes through. */
function layersOnEveryPath(model: tf.LayersModel): Set<number> {
  const position = new Map(model.layers.map((layer, i) => [layer, i]));
  const bypassed = new Array<boolean>(model.layers.length).fill(false);
  // model.layers is topologically ordered: a layer is on every path unless some edge jumps over it.
  model.layers.forEach((layer, to) => {
    for (const from of layer.inboundNodes[0]?.inboundLayers ?? []) {
      const i = position.get(from);
      if (i !== undefined) for (let k = i + 1; k < to; k++) bypassed[k] = true;
    }
  });
  return new Set(bypassed.flatMap((b, i) => (b ? [] : [i])));
}

/**
 * The blocks of `encoder`, input to output.
 * @param encoder a functional tf.LayersModel from images [B, H, W, C] (the library's cnn or resnet encoder)
 */
export function encoderBlocks(encoder: tf.LayersModel, options: BlockFeatureOptions = {}): EncoderBlock[] {
  const target = options.featureDim ?? 512;
  if (!Number.isInteger(target) || target < 1)
    throw new RangeError(`encoderBlocks: featureDim must be a positive integer, got ${target}`);
  const onEveryPath = layersOnEveryPath(encoder);
  const ends = encoder.layers.filter(
    (layer, i) =>
      onEveryPath.has(i) && layer.getClassName() === 'ReLU' && (layer.output as tf.SymbolicTensor).shape.length === 4,
  );
  if (ends.length === 0)
    throw new RangeError(`encoderBlocks: ${encoder.name} has no ReLU on its main path to end a block at`);
  return ends.map((layer, i) => {
    const [, h, w, c] = (layer.output as tf.SymbolicTensor).shape as number[];
    const grid = Math.max(1, Math.min(h, w, Math.round(Math.sqrt(target / c))));
    const pool = [Math.ceil(h / grid), Math.ceil(w / grid)] as [number, number];
    const side = [Math.ceil(h / pool[0]), Math.ceil(w / pool[1])];
    const upToBlock = tf.model({ inputs: encoder.inputs, outputs: layer.output as tf.SymbolicTensor });
    return {
      index: i + 1,
      layerName: layer.name,
      shape: [h, w, c],
      grid,
      featureDim: side[0] * side[1] * c,
      features: (images: tf.Tensor4D) =>
        tf.tidy(() => {
          const map = upToBlock.predict(images) as tf.Tensor4D;
          return tf.reshape(tf.avgPool(map, pool, pool, 'same'), [images.shape[0], -1]) as tf.Tensor2D;
        }),
    };
  });
}
