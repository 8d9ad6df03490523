/**
 * Contrastive training of a two-tower model on (media, caption) pairs, CLIP's recipe (Radford et
 * al. 2021, arXiv:2103.00020, figure 3) at laptop scale: shuffled batches of pairs, both towers and
 * projections, symmetric cross-entropy over the batch's similarity matrix (clipLoss) scaled by a
 * learnable exp(logit scale), clamped to at most 100 after every step as in CLIP. Audio batches are
 * augmented (time shift, gain, noise, SpecAugment), images optionally. The same step loop as `pretrain`
 * (trainingLoop.ts: warm-up + cosine schedule over steps or a time budget, abort signal, checkpoint
 * cadence), optimisers, run events and checkpoint files; data order and augmentations are pure
 * functions of (seed, step), so a resumed run equals an uninterrupted one.
 */
import { tf } from '../tf';
import type { Random } from '../random';
import { currentRunContext } from '../context';
import type { TrainingEvent } from '../train/trainingEvent';
import { clipLoss } from '../losses/clip';
import {
  augmentWaveforms,
  specAugment,
  type SpecAugmentConfig,
  type WaveformAugmentConfig,
} from '../audio/audioAugment';
import { createOptimizer, type OptimizerName, type ScheduledOptimizer } from '../train/optimizers';
import { disposeCheckpointContents, readCheckpoint, saveCheckpoint, type CheckpointJson } from '../train/checkpoint';
import { checkSchedule, resolveTimeBudget, type LearningRateSchedule, type TimeBudget } from '../train/schedule';
import { runTrainingLoop } from '../train/trainingLoop';
import { defaultLearningRate } from '../train/pretrainOptions';
import type { AugmentFn } from '../train/trainStep';
import type { StepInfo } from '../train/pretrainOptions';
import type { DualEncoder } from './dualEncoder';
import { captionBatch, isAudioData, mediaBatch, pairCount, type PairedData } from './pairedData';

export interface PretrainPairedOptions {
  /** 'adam' (default), 'sgd' or 'lars'. */
  optimizer?: OptimizerName;
  /** Peak learning rate; default as `pretrain` (1e-3 for Adam). */
  learningRate?: number;
  /** Linear warm-up steps; default 10% of the run. */
  warmupSteps?: number;
  decay?: 'cosine' | 'constant';
  /** Pairs per step; default 64. */
  batchSize?: number;
  /** Total steps, or epochs (default 1). Steps win if both. */
  steps?: number;
  epochs?: number;
  /**
   * Plan the run for wall-clock time, as `pretrain` does: warm-up and cosine decay follow the fraction
   * of `minutes` that has passed and the run ends when the time is up (status 'done'); steps or epochs,
   * when also given, cap it. Not step-for-step reproducible (the clock decides); a resumed run starts a new budget.
   */
  budget?: TimeBudget;
  seed?: number;
  /**
   * Audio: waveform and SpecAugment settings, or false for none (default: both on).
   * Images: an AugmentFn (e.g. a light simclrAugment) or nothing (default: none; CLIP used only crops).
   */
  augment?:
    | false
    | {
        waveform?: Partial<WaveformAugmentConfig> | false;
        spec?: Partial<SpecAugmentConfig> | false;
        image?: AugmentFn;
      };
  onStep?: (info: PairedStepInfo) => void | Promise<void>;
  /** Stops at the next step boundary; default currentRunContext().signal. */
  signal?: AbortSignal;
  runId?: string;
  /** Save a checkpoint (model with its tokenizer, optimiser, step, history) every `everySteps` steps and at the end or stop. */
  checkpoint?: { path: string; everySteps?: number };
  /** Continue from a checkpoint of this model config and optimiser, written by an earlier pretrainPaired. */
  resumeFrom?: string;
}

/** A step's record: `pretrain`'s StepInfo (imagesPerSec counts pairs) plus the logit scale. */
export interface PairedStepInfo extends StepInfo {
  /** exp(logit scale) after the step's update and clamp: the inverse temperature. */
  inverseTemperature: number;
}

export interface PretrainPairedResult {
  status: 'done' | 'interrupted';
  steps: number;
  totalSteps: number;
  history: PairedStepInfo[];
  runId: string;
  seconds: number;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`pretrainPaired: ${name} must be a positive integer, got ${value}`);
  return value;
}

async function resume(
  path: string,
  model: DualEncoder,
  optimizer: ScheduledOptimizer,
  optimizerName: OptimizerName,
): Promise<{ step: number; history: PairedStepInfo[] }> {
  const contents = await readCheckpoint(path);
  try {
    if (JSON.stringify(contents.modelConfig) !== JSON.stringify(model.config))
      throw new Error(`${path}: checkpoint was saved from a different model (config, tokenizer or seed)`);
    if (contents.meta.optimizer !== optimizerName)
      throw new Error(
        `${path}: checkpoint used optimizer ${String(contents.meta.optimizer)}, this run asks for ${optimizerName}`,
      );
    model.setWeights(contents.modelWeights.map((w) => w.tensor));
    if (contents.optimizerWeights.length > 0) await optimizer.setWeights(contents.optimizerWeights);
    const history = Array.isArray(contents.meta.history) ? (contents.meta.history as unknown as PairedStepInfo[]) : [];
    return { step: contents.step, history };
  } finally {
    disposeCheckpointContents(contents);
  }
}

/** Loss and gradients of one batch of pairs (media tensor + caption ids), augmented with `rng`. */
function pairedGradients(
  model: DualEncoder,
  media: tf.Tensor,
  tokens: tf.Tensor2D,
  rng: Random,
  options: PretrainPairedOptions,
) {
  return tf.tidy(() => {
    let input = model.mediaInput(media);
    const augment = options.augment;
    if (augment !== false) {
      if (model.mediaKind === 'audio' && augment?.spec !== false) {
        input = specAugment(input.squeeze([3]) as tf.Tensor3D, rng, augment?.spec || {}).expandDims(3) as tf.Tensor4D;
      }
      if (model.mediaKind === 'image' && augment?.image) input = augment.image(input, rng);
    }
    const { value, grads } = tf.variableGrads(
      () =>
        clipLoss(model.embedMediaInput(input, true), model.embedTokens(tokens, true), model.logitScale as tf.Scalar),
      model.trainableVariables(),
    );
    return { loss: value, grads };
  });
}

/**
 * Trains `model` in place on `data` (captioned images for an image model, captioned clips for an
 * audio model).
 */
export async function pretrainPaired(
  model: DualEncoder,
  data: PairedData,
  options: PretrainPairedOptions = {},
): Promise<PretrainPairedResult> {
  const n = pairCount(data);
  if (isAudioData(data) !== (model.mediaKind === 'audio')) {
    throw new RangeError(
      `pretrainPaired: ${data.name} holds ${isAudioData(data) ? 'audio' : 'images'} but the model's media tower reads ${model.mediaKind}`,
    );
  }
  if (isAudioData(data) && model.config.media.kind === 'audio') {
    const m = model.config.media;
    if (data.clipLength !== m.clipLength || data.sampleRate !== m.spectrogram.sampleRate) {
      throw new RangeError(
        `pretrainPaired: ${data.name} has ${data.clipLength}-sample clips at ${data.sampleRate} Hz; the model reads ${m.clipLength} at ${m.spectrogram.sampleRate} Hz`,
      );
    }
  }
  const batchSize = positiveInteger(options.batchSize ?? 64, 'batchSize');
  if (batchSize < 2)
    throw new RangeError('pretrainPaired: batchSize must be at least 2 (the other pairs are the negatives)');
  if (n < batchSize)
    throw new RangeError(`pretrainPaired: ${data.name} has ${n} pairs, fewer than batchSize ${batchSize}`);
  const stepsPerEpoch = Math.floor(n / batchSize);
  const budget = options.budget === undefined ? undefined : resolveTimeBudget(options.budget, 'pretrainPaired');
  const totalSteps =
    options.steps !== undefined
      ? positiveInteger(options.steps, 'steps')
      : options.epochs === undefined && budget
        ? Number.MAX_SAFE_INTEGER
        : positiveInteger(options.epochs ?? 1, 'epochs') * stepsPerEpoch;
  const optimizerName = options.optimizer ?? 'adam';
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`pretrainPaired: seed must be an integer, got ${seed}`);
  const schedule: LearningRateSchedule = {
    baseLearningRate: options.learningRate ?? defaultLearningRate(optimizerName, batchSize),
    warmupSteps: budget ? 0 : (options.warmupSteps ?? Math.round(0.1 * totalSteps)),
    totalSteps,
    decay: options.decay ?? 'cosine',
  };
  checkSchedule(schedule);

  const context = currentRunContext();
  const signal = options.signal ?? context.signal;
  const runId = options.runId ?? `paired-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const emit = (event: TrainingEvent) => context.emit?.(event);
  const started = performance.now();
  const optimizer = createOptimizer({ name: optimizerName, learningRate: schedule.baseLearningRate });
  const waveformAugment =
    options.augment === false || options.augment?.waveform === false ? undefined : (options.augment?.waveform ?? {});
  let history: PairedStepInfo[] = [];
  let status: PretrainPairedResult['status'] = 'done';
  const progress = { step: 0 };
  if (
    options.checkpoint !== undefined &&
    (typeof options.checkpoint.path !== 'string' || options.checkpoint.path === '')
  )
    throw new RangeError('pretrainPaired: checkpoint.path must be a file path');
  if (options.checkpoint?.everySteps !== undefined)
    positiveInteger(options.checkpoint.everySteps, 'checkpoint.everySteps');
  let savedAt = -1;
  const save = async (step: number) => {
    if (!options.checkpoint || savedAt === step) return;
    const meta: Record<string, CheckpointJson> = {
      method: model.mediaKind === 'audio' ? 'clap' : 'clip',
      optimizer: optimizerName,
      batchSize,
      totalSteps,
      seed,
      history: history.map((h) => ({ ...h })),
    };
    await saveCheckpoint(options.checkpoint.path, { model, optimizer, step, meta });
    savedAt = step;
  };
  try {
    if (options.resumeFrom)
      ({ step: progress.step, history } = await resume(options.resumeFrom, model, optimizer, optimizerName));
  } catch (error) {
    optimizer.dispose();
    throw error;
  }
  if (options.resumeFrom !== undefined && options.checkpoint?.path === options.resumeFrom) savedAt = progress.step;
  const method = model.mediaKind === 'audio' ? 'clap' : 'clip';
  emit({
    // A time-planned run does not know its length yet (0); each step carries the current estimate.
    kind: 'trainStart',
    runId,
    method,
    totalSteps: budget ? 0 : totalSteps,
    startedAt: Date.now(),
    config: {
      method,
      dataset: data.name,
      pairs: n,
      media: model.mediaKind,
      optimizer: optimizerName,
      learningRate: schedule.baseLearningRate,
      batchSize,
      totalSteps: budget ? 0 : totalSteps,
      seed,
      embedDim: model.config.embedDim,
      backend: tf.getBackend(),
      ...(budget ? { budgetMinutes: budget.seconds / 60, warmupFraction: budget.warmupFraction } : {}),
    },
  });
  /** One step: the update on the batch's pairs, applied only when the loss is finite. */
  const update = async ({
    indices,
    step,
    rng,
  }: {
    indices: Int32Array;
    step: number;
    rng: Random;
  }): Promise<number> => {
    const statistics = model.statisticsVariables();
    const saved = statistics.map((v) => tf.clone(v));
    const media = mediaBatch(
      data,
      indices,
      waveformAugment && isAudioData(data)
        ? (w) => augmentWaveforms(w, data.clipLength, rng, waveformAugment)
        : undefined,
    );
    const tokens = tf.tensor2d(
      model.tokenizer.encodeBatch(captionBatch(data, indices)),
      [batchSize, model.tokenizer.maxLength],
      'int32',
    );
    let loss = Number.NaN;
    let gradients: { loss: tf.Scalar; grads: tf.NamedTensorMap } | undefined;
    try {
      gradients = pairedGradients(model, media, tokens, rng, options);
      loss = (await gradients.loss.data())[0];
      if (Number.isFinite(loss)) optimizer.applyGradients(gradients.grads);
      else statistics.forEach((v, i) => v.assign(saved[i]));
    } finally {
      tf.dispose([media, tokens, ...saved]);
      if (gradients) tf.dispose([gradients.loss, ...Object.values(gradients.grads)]);
    }
    if (!Number.isFinite(loss)) {
      throw new Error(
        `pretrainPaired: the loss became ${loss} at step ${step + 1}; the weights are kept from before it. Try a lower learning rate`,
      );
    }
    model.clampLogitScale();
    return loss;
  };
  try {
    status = await runTrainingLoop(
      { items: n, batchSize, stepsPerEpoch, totalSteps, seed, schedule, budget },
      {
        optimizer,
        signal,
        save,
        checkpointEvery: options.checkpoint?.everySteps,
        update,
        after: async (loss, { epoch, learningRate }, { step, seconds, plannedSteps }) => {
          const info: PairedStepInfo = {
            step,
            epoch,
            loss,
            learningRate,
            imagesPerSec: batchSize / seconds,
            inverseTemperature: model.temperatureInverse(),
          };
          history.push(info);
          emit({
            kind: 'trainStep',
            runId,
            method,
            step,
            totalSteps: plannedSteps(),
            epoch,
            metrics: {
              loss,
              learningRate,
              imagesPerSec: info.imagesPerSec,
              inverseTemperature: info.inverseTemperature,
            },
          });
          await options.onStep?.(info);
        },
      },
      progress,
    );
  } catch (error) {
    emit({
      kind: 'trainEnd',
      runId,
      status: 'error',
      step: progress.step,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    optimizer.dispose();
  }
  const step = progress.step;
  emit({ kind: 'trainEnd', runId, status, step });
  return {
    status,
    steps: step,
    totalSteps: budget ? Math.min(totalSteps, step) : totalSteps,
    history,
    runId,
    seconds: (performance.now() - started) / 1000,
  };
}
