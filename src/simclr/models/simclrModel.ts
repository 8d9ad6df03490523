/**
 * The SimCLR model (Chen et al. 2020, arXiv:2002.05709 section 2.1): an encoder f(.) giving the
 * representation h = f(x) that downstream tasks evaluate, and a projection head g(.) giving
 * z = g(h) where the contrastive loss is applied. Built from a JSON-serialisable config so that
 * checkpoints can rebuild it; a seed fixes every initial weight.
 */
import { tf } from '../tf';
import { FoldedInference } from './foldedInference';
import { createCnnEncoder, resolveCnnEncoderConfig, type CnnEncoderConfig } from './cnnEncoder';
import { createProjectionHead } from './projectionHead';
import { createResnetEncoder, resolveResnetEncoderConfig, type ResnetEncoderConfig } from './resnetEncoder';

export type EncoderConfig = ResnetEncoderConfig | CnnEncoderConfig;

/** Fully resolved model description (what checkpoints store). */
export interface SimclrModelConfig {
  encoder: EncoderConfig;
  /** Dense layer sizes of the projection head; its input is the representation size. */
  headWidths: number[];
  seed: number;
}

/** What `createSimclrModel` accepts: any subset; a resolved `SimclrModelConfig` also fits. */
export interface SimclrModelOptions {
  /** 'resnet' (default), 'cnn', or a (partial) encoder config with its `kind`. */
  encoder?:
    | 'resnet'
    | 'cnn'
    | (Partial<ResnetEncoderConfig> & { kind: 'resnet' })
    | (Partial<CnnEncoderConfig> & { kind: 'cnn' });
  /** [height, width, channels]; overrides the encoder config's. Default [28, 28, 1]. */
  inputShape?: [number, number, number];
  /** Batch norm in the encoder; overrides the encoder config's. Default true. */
  batchNorm?: boolean;
  /** Default [128, 64]: 128 -> 128 -> 64 for the default encoder. */
  headWidths?: number[];
  /** Default 0. */
  seed?: number;
}

/** Fills defaults and validates. */
export function resolveSimclrModelConfig(options: SimclrModelOptions = {}): SimclrModelConfig {
  const spec: NonNullable<Exclude<SimclrModelOptions['encoder'], string>> =
    typeof options.encoder === 'string'
      ? options.encoder === 'cnn'
        ? { kind: 'cnn' }
        : { kind: options.encoder as 'resnet' }
      : (options.encoder ?? { kind: 'resnet' });
  const overrides = {
    ...(options.inputShape ? { inputShape: options.inputShape } : {}),
    ...(options.batchNorm !== undefined ? { batchNorm: options.batchNorm } : {}),
  };
  let encoder: EncoderConfig;
  if (spec.kind === 'resnet') encoder = resolveResnetEncoderConfig({ ...spec, ...overrides });
  else if (spec.kind === 'cnn') encoder = resolveCnnEncoderConfig({ ...spec, ...overrides });
  else
    throw new RangeError(
      `createSimclrModel: encoder kind must be 'resnet' or 'cnn', got ${JSON.stringify((spec as { kind: unknown }).kind)}`,
    );
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`createSimclrModel: seed must be an integer, got ${seed}`);
  return { encoder, headWidths: [...(options.headWidths ?? [128, 64])], seed };
}

export class SimclrModel {
  /** f(.): images [B, H, W, C] -> representation [B, D]. The network evaluated downstream. */
  readonly encoder: tf.LayersModel;
  /** g(.): representation [B, D] -> projection [B, P]. */
  readonly head: tf.LayersModel;
  readonly config: SimclrModelConfig;
  /** The encoder's inference path with batch norm folded into the convs (its folded weights are cached). */
  private readonly encoderInference: FoldedInference;

  constructor(config: SimclrModelConfig) {
    this.config = config;
    // Separate seeds for the two parts, so changing the head leaves the encoder's weights alone.
    this.encoder =
      config.encoder.kind === 'resnet'
        ? createResnetEncoder(config.encoder, config.seed)
        : createCnnEncoder(config.encoder, config.seed);
    const inputDim = this.encoder.outputs[0].shape[1] as number;
    this.head = createProjectionHead({ inputDim, widths: config.headWidths }, config.seed + 1);
    this.encoderInference = new FoldedInference(this.encoder);
  }

  /** [height, width, channels] the model expects. */
  get inputShape(): [number, number, number] {
    return [...this.config.encoder.inputShape];
  }

  /** Size D of the representation. */
  get representationDim(): number {
    return this.encoder.outputs[0].shape[1] as number;
  }

  /** Size P of the projection. */
  get projectionDim(): number {
    return this.config.headWidths[this.config.headWidths.length - 1];
  }

  /**
   * Representations for inference (batch norm uses its moving statistics), equal to
   * `encoder.predict` but with each conv -> batch norm -> ReLU run as one fused conv. The folded
   * weights stay cached (freed by `dispose`) and are refolded after the weights change.
   * @param images [B, H, W, C] in [0, 1]
   * @returns [B, D]
   */
  embed(images: tf.Tensor4D, batchSize = 256): tf.Tensor2D {
    this.checkImages(images, 'embed');
    return this.encoderInference.predict(images, batchSize)[0] as tf.Tensor2D;
  }

  /**
   * Projections for inference.
   * @param images [B, H, W, C] in [0, 1]
   * @returns [B, P]
   */
  project(images: tf.Tensor4D, batchSize = 256): tf.Tensor2D {
    return tf.tidy(() => this.head.predict(this.embed(images, batchSize), { batchSize }) as tf.Tensor2D);
  }

  /**
   * Projections with batch norm in training mode (batch statistics, moving averages updated):
   * what the training step differentiates.
   * @param images [B, H, W, C] -> [B, P]
   */
  projectForTraining(images: tf.Tensor4D): tf.Tensor2D {
    this.checkImages(images, 'projectForTraining');
    return tf.tidy(() => {
      const h = this.encoder.apply(images, { training: true }) as tf.Tensor;
      return this.head.apply(h, { training: true }) as tf.Tensor2D;
    });
  }

  /** The variables the optimiser updates (encoder then head, in layer order). */
  trainableVariables(): tf.Variable[] {
    return [...this.encoder.trainableWeights, ...this.head.trainableWeights].map((w) => w.read() as tf.Variable);
  }

  /** Variables that training changes without gradients: batch-norm moving means and variances. */
  statisticsVariables(): tf.Variable[] {
    return [...this.encoder.nonTrainableWeights, ...this.head.nonTrainableWeights].map((w) => w.read() as tf.Variable);
  }

  /** Every weight, trainable or not (batch-norm moving statistics too), with stable names by position. */
  namedWeights(): { name: string; tensor: tf.Tensor }[] {
    const all = [...this.encoder.weights, ...this.head.weights];
    return all.map((w, i) => ({ name: `${i}:${w.originalName}`, tensor: w.read() }));
  }

  /** Sets every weight, in `namedWeights()` order; checks count and shapes. */
  setWeights(values: tf.Tensor[]): void {
    const nEnc = this.encoder.weights.length;
    const expected = nEnc + this.head.weights.length;
    if (values.length !== expected)
      throw new Error(`SimclrModel.setWeights: expected ${expected} tensors, got ${values.length}`);
    const all = [...this.encoder.weights, ...this.head.weights];
    all.forEach((w, i) => {
      if (!tf.util.arraysEqual(w.shape as number[], values[i].shape)) {
        throw new Error(
          `SimclrModel.setWeights: weight ${i} (${w.originalName}) has shape [${w.shape}], got [${values[i].shape}]`,
        );
      }
    });
    this.encoder.setWeights(values.slice(0, nEnc));
    this.head.setWeights(values.slice(nEnc));
  }

  dispose(): void {
    this.encoderInference.dispose();
    this.encoder.dispose();
    this.head.dispose();
  }

  private checkImages(images: tf.Tensor, method: string): void {
    const [h, w, c] = this.config.encoder.inputShape;
    if (images.rank !== 4 || images.shape[1] !== h || images.shape[2] !== w || images.shape[3] !== c) {
      throw new RangeError(
        `SimclrModel.${method}: images must be [B, ${h}, ${w}, ${c}], got [${images.shape.join(', ')}]`,
      );
    }
  }
}

/** Builds a SimCLR model (encoder + projection head) from options or a resolved config. */
export function createSimclrModel(options: SimclrModelOptions = {}): SimclrModel {
  return new SimclrModel(resolveSimclrModelConfig(options));
}
