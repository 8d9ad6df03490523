/**
 * The pre-training of every self-supervised method (../methods: SimCLR by default, Chen et al.
 * 2020, arXiv:2002.05709 algorithm 1) over an ImageDataset, on the shared step loop (trainingLoop.ts:
 * shuffled batches per epoch, warm-up and cosine decay over steps or a time budget, stop at a step
 * boundary when its AbortSignal fires, keeping the weights): the method's loss and gradients,
 * Adam/SGD/LARS, the method's after-step hook (momentum, queue, memory bank), the training monitor.
 * Reports every step to callbacks and to the ambient run context (so a notebook kernel hears it without
 * cell code), and checkpoints/resumes.
 * Data order and augmentations are pure functions of (seed, step), so a resumed run is identical
 * to an uninterrupted one.
 */
import { tf } from '../tf';
import { currentRunContext } from '../context';
import type { TrainingEvent } from './trainingEvent';
import { datasetSize, imageBatch, type ImageDataset } from '../data/dataset';
import type { SimclrModel } from '../models/simclrModel';
import { disposeCheckpointContents, readCheckpoint, saveCheckpoint, type CheckpointJson } from './checkpoint';
import { createOptimizer, type ScheduledOptimizer } from './optimizers';
import { resolvePretrainPlan, type PretrainOptions, type PretrainPlan, type StepInfo } from './pretrainOptions';
import { deriveSeed, runTrainingLoop } from './trainingLoop';
import { checkWasmBatch } from './memoryEstimate';
import type { MethodBatch, MethodStep, MethodTrainer } from '../methods/method';
import { representationStd } from '../metrics/representationStd';
import { COLLAPSING_METRIC, collapseWarning, isRunCollapsing } from './collapse';
import { evaluateMonitor } from '../monitor/trainingMonitor';
import type { MonitorSnapshot } from '../monitor/monitorSnapshot';

export interface PretrainResult {
  /** 'done' when all steps ran, 'interrupted' when the signal stopped it (weights are kept). */
  status: 'done' | 'interrupted';
  /** Steps completed (including those before a resume). */
  steps: number;
  totalSteps: number;
  /** Every step's record, including those of the run a resume continued. */
  history: StepInfo[];
  runId: string;
  /** Wall-clock seconds of this call. */
  seconds: number;
  /** Warnings the run raised (e.g. representation collapse), also passed to `onWarning`. */
  warnings: string[];
  /** What the training monitor cost in this call (absent with `monitor: false`). */
  monitor?: { evaluations: number; seconds: number; trainSeconds: number; fraction: number };
}

// The loop's seeding, exported here as before (index.ts, tests).
export { deriveSeed, epochOrder } from './trainingLoop';

function eventConfig(
  model: SimclrModel,
  dataset: ImageDataset,
  plan: PretrainPlan,
): Record<string, string | number | boolean> {
  return {
    dataset: dataset.name,
    images: datasetSize(dataset),
    encoder: model.config.encoder.kind,
    batchNorm: model.config.encoder.batchNorm,
    optimizer: plan.optimizer,
    learningRate: plan.schedule.baseLearningRate,
    warmupSteps: plan.schedule.warmupSteps,
    batchSize: plan.batchSize,
    microBatch: plan.microBatch,
    totalSteps: plan.totalSteps === Number.MAX_SAFE_INTEGER ? 0 : plan.totalSteps,
    seed: plan.seed,
    ...(plan.budget ? { budgetMinutes: plan.budget.seconds / 60, warmupFraction: plan.budget.warmupFraction } : {}),
    augment: plan.augmentDescription,
    backend: tf.getBackend(),
    ...plan.method.config,
    method: plan.method.name,
  };
}

/** Checkpoint metadata: enough to check a resume matches and to restore the history. */
function checkpointMeta(plan: PretrainPlan, history: StepInfo[]): Record<string, CheckpointJson> {
  return {
    optimizer: plan.optimizer,
    batchSize: plan.batchSize,
    totalSteps: plan.totalSteps,
    seed: plan.seed,
    method: plan.method.name,
    methodConfig: { ...plan.method.config },
    history: history.map((h) => ({ ...h })),
  };
}

async function resume(
  path: string,
  model: SimclrModel,
  trainer: MethodTrainer,
  optimizer: ScheduledOptimizer,
  plan: PretrainPlan,
): Promise<{ step: number; history: StepInfo[] }> {
  const contents = await readCheckpoint(path);
  try {
    if (JSON.stringify(contents.modelConfig) !== JSON.stringify(model.config)) {
      throw new Error(
        `${path}: checkpoint was saved from a different model config (${JSON.stringify(contents.modelConfig)})`,
      );
    }
    if (contents.meta.optimizer !== plan.optimizer) {
      throw new Error(
        `${path}: checkpoint used optimizer ${String(contents.meta.optimizer)}, this run asks for ${plan.optimizer}`,
      );
    }
    // Checkpoints from before methods existed are SimCLR's.
    const method = contents.meta.method ?? 'simclr';
    if (method !== plan.method.name)
      throw new Error(
        `${path}: checkpoint was trained with method ${String(method)}, this run asks for ${plan.method.name}`,
      );
    model.setWeights(contents.modelWeights.map((w) => w.tensor));
    trainer.setState(contents.methodState.map((w) => w.tensor));
    if (contents.optimizerWeights.length > 0) await optimizer.setWeights(contents.optimizerWeights);
    const history = Array.isArray(contents.meta.history) ? (contents.meta.history as unknown as StepInfo[]) : [];
    return { step: contents.step, history };
  } finally {
    // setWeights/variable() made their own references; these copies can go.
    disposeCheckpointContents(contents);
  }
}

/** A finished step: its loss and the method's named scalars. */
interface StepOutcome {
  loss: number;
  metrics: Record<string, number>;
}

/**
 * One step whose update is applied only when the loss is finite; otherwise the batch-norm
 * statistics the forward pass moved are restored and an error says so. Then the method's
 * after-step hook (momentum, queue, bank). Disposes `batch.images`.
 */
async function guardedStep(
  trainer: MethodTrainer,
  optimizer: ScheduledOptimizer,
  batch: MethodBatch,
): Promise<StepOutcome> {
  const statistics = trainer.statisticsVariables();
  const saved = statistics.map((v) => tf.clone(v));
  let result: MethodStep | undefined;
  let loss = Number.NaN;
  const metrics: Record<string, number> = {};
  try {
    result = trainer.gradients(batch);
    loss = (await result.loss.data())[0];
    if (!Number.isFinite(loss)) statistics.forEach((v, i) => v.assign(saved[i]));
    else {
      if (result.representation) {
        metrics.representationStd = representationStd(result.representation);
        // std x sqrt(d): ~1 for outputs spread over the sphere, 0 when collapsed; comparable across widths.
        metrics.representationStdRatio = metrics.representationStd * Math.sqrt(result.representation.shape[1]);
      }
      for (const [name, value] of Object.entries(result.scalars ?? {}))
        metrics[name] = typeof value === 'number' ? value : (await value.data())[0];
      optimizer.applyGradients(result.grads);
      trainer.afterStep?.(batch, result.pending ?? []);
    }
  } finally {
    tf.dispose([batch.images, ...saved]);
    if (result) {
      const scalars = Object.values(result.scalars ?? {}).filter((v): v is tf.Scalar => typeof v !== 'number');
      tf.dispose([
        result.loss,
        ...Object.values(result.grads),
        ...scalars,
        ...(result.pending ?? []),
        ...(result.representation ? [result.representation] : []),
      ]);
    }
  }
  if (!result || !Number.isFinite(loss)) {
    throw new Error(
      `pretrain: the loss became ${loss} at step ${batch.step + 1}; the weights are kept from before it. Try a lower learning rate or a higher temperature`,
    );
  }
  return { loss, metrics: { ...metrics, ...trainer.stateScalars?.(batch.step + 1) } };
}

/**
 * Pre-trains `model` in place on `dataset` with `options.method` (default SimCLR).
 * @param dataset images [n, H, W, C] (uint8 in the dataset, scaled to [0, 1] per batch); labels unused
 */
export async function pretrain(
  model: SimclrModel,
  dataset: ImageDataset,
  options: PretrainOptions = {},
): Promise<PretrainResult> {
  const plan = resolvePretrainPlan(model, dataset, options);
  if (tf.getBackend() === 'wasm' && options.memoryCheck !== false) checkWasmBatch(model, plan.microBatch);
  const context = currentRunContext();
  const signal = options.signal ?? context.signal;
  const runId = options.runId ?? `pretrain-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
  const emit = (event: TrainingEvent) => context.emit?.(event);
  const started = performance.now();
  const optimizer = createOptimizer({
    name: plan.optimizer,
    learningRate: plan.schedule.baseLearningRate,
    momentum: plan.momentum,
    nesterov: plan.nesterov,
    weightDecay: plan.weightDecay,
    trustCoefficient: plan.trustCoefficient,
  });
  const trainer = plan.method.attach(model, {
    augment: plan.augment,
    batchSize: plan.batchSize,
    microBatch: plan.microBatch,
    totalSteps: plan.totalSteps,
    seed: plan.seed,
    datasetSize: datasetSize(dataset),
  });
  const progress = { step: 0 };
  let history: StepInfo[] = [];
  let savedAt = -1;
  const save = async (step: number) => {
    if (!options.checkpoint || savedAt === step) return;
    await saveCheckpoint(options.checkpoint.path, {
      model,
      optimizer,
      methodState: trainer.state(),
      step,
      meta: checkpointMeta(plan, history),
    });
    savedAt = step;
  };
  let status: PretrainResult['status'] = 'done';
  let announced = false;
  const warnings: string[] = [];
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  try {
    if (options.resumeFrom)
      ({ step: progress.step, history } = await resume(options.resumeFrom, model, trainer, optimizer, plan));
    // Resuming in place: the file already holds this step.
    savedAt = options.resumeFrom !== undefined && options.checkpoint?.path === options.resumeFrom ? progress.step : -1;
    // A time-planned run without a step cap announces no total; its steps carry an estimate.
    emit({
      kind: 'trainStart',
      runId,
      method: plan.method.name,
      totalSteps: plan.totalSteps === Number.MAX_SAFE_INTEGER ? 0 : plan.totalSteps,
      startedAt: Date.now(),
      config: eventConfig(model, dataset, plan),
    });
    announced = true;
    let epochLosses: number[] = [];
    // The monitor's latest snapshot: the next one is aligned to its points; sent after its step's event.
    let snapshot: MonitorSnapshot | undefined;
    status = await runTrainingLoop(
      {
        items: datasetSize(dataset),
        batchSize: plan.batchSize,
        stepsPerEpoch: plan.stepsPerEpoch,
        totalSteps: plan.totalSteps,
        seed: plan.seed,
        schedule: plan.schedule,
        budget: plan.budget,
      },
      {
        optimizer,
        signal,
        save,
        checkpointEvery: options.checkpoint?.everySteps,
        update: ({ indices, step, rng }) =>
          guardedStep(trainer, optimizer, { images: imageBatch(dataset, indices), indices, step, rng }),
        after: async ({ loss, metrics }, { epoch, learningRate }, { step, seconds, plannedSteps }) => {
          let fresh = false;
          if (plan.monitor) {
            const { schedule, slice, k, snapshots } = plan.monitor;
            schedule.recordStep(seconds);
            if (schedule.due(step)) {
              const m0 = performance.now();
              const evaluation = await evaluateMonitor(
                model,
                slice,
                plan.augment,
                deriveSeed(plan.seed, 7, 0),
                k,
                snapshots ? { limits: snapshots, previousPoints: snapshot?.points } : undefined,
              );
              Object.assign(metrics, evaluation.metrics);
              snapshot = evaluation.snapshot;
              schedule.recordEvaluation((performance.now() - m0) / 1000);
              fresh = snapshot !== undefined;
            }
          }
          const info: StepInfo = {
            step,
            epoch,
            loss,
            learningRate,
            imagesPerSec: plan.batchSize / seconds,
            ...(Object.keys(metrics).length > 0 ? { metrics } : {}),
          };
          history.push(info);
          epochLosses.push(loss);
          if (isRunCollapsing(history)) metrics[COLLAPSING_METRIC] = 1;
          const collapse = warnings.length === 0 ? collapseWarning(plan.method.name, history) : undefined;
          if (collapse) {
            warnings.push(collapse);
            warn(collapse);
          }
          emit({
            kind: 'trainStep',
            runId,
            method: plan.method.name,
            step,
            totalSteps: plannedSteps(),
            epoch,
            metrics: { ...metrics, loss, learningRate, imagesPerSec: info.imagesPerSec },
          });
          if (fresh && snapshot) emit({ kind: 'trainSnapshot', runId, method: plan.method.name, step, snapshot });
          await options.onStep?.(info);
          if (step % plan.stepsPerEpoch === 0) {
            await options.onEpoch?.({
              epoch,
              step,
              meanLoss: epochLosses.reduce((s, l) => s + l, 0) / epochLosses.length,
            });
            epochLosses = [];
          }
        },
      },
      progress,
    );
  } catch (error) {
    if (announced)
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
    trainer.dispose();
  }
  const step = progress.step;
  emit({ kind: 'trainEnd', runId, status, step });
  return {
    status,
    steps: step,
    totalSteps: plan.budget ? Math.min(plan.totalSteps, step) : plan.totalSteps,
    history,
    runId,
    seconds: (performance.now() - started) / 1000,
    warnings,
    ...(plan.monitor ? { monitor: plan.monitor.schedule.summary() } : {}),
  };
}
