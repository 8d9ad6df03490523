/**
 * Learning-rate schedule of SimCLR (arXiv:2002.05709 section B.1 / appendix: "linear warmup for the
 * first 10 epochs, and decay the learning rate with the cosine decay schedule without restarts",
 * Loshchilov & Hutter 2016, arXiv:1608.03983). A pure function of the step, so a resumed run
 * follows exactly the same curve. `learningRateAtFraction` is the same curve over a fraction of a
 * run whose length is wall-clock time (the `budget` of pretrain and pretrainPaired), not a step count.
 */

export interface LearningRateSchedule {
  /** Peak learning rate, reached at the end of warm-up. */
  baseLearningRate: number;
  /** Steps of linear warm-up (0 for none). */
  warmupSteps: number;
  /** Total optimisation steps of the run. */
  totalSteps: number;
  /** 'cosine' (default) decays to `finalLearningRate` at totalSteps; 'constant' stays at the peak. */
  decay?: 'cosine' | 'constant';
  /** Learning rate the cosine reaches at the last step boundary; default 0. */
  finalLearningRate?: number;
}

/**
 * Learning rate for 0-based optimisation step `step`.
 * Warm-up: base * (step + 1) / warmupSteps for step < warmupSteps (the first step already moves).
 * Then: final + (base - final) * (1 + cos(pi * t)) / 2, with t = (step - warmup) / (total - warmup).
 * Steps beyond totalSteps keep the final value.
 */
export function learningRateAt(step: number, schedule: LearningRateSchedule): number {
  const { baseLearningRate: base, warmupSteps, totalSteps } = schedule;
  const final = schedule.finalLearningRate ?? 0;
  if (!Number.isInteger(step) || step < 0)
    throw new RangeError(`learningRateAt: step must be a non-negative integer, got ${step}`);
  checkSchedule(schedule);
  if (step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  if ((schedule.decay ?? 'cosine') === 'constant') return base;
  const decaySteps = totalSteps - warmupSteps;
  if (decaySteps <= 0) return base;
  const t = Math.min(1, (step - warmupSteps) / decaySteps);
  return final + ((base - final) * (1 + Math.cos(Math.PI * t))) / 2;
}

/** Throws a RangeError naming the bad field. */
export function checkSchedule(schedule: LearningRateSchedule): void {
  const { baseLearningRate, warmupSteps, totalSteps, finalLearningRate = 0 } = schedule;
  if (!(baseLearningRate > 0) || !Number.isFinite(baseLearningRate)) {
    throw new RangeError(`learning-rate schedule: baseLearningRate must be positive, got ${baseLearningRate}`);
  }
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) {
    throw new RangeError(`learning-rate schedule: warmupSteps must be a non-negative integer, got ${warmupSteps}`);
  }
  if (!Number.isInteger(totalSteps) || totalSteps < 1) {
    throw new RangeError(`learning-rate schedule: totalSteps must be a positive integer, got ${totalSteps}`);
  }
  if (!(finalLearningRate >= 0) || finalLearningRate > baseLearningRate) {
    throw new RangeError(
      `learning-rate schedule: finalLearningRate must be in [0, baseLearningRate], got ${finalLearningRate}`,
    );
  }
}

/** A schedule over the fraction of a time budget that has passed, in [0, 1]. */
export interface FractionSchedule {
  baseLearningRate: number;
  /** Fraction of the budget spent in linear warm-up, in [0, 1). */
  warmupFraction: number;
  decay?: 'cosine' | 'constant';
  finalLearningRate?: number;
}

/**
 * The learning rate when `fraction` of the run has passed: base * fraction / warmup during warm-up
 * (never exactly 0: the first step uses a small positive rate), then the cosine from base to final
 * over the rest. Fractions past 1 keep the final value.
 */
export function learningRateAtFraction(fraction: number, schedule: FractionSchedule): number {
  const { baseLearningRate: base, warmupFraction } = schedule;
  const final = schedule.finalLearningRate ?? 0;
  if (!(fraction >= 0)) throw new RangeError(`learningRateAtFraction: fraction must be >= 0, got ${fraction}`);
  if (!(warmupFraction >= 0 && warmupFraction < 1))
    throw new RangeError(`learning-rate schedule: warmupFraction must be in [0, 1), got ${warmupFraction}`);
  checkSchedule({ baseLearningRate: base, warmupSteps: 0, totalSteps: 1, finalLearningRate: final });
  if (fraction < warmupFraction) return Math.max(base * 1e-3, (base * fraction) / warmupFraction);
  if ((schedule.decay ?? 'cosine') === 'constant') return base;
  const t = Math.min(1, (fraction - warmupFraction) / (1 - warmupFraction));
  return final + ((base - final) * (1 + Math.cos(Math.PI * t))) / 2;
}

/** A run planned for wall-clock time: `minutes` long, the first `warmup` fraction of it warming up (default 0.1). */
export interface TimeBudget {
  minutes: number;
  warmup?: number;
}

/** A checked TimeBudget in seconds; errors name `where` (the function whose option it is). */
export function resolveTimeBudget(budget: TimeBudget, where: string): { seconds: number; warmupFraction: number } {
  const { minutes, warmup = 0.1 } = budget;
  if (!(minutes > 0) || !Number.isFinite(minutes))
    throw new RangeError(`${where}: budget.minutes must be a positive number, got ${minutes}`);
  if (!(warmup >= 0 && warmup < 1))
    throw new RangeError(`${where}: budget.warmup must be a fraction in [0, 1), got ${warmup}`);
  return { seconds: minutes * 60, warmupFraction: warmup };
}

/**
 * A time-planned run's expected length after `step` steps: the `stepsThisCall` done in `elapsedSeconds`
 * so far, scaled to the whole budget, never below `step` and never above `cap`.
 */
export function expectedSteps(
  step: number,
  stepsThisCall: number,
  elapsedSeconds: number,
  budgetSeconds: number,
  cap: number,
): number {
  const expected =
    step + Math.round((stepsThisCall * Math.max(0, budgetSeconds - elapsedSeconds)) / Math.max(elapsedSeconds, 1e-9));
  return Math.min(cap, Math.max(step, expected));
}
