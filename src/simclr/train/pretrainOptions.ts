/**
 * Options of `pretrain` and their resolution into a checked plan: defaults follow SimCLR
 * (arXiv:2002.05709 appendix B.1: LARS with square-root learning-rate scaling 0.075 x sqrt(batch),
 * which the paper prefers for small batches, weight decay 1e-6; temperature 0.5; 10% of training
 * as linear warm-up, then cosine decay) except the default optimiser, Adam at 1e-3, which works well
 * at the small batches a laptop runs. SGD with momentum uses linear scaling 0.3 x batch / 256.
 */
import { datasetSize, type ImageDataset } from '../data/dataset';
import type { SimclrModel } from '../models/simclrModel';
import { defaultAugmentConfig, type AugmentConfig } from '../augment/augmentConfig';
import { simclrAugment } from '../augment/simclrAugment';
import type { OptimizerName } from './optimizers';
import type { LearningRateSchedule, TimeBudget } from './schedule';
import { checkSchedule, resolveTimeBudget } from './schedule';
import type { AugmentFn } from './trainStep';
import { createMethod, type MethodName, type MethodSpec } from '../methods/createMethod';
import type { Method } from '../methods/method';
import { monitorSlice, type MonitorOptions, type MonitorSlice } from '../monitor/trainingMonitor';
import { MonitorSchedule } from '../monitor/monitorSchedule';
import type { SnapshotLimits } from '../monitor/monitorSnapshot';

/** Reported after every optimisation step. */
export interface StepInfo {
  /** Steps completed so far in the run (1 after the first step; counts on across a resume). */
  step: number;
  /** 0-based epoch the step belonged to. */
  epoch: number;
  /** The method's loss on the step's batch, before its update (NT-Xent for SimCLR). */
  loss: number;
  /** Learning rate the step used. */
  learningRate: number;
  /** Source images per second of this step (each image gives two views). */
  imagesPerSec: number;
  /** The method's named scalars of the step (representation std, queue fill, target momentum, ...). */
  metrics?: Record<string, number>;
}

/** Reported when an epoch completes. */
export interface EpochInfo {
  /** 0-based index of the epoch that just completed. */
  epoch: number;
  /** Steps completed so far in the run. */
  step: number;
  /** Mean loss over the epoch's steps run in this call. */
  meanLoss: number;
}

export interface PretrainOptions {
  /**
   * The self-supervised method: a name ('simclr', the default, 'moco-v2', ...: METHOD_NAMES), a name
   * with hyper-parameters (`{ name: 'moco-v2', queueSize: 1024 }`), or a Method object.
   */
  method?: MethodName | MethodSpec | Method;
  /** 'adam' (default), 'sgd' (momentum) or 'lars'. */
  optimizer?: OptimizerName;
  /** Peak learning rate; default 1e-3 for Adam, 0.3 x batchSize / 256 for SGD, 0.075 x sqrt(batchSize) for LARS. */
  learningRate?: number;
  /** SGD/LARS momentum (default 0.9); SGD Nesterov (default false). */
  momentum?: number;
  nesterov?: boolean;
  /** LARS weight decay (default 1e-6) and trust coefficient (default 0.001). */
  weightDecay?: number;
  trustCoefficient?: number;
  /** Linear warm-up steps; default 10% of the run. */
  warmupSteps?: number;
  /** 'cosine' (default) or 'constant' after warm-up. */
  decay?: 'cosine' | 'constant';
  /** Images per step (each gives two views); default 64. */
  batchSize?: number;
  /** Length of the run: total optimisation steps, or epochs (default 1 epoch). Steps win if both. */
  steps?: number;
  epochs?: number;
  /**
   * Plan the run for wall-clock time instead: warm-up and cosine decay follow the fraction of
   * `minutes` that has passed, and the run ends when the time is up (status 'done'). `warmup` is the
   * fraction of the time spent warming up (default 0.1; `warmupSteps` does not apply). Steps or
   * epochs, when also given, cap the run. Not step-for-step reproducible (the clock decides), and a
   * resumed run starts a new budget.
   */
  budget?: TimeBudget;
  /** Temperature of the method's softmax (SimCLR's NT-Xent: default 0.5); the method's own option wins. */
  temperature?: number;
  /** Fixes data order and augmentations; default 0. */
  seed?: number;
  /** An augmentation config for `simclrAugment`, or a function; default defaultAugmentConfig(side, channels). */
  augment?: AugmentConfig | AugmentFn;
  onStep?: (info: StepInfo) => void | Promise<void>;
  onEpoch?: (info: EpochInfo) => void | Promise<void>;
  /** Receives warnings such as representation collapse (once per run); default console.warn. */
  onWarning?: (message: string) => void;
  /** Stops at the next step boundary when aborted; default currentRunContext().signal. */
  signal?: AbortSignal;
  /** Save a checkpoint to `path` every `everySteps` steps (default: only at the end) and when stopping. */
  checkpoint?: { path: string; everySteps?: number };
  /** Continue from a checkpoint file written by an earlier run with the same model config. */
  resumeFrom?: string;
  /** Id in the run events; default a fresh one. */
  runId?: string;
  /** On wasm, refuse batches whose estimated memory exceeds the 4 GiB heap (default true). */
  memoryCheck?: boolean;
  /**
   * Gradient caching (./gradientCache.ts): run the batch through the network `microBatch` images at
   * a time, so large batches fit in memory. Default: the whole batch at once.
   */
  microBatch?: number;
  /**
   * The training monitor (../monitor/trainingMonitor.ts): kNN accuracy and representation health
   * (alignment, uniformity, std, effective rank) on a fixed slice, reported as step metrics every
   * `every` steps (default 'auto': at most `budget` = 10% of training time). `false` turns it off.
   */
  monitor?: MonitorOptions | false;
}

/** The checked plan `pretrain` runs. */
export interface PretrainPlan {
  method: Method;
  optimizer: OptimizerName;
  momentum: number;
  nesterov: boolean;
  weightDecay: number;
  trustCoefficient: number;
  schedule: LearningRateSchedule;
  batchSize: number;
  stepsPerEpoch: number;
  totalSteps: number;
  seed: number;
  augment: AugmentFn;
  augmentDescription: string;
  /** Images per forward pass (= batchSize unless gradient caching is on). */
  microBatch: number;
  /** The monitor's fixed images and a fresh schedule, unless `monitor: false`. */
  monitor?: { slice: MonitorSlice; schedule: MonitorSchedule; k: number; snapshots: SnapshotLimits | false };
  /** Set when the run is planned for wall-clock time; then totalSteps is only a cap. */
  budget?: { seconds: number; warmupFraction: number };
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`pretrain: ${name} must be a positive integer, got ${value}`);
  return value;
}

/** SimCLR-style defaults (see the header). */
export function defaultLearningRate(optimizer: OptimizerName, batchSize: number): number {
  if (optimizer === 'adam') return 1e-3;
  if (optimizer === 'lars') return 0.075 * Math.sqrt(batchSize);
  return (0.3 * batchSize) / 256;
}

/** Checks the options against the model and dataset, fills defaults; errors name the option. */
export function resolvePretrainPlan(model: SimclrModel, dataset: ImageDataset, options: PretrainOptions): PretrainPlan {
  const [n, h, w, c] = dataset.shape;
  const [mh, mw, mc] = model.inputShape;
  if (c !== mc) throw new RangeError(`pretrain: ${dataset.name} has ${c} channels but the model expects ${mc}`);
  const batchSize = positiveInteger(options.batchSize ?? 64, 'batchSize');
  if (n < batchSize)
    throw new RangeError(`pretrain: ${dataset.name} has ${n} images, fewer than batchSize ${batchSize}`);
  const stepsPerEpoch = Math.floor(n / batchSize);
  const microBatch = Math.min(batchSize, positiveInteger(options.microBatch ?? batchSize, 'microBatch'));
  let budget: PretrainPlan['budget'];
  if (options.budget !== undefined) {
    budget = resolveTimeBudget(options.budget, 'pretrain');
  }
  const totalSteps =
    options.steps !== undefined
      ? positiveInteger(options.steps, 'steps')
      : options.epochs === undefined && budget
        ? Number.MAX_SAFE_INTEGER
        : positiveInteger(options.epochs ?? 1, 'epochs') * stepsPerEpoch;
  if (options.checkpoint) {
    if (typeof options.checkpoint.path !== 'string' || options.checkpoint.path === '')
      throw new RangeError('pretrain: checkpoint.path must be a file path');
    if (options.checkpoint.everySteps !== undefined)
      positiveInteger(options.checkpoint.everySteps, 'checkpoint.everySteps');
  }
  const optimizer = options.optimizer ?? 'adam';
  if (!['adam', 'sgd', 'lars'].includes(optimizer))
    throw new RangeError(`pretrain: optimizer must be 'adam', 'sgd' or 'lars', got ${JSON.stringify(optimizer)}`);
  if (options.temperature !== undefined && (!(options.temperature > 0) || !Number.isFinite(options.temperature))) {
    throw new RangeError(`pretrain: temperature must be positive, got ${options.temperature}`);
  }
  const method = createMethod(options.method, { temperature: options.temperature });
  const seed = options.seed ?? 0;
  if (!Number.isInteger(seed)) throw new RangeError(`pretrain: seed must be an integer, got ${seed}`);
  const schedule: LearningRateSchedule = {
    baseLearningRate: options.learningRate ?? defaultLearningRate(optimizer, batchSize),
    warmupSteps: budget ? 0 : (options.warmupSteps ?? Math.round(0.1 * totalSteps)),
    totalSteps,
    decay: options.decay ?? 'cosine',
  };
  checkSchedule(schedule);

  let augment: AugmentFn;
  let augmentDescription: string;
  if (typeof options.augment === 'function') {
    augment = options.augment;
    augmentDescription = 'custom function';
  } else {
    if (options.augment === undefined && (h !== w || (c !== 1 && c !== 3))) {
      throw new RangeError(`pretrain: no default augmentation for ${h}x${w}x${c} images; pass options.augment`);
    }
    const config = options.augment ?? defaultAugmentConfig(h, c as 1 | 3);
    const size =
      config.crop.size === undefined
        ? [h, w]
        : typeof config.crop.size === 'number'
          ? [config.crop.size, config.crop.size]
          : config.crop.size;
    if (size[0] !== mh || size[1] !== mw)
      throw new RangeError(`pretrain: augmented views are ${size[0]}x${size[1]} but the model expects ${mh}x${mw}`);
    augment = (images, rng) => simclrAugment(images, config, rng);
    augmentDescription = 'simclrAugment';
  }
  let monitor: PretrainPlan['monitor'];
  if (options.monitor !== false) {
    const m = options.monitor ?? {};
    const k = m.k ?? 20;
    if (!Number.isInteger(k) || k < 1)
      throw new RangeError(`pretrain: monitor.k must be a positive integer, got ${m.k}`);
    // The slice's seed is the run's, so a resumed run monitors the same images.
    const slice = monitorSlice(dataset, m, seed ^ 0x6d6f6e);
    const images = (slice.bank ? datasetSize(slice.images) : 0) + 2 * datasetSize(slice.health);
    monitor = {
      slice,
      k,
      snapshots: m.snapshots === false ? false : m.snapshots === true || m.snapshots === undefined ? {} : m.snapshots,
      schedule: new MonitorSchedule({ every: m.every, budget: m.budget, images, batchSize }),
    };
  }
  return {
    monitor,
    optimizer,
    momentum: options.momentum ?? 0.9,
    nesterov: options.nesterov ?? false,
    weightDecay: options.weightDecay ?? 1e-6,
    trustCoefficient: options.trustCoefficient ?? 0.001,
    method,
    schedule,
    batchSize,
    stepsPerEpoch,
    totalSteps,
    seed,
    augment,
    augmentDescription,
    microBatch,
    ...(budget ? { budget } : {}),
  };
}
