/**
 * The step loop every trainer shares (pretrain over images, pretrainPaired over captioned pairs): a seeded
 * permutation of the items per epoch, consecutive batches of it, the learning rate of the schedule (by step,
 * or by the fraction of a time budget that has passed), a stop at a step boundary when the signal fires,
 * checkpoints every N steps and at the end, and a yield to the event loop after every step. What a step
 * does with its batch, and what it records and reports, is the trainer's. Batch order and each step's
 * random generator are pure functions of (seed, step), so a resumed run repeats an uninterrupted one.
 */
import { tf } from '../tf';
import { Random } from '../random';
import type { ScheduledOptimizer } from './optimizers';
import { expectedSteps, learningRateAt, learningRateAtFraction, type LearningRateSchedule } from './schedule';

/** A 32-bit seed from the run seed and a purpose/index pair (splitmix-style mixing). */
export function deriveSeed(seed: number, purpose: number, index: number): number {
  let x =
    (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(purpose + 1, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Item order of epoch `epoch`: a seeded permutation of 0..n-1. */
export function epochOrder(seed: number, epoch: number, n: number): Int32Array {
  return new Random(deriveSeed(seed, 1, epoch)).shuffle(Int32Array.from({ length: n }, (_, i) => i));
}

export interface LoopPlan {
  /** Items the epochs permute (images, pairs). */
  items: number;
  batchSize: number;
  stepsPerEpoch: number;
  /** The step cap (Number.MAX_SAFE_INTEGER when only the time budget ends the run). */
  totalSteps: number;
  seed: number;
  schedule: LearningRateSchedule;
  budget?: { seconds: number; warmupFraction: number };
}

/** The batch of one step: item indices, the step (0-based) and its epoch, learning rate and random generator. */
export interface LoopBatch {
  indices: Int32Array;
  step: number;
  epoch: number;
  learningRate: number;
  rng: Random;
}

/** A finished step: its number (1-based), seconds of the update, and the run's current length estimate. */
export interface LoopStepDone {
  step: number;
  seconds: number;
  /** The step cap, or for a time-planned run the steps it will likely reach (ask after any extra work). */
  plannedSteps: () => number;
}

export interface LoopHooks<R> {
  optimizer: ScheduledOptimizer;
  signal?: AbortSignal;
  /** Runs one step on `batch`; the loop times it. */
  update: (batch: LoopBatch) => Promise<R>;
  /** Records and reports the step (history, events, callbacks). */
  after: (result: R, batch: LoopBatch, done: LoopStepDone) => Promise<void>;
  /** Saves a checkpoint at `step` (a no-op without one); called every `checkpointEvery` steps and at the end. */
  save: (step: number) => Promise<void>;
  checkpointEvery?: number;
}

/**
 * Runs steps from `progress.step` until the plan ends or the signal fires, advancing `progress.step` as it
 * goes (so a caller that catches an error knows where it happened), then saves. 'interrupted' when the
 * signal stopped it.
 */
export async function runTrainingLoop<R>(
  plan: LoopPlan,
  hooks: LoopHooks<R>,
  progress: { step: number },
): Promise<'done' | 'interrupted'> {
  const { budget } = plan;
  const clockStart = performance.now();
  const elapsedSeconds = () => (performance.now() - clockStart) / 1000;
  const firstStep = progress.step;
  let order: Int32Array | undefined;
  let orderEpoch = -1;
  let status: 'done' | 'interrupted' = 'done';
  while (progress.step < plan.totalSteps) {
    if (hooks.signal?.aborted) {
      status = 'interrupted';
      break;
    }
    // A time-planned run: where in the budget we are decides the learning rate and the end.
    const fraction = budget ? elapsedSeconds() / budget.seconds : 0;
    if (fraction >= 1) break;
    const step = progress.step;
    const epoch = Math.floor(step / plan.stepsPerEpoch);
    if (epoch !== orderEpoch) {
      order = epochOrder(plan.seed, epoch, plan.items);
      orderEpoch = epoch;
    }
    const first = (step % plan.stepsPerEpoch) * plan.batchSize;
    const learningRate = budget
      ? learningRateAtFraction(fraction, { ...plan.schedule, warmupFraction: budget.warmupFraction })
      : learningRateAt(step, plan.schedule);
    hooks.optimizer.setLearningRate(learningRate);
    const batch: LoopBatch = {
      indices: (order as Int32Array).slice(first, first + plan.batchSize),
      step,
      epoch,
      learningRate,
      rng: new Random(deriveSeed(plan.seed, 2, step)),
    };
    const t0 = performance.now();
    const result = await hooks.update(batch);
    const seconds = (performance.now() - t0) / 1000;
    progress.step = step + 1;
    const done = progress.step;
    const plannedSteps = () =>
      budget
        ? expectedSteps(done, done - firstStep, elapsedSeconds(), budget.seconds, plan.totalSteps)
        : plan.totalSteps;
    await hooks.after(result, batch, { step: done, seconds, plannedSteps });
    if (hooks.checkpointEvery && done % hooks.checkpointEvery === 0) await hooks.save(done);
    // Let the event loop run: interrupts, IPC and timers are handled between steps.
    await tf.nextFrame();
  }
  await hooks.save(progress.step);
  return status;
}
