/**
 * A two-tower model in the manner of CLIP (Radford et al. 2021, arXiv:2103.00020, figure 3) and
 * CLAP (Elizalde et al. 2023, arXiv:2206.04769): a media encoder (images, or audio through a log-mel
 * front end) and a text encoder, each followed by a linear projection into one shared embedding
 * space, plus the learnable logit scale (log of the inverse temperature) of the contrastive loss,
 * initialised to ln(1 / 0.07) as in CLIP. The tokenizer is part of the config, so a saved model
 * reads text exactly as it was trained. Built from a JSON-serialisable config; a seed fixes every
 * initial weight.
 */
import { tf } from '../tf';
import { Random } from '../random';
import { createCnnEncoder, resolveCnnEncoderConfig, type CnnEncoderConfig } from '../models/cnnEncoder';
import { glorotUniform } from '../models/layers';
import {
  logMelSpectrogram,
  frameCount,
  resolveSpectrogramConfig,
  type SpectrogramConfig,
} from '../audio/logMelSpectrogram';
import { l2Normalize } from '../losses/ntXent';
import { WordTokenizer, type WordTokenizerJson } from '../text/wordTokenizer';
import {
  checkTextEncoderConfig,
  createTextEncoder,
  defaultTextEncoderConfig,
  encodeText,
  type TextEncoderConfig,
} from '../text/textEncoder';

/** What the media tower reads. */
export type MediaConfig =
  | { kind: 'image'; encoder: CnnEncoderConfig }
  | { kind: 'audio'; clipLength: number; spectrogram: SpectrogramConfig; encoder: CnnEncoderConfig };

export interface DualEncoderConfig {
  media: MediaConfig;
  text: TextEncoderConfig;
  tokenizer: WordTokenizerJson;
  /** Size of the shared embedding space. */
  embedDim: number;
  /** Initial logit scale (ln of the inverse temperature). */
  initialLogitScale: number;
  seed: number;
}

export interface DualEncoderOptions {
  /** A trained tokenizer (WordTokenizer.train on the training captions). */
  tokenizer: WordTokenizer;
  /** 'image' (default [28, 28, 1]) or 'audio' (clips of clipLength samples, default 8000 at 8 kHz). */
  media: 'image' | 'audio';
  inputShape?: [number, number, number];
  clipLength?: number;
  spectrogram?: Partial<SpectrogramConfig>;
  /** Media encoder (a plain CNN); default widths 32/64/128, strides 1/2/2, batch norm. */
  encoder?: Partial<Omit<CnnEncoderConfig, 'kind' | 'inputShape'>>;
  text?: Partial<Omit<TextEncoderConfig, 'vocabularySize' | 'maxLength'>>;
  /** Default 64. */
  embedDim?: number;
  /** Default ln(1 / 0.07), CLIP's. */
  initialLogitScale?: number;
  seed?: number;
}

/** CLIP's bound on the logit scale: exp(scale) <= 100. */
export const MAX_LOGIT_SCALE = Math.log(100);

/** Fills defaults and validates. */
export function resolveDualEncoderConfig(options: DualEncoderOptions): DualEncoderConfig {
  if (!(options.tokenizer instanceof WordTokenizer))
    throw new TypeError('createDualEncoder: options.tokenizer must be a WordTokenizer (WordTokenizer.train(captions))');
  let media: MediaConfig;
  if (options.media === 'image') {
    media = {
      kind: 'image',
      encoder: resolveCnnEncoderConfig({ ...options.encoder, inputShape: options.inputShape ?? [28, 28, 1] }),
    };
  } else if (options.media === 'audio') {
    const spectrogram = resolveSpectrogramConfig(options.spectrogram);
    const clipLength = options.clipLength ?? spectrogram.sampleRate;
    const inputShape: [number, number, number] = [frameCount(clipLength, spectrogram), spectrogram.numMels, 1];
    media = {
      kind: 'audio',
      clipLength,
      spectrogram,
      encoder: resolveCnnEncoderConfig({ ...options.encoder, inputShape }),
    };
  } else {
    throw new RangeError(`createDualEncoder: media must be 'image' or 'audio', got ${JSON.stringify(options.media)}`);
  }
  const tokenizer = options.tokenizer.toJSON();
  const text: TextEncoderConfig = {
    ...defaultTextEncoderConfig,
    ...options.text,
    vocabularySize: tokenizer.vocabulary.length,
    maxLength: tokenizer.maxLength,
  };
  const embedDim = options.embedDim ?? 64;
  if (!Number.isInteger(embedDim) || embedDim < 1)
    throw new RangeError(`createDualEncoder: embedDim must be a positive integer, got ${embedDim}`);
  const initialLogitScale = options.initialLogitScale ?? Math.log(1 / 0.07);
  if (!(initialLogitScale >= 0 && initialLogitScale <= MAX_LOGIT_SCALE))
    throw new RangeError(`createDualEncoder: initialLogitScale must be in [0, ln 100], got ${initialLogitScale}`);
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`createDualEncoder: seed must be an integer, got ${seed}`);
  return { media, text, tokenizer, embedDim, initialLogitScale, seed };
}

/** Widest embedding a saved config may ask to build. */
const MAX_EMBED_DIM = 65_536;

/**
 * Checks a config read from a file (a checkpoint header): every field valid and nothing missing or
 * extra (it must equal its own resolution), so a damaged file is refused before any weight is made.
 */
export function checkDualEncoderConfig(value: unknown): DualEncoderConfig {
  const c = value as DualEncoderConfig;
  if (typeof c !== 'object' || c === null || typeof c.media !== 'object' || c.media === null)
    throw new RangeError('dual encoder config: media must be an object');
  const tokenizer = new WordTokenizer(c.tokenizer).toJSON();
  let media: MediaConfig;
  if (c.media.kind === 'image') media = { kind: 'image', encoder: resolveCnnEncoderConfig(c.media.encoder) };
  else if (c.media.kind === 'audio') {
    const spectrogram = resolveSpectrogramConfig(c.media.spectrogram);
    if (!Number.isInteger(c.media.clipLength))
      throw new RangeError(`dual encoder config: clipLength must be an integer, got ${c.media.clipLength}`);
    const frames = frameCount(c.media.clipLength, spectrogram);
    const encoder = resolveCnnEncoderConfig(c.media.encoder);
    if (encoder.inputShape.join() !== [frames, spectrogram.numMels, 1].join())
      throw new RangeError(
        `dual encoder config: the audio encoder reads [${encoder.inputShape}] but the spectrogram gives [${frames}, ${spectrogram.numMels}, 1]`,
      );
    media = { kind: 'audio', clipLength: c.media.clipLength, spectrogram, encoder };
  } else
    throw new RangeError(
      `dual encoder config: media.kind must be 'image' or 'audio', got ${JSON.stringify((c.media as { kind?: unknown }).kind)}`,
    );
  const t = c.text ?? {};
  const text = checkTextEncoderConfig({
    width: t.width,
    layers: t.layers,
    kernelSize: t.kernelSize,
    vocabularySize: t.vocabularySize,
    maxLength: t.maxLength,
  });
  if (text.vocabularySize !== tokenizer.vocabulary.length || text.maxLength !== tokenizer.maxLength)
    throw new RangeError('dual encoder config: the text encoder does not match the tokenizer');
  if (!Number.isInteger(c.embedDim) || c.embedDim < 1 || c.embedDim > MAX_EMBED_DIM)
    throw new RangeError(
      `dual encoder config: embedDim must be an integer in [1, ${MAX_EMBED_DIM}], got ${c.embedDim}`,
    );
  if (!(c.initialLogitScale >= 0 && c.initialLogitScale <= MAX_LOGIT_SCALE))
    throw new RangeError(`dual encoder config: initialLogitScale must be in [0, ln 100], got ${c.initialLogitScale}`);
  if (!Number.isInteger(c.seed)) throw new RangeError(`dual encoder config: seed must be an integer, got ${c.seed}`);
  const resolved: DualEncoderConfig = {
    media,
    text,
    tokenizer,
    embedDim: c.embedDim,
    initialLogitScale: c.initialLogitScale,
    seed: c.seed,
  };
  if (JSON.stringify(resolved) !== JSON.stringify(c))
    throw new RangeError('dual encoder config: not a complete config (fields missing, extra or out of order)');
  return resolved;
}

/** Whether a model config (e.g. from a checkpoint) describes a dual encoder rather than a SimCLR model. */
export function isDualEncoderConfig(config: object): config is DualEncoderConfig {
  return 'media' in config && 'tokenizer' in config;
}

function projection(inputDim: number, embedDim: number, seed: number, name: string): tf.LayersModel {
  const input = tf.input({ shape: [inputDim] });
  const output = tf.layers
    .dense({ units: embedDim, useBias: false, kernelInitializer: glorotUniform(new Random(seed)) })
    .apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name });
}

export class DualEncoder {
  readonly config: DualEncoderConfig;
  readonly tokenizer: WordTokenizer;
  /** Images [B, H, W, C], or log-mel spectrograms [B, frames, mels, 1], -> representation [B, D]. */
  readonly mediaEncoder: tf.LayersModel;
  readonly mediaProjection: tf.LayersModel;
  /** One-hot tokens [B, L, V] -> per-position features [B, L, W] (see encodeText). */
  readonly textEncoder: tf.LayersModel;
  readonly textProjection: tf.LayersModel;
  /** ln of the inverse temperature; clamped to [0, ln 100] after each update. */
  readonly logitScale: tf.Variable;

  constructor(config: DualEncoderConfig) {
    this.config = config;
    this.tokenizer = new WordTokenizer(config.tokenizer);
    this.mediaEncoder = createCnnEncoder(config.media.encoder, config.seed);
    this.textEncoder = createTextEncoder(config.text, config.seed + 1);
    const mediaDim = this.mediaEncoder.outputs[0].shape[1] as number;
    this.mediaProjection = projection(mediaDim, config.embedDim, config.seed + 2, 'media_projection');
    this.textProjection = projection(config.text.width, config.embedDim, config.seed + 3, 'text_projection');
    // Made inside tidy: tf.variable keeps its initial tensor alive otherwise.
    this.logitScale = tf.tidy(() =>
      tf.variable(tf.scalar(config.initialLogitScale), true, `logit_scale_${Math.random().toString(36).slice(2)}`),
    );
  }

  get mediaKind(): 'image' | 'audio' {
    return this.config.media.kind;
  }

  /**
   * Media tower input from raw media: images pass through; waveforms become per-clip standardised
   * log-mel spectrograms with a channel axis.
   * @param media images [B, H, W, C] in [0, 1], or waveforms [B, clipLength]
   * @returns [B, H, W, C] or [B, frames, mels, 1]
   */
  mediaInput(media: tf.Tensor): tf.Tensor4D {
    const m = this.config.media;
    if (m.kind === 'image') {
      const [h, w, c] = m.encoder.inputShape;
      if (media.rank !== 4 || media.shape[1] !== h || media.shape[2] !== w || media.shape[3] !== c) {
        throw new RangeError(`DualEncoder: images must be [B, ${h}, ${w}, ${c}], got [${media.shape}]`);
      }
      return media as tf.Tensor4D;
    }
    if (media.rank !== 2 || media.shape[1] !== m.clipLength)
      throw new RangeError(`DualEncoder: waveforms must be [B, ${m.clipLength}], got [${media.shape}]`);
    return tf.tidy(
      () => standardise(logMelSpectrogram(media as tf.Tensor2D, m.spectrogram)).expandDims(3) as tf.Tensor4D,
    );
  }

  /**
   * Media embeddings (not normalised) from tower input (see mediaInput).
   * @returns [B, embedDim]
   */
  embedMediaInput(input: tf.Tensor4D, training = false): tf.Tensor2D {
    return tf.tidy(
      () =>
        this.mediaProjection.apply(this.mediaEncoder.apply(input, { training }) as tf.Tensor, {
          training,
        }) as tf.Tensor2D,
    );
  }

  /**
   * Text embeddings (not normalised).
   * @param tokens [B, maxLength] int32 ids from this.tokenizer
   * @returns [B, embedDim]
   */
  embedTokens(tokens: tf.Tensor2D, training = false): tf.Tensor2D {
    return tf.tidy(
      () => this.textProjection.apply(this.textRepresentation(tokens, training), { training }) as tf.Tensor2D,
    );
  }

  /** Text representation (before the projection): [B, maxLength] ids -> [B, width]. */
  textRepresentation(tokens: tf.Tensor2D, training = false): tf.Tensor2D {
    return encodeText(this.textEncoder, tokens, this.config.text.vocabularySize, training);
  }

  /**
   * Unit-length text embeddings for inference, `batchSize` texts per pass.
   * @returns [texts.length, embedDim]
   */
  embedTexts(texts: readonly string[], batchSize = 256): tf.Tensor2D {
    const parts: tf.Tensor2D[] = [];
    for (let i = 0; i < texts.length; i += batchSize) {
      const chunk = texts.slice(i, i + batchSize);
      parts.push(
        tf.tidy(() =>
          l2Normalize(
            this.embedTokens(
              tf.tensor2d(this.tokenizer.encodeBatch(chunk), [chunk.length, this.tokenizer.maxLength], 'int32'),
            ),
          ),
        ),
      );
    }
    return concatAndDispose(parts, this.config.embedDim);
  }

  /**
   * Unit-length media embeddings (`normalise`, default) or the media encoder's representation
   * (`representation: true`, what the linear probe reads), for inference.
   * @param media images [B, H, W, C] in [0, 1] or waveforms [B, clipLength]
   * @returns [B, embedDim] or [B, D]
   */
  embedMedia(media: tf.Tensor, options: { representation?: boolean } = {}): tf.Tensor2D {
    return tf.tidy(() => {
      const h = this.mediaEncoder.apply(this.mediaInput(media), { training: false }) as tf.Tensor2D;
      return options.representation ? h : l2Normalize(this.mediaProjection.apply(h) as tf.Tensor2D);
    });
  }

  /** exp(logitScale): the inverse temperature the loss multiplies cosine similarities by. */
  temperatureInverse(): number {
    return Math.exp(this.logitScale.dataSync()[0]);
  }

  /** Clamps the logit scale into [0, ln 100], as CLIP does after every step. */
  clampLogitScale(): void {
    tf.tidy(() => this.logitScale.assign(tf.clipByValue(this.logitScale, 0, MAX_LOGIT_SCALE)));
  }

  private models(): tf.LayersModel[] {
    return [this.mediaEncoder, this.mediaProjection, this.textEncoder, this.textProjection];
  }

  /** Variables the optimiser updates: both towers, both projections and the logit scale. */
  trainableVariables(): tf.Variable[] {
    return [...this.models().flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable)), this.logitScale];
  }

  /** Batch-norm moving statistics (changed by training forward passes without gradients). */
  statisticsVariables(): tf.Variable[] {
    return this.models().flatMap((m) => m.nonTrainableWeights.map((w) => w.read() as tf.Variable));
  }

  /** Every weight with a stable name by position, the logit scale last. */
  namedWeights(): { name: string; tensor: tf.Tensor }[] {
    const all = this.models().flatMap((m) => m.weights);
    return [
      ...all.map((w, i) => ({ name: `${i}:${w.originalName}`, tensor: w.read() })),
      { name: `${all.length}:logit_scale`, tensor: this.logitScale },
    ];
  }

  /** Sets every weight in namedWeights() order; checks count and shapes. */
  setWeights(values: tf.Tensor[]): void {
    const names = this.namedWeights();
    if (values.length !== names.length)
      throw new Error(`DualEncoder.setWeights: expected ${names.length} tensors, got ${values.length}`);
    names.forEach(({ name, tensor }, i) => {
      if (!tf.util.arraysEqual(tensor.shape, values[i].shape))
        throw new Error(`DualEncoder.setWeights: weight ${name} has shape [${tensor.shape}], got [${values[i].shape}]`);
    });
    let at = 0;
    for (const m of this.models()) {
      m.setWeights(values.slice(at, at + m.weights.length));
      at += m.weights.length;
    }
    this.logitScale.assign(values[at] as tf.Scalar);
  }

  dispose(): void {
    this.models().forEach((m) => m.dispose());
    this.logitScale.dispose();
  }
}

/** Each spectrogram shifted and scaled to mean 0, std 1 (so loudness alone says nothing). */
function standardise(x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))) as tf.Tensor3D;
  });
}

function concatAndDispose(parts: tf.Tensor2D[], dim: number): tf.Tensor2D {
  if (parts.length === 0) return tf.zeros([0, dim]);
  if (parts.length === 1) return parts[0];
  const out = tf.concat(parts, 0);
  tf.dispose(parts);
  return out;
}

/** Builds a dual encoder from options. */
export function createDualEncoder(options: DualEncoderOptions): DualEncoder {
  return new DualEncoder(resolveDualEncoderConfig(options));
}
