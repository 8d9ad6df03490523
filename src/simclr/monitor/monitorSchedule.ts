/**
 * When the training monitor runs: every `every` steps, or ('auto', the default) as often as a time
 * budget allows. The auto rule keeps the monitor's time under `budget` (default 10%) of the time
 * spent training, evenly: the monitor runs after a step once the training since its last run (or
 * since the start) times `budget` pays for its expected cost (no saved-up budget, so evaluations
 * never bunch). Its expected cost is the last measured one; before the first run it is estimated
 * from the step time, since one evaluation embeds
 * `images` images forward-only while a step runs forward and backward (~3 forward passes) over
 * 2 views of `batchSize` images. Pure: the loop feeds it times, tests feed it numbers.
 */

export interface MonitorScheduleOptions {
  /** Steps between evaluations, or 'auto' (the budget decides). Default 'auto'. */
  every?: number | 'auto';
  /** Auto: the largest fraction of training time the monitor may take. Default 0.1. */
  budget?: number;
  /** Images one evaluation embeds, and images per training step (for the first estimate). */
  images: number;
  batchSize: number;
}

/** Forward-pass equivalents of one training step per source image: 2 views x (forward + backward ~ 3). */
const STEP_FORWARDS_PER_IMAGE = 6;

export class MonitorSchedule {
  private trainSeconds = 0;
  /** Training seconds since the last evaluation. */
  private sinceEvaluation = 0;
  private monitorSeconds = 0;
  private steps = 0;
  private lastCost: number | undefined;
  private evaluations = 0;
  readonly every: number | 'auto';
  readonly budget: number;

  constructor(private readonly options: MonitorScheduleOptions) {
    this.every = options.every ?? 'auto';
    this.budget = options.budget ?? 0.1;
    if (this.every !== 'auto' && (!Number.isInteger(this.every) || this.every < 1)) {
      throw new RangeError(
        `pretrain: monitor.every must be a positive integer or 'auto', got ${JSON.stringify(options.every)}`,
      );
    }
    if (!(this.budget > 0 && this.budget <= 1))
      throw new RangeError(`pretrain: monitor.budget must be in (0, 1], got ${options.budget}`);
  }

  /** Records a finished training step of `seconds`. */
  recordStep(seconds: number): void {
    this.trainSeconds += seconds;
    this.sinceEvaluation += seconds;
    this.steps += 1;
  }

  /** Records an evaluation that took `seconds`. */
  recordEvaluation(seconds: number): void {
    this.monitorSeconds += seconds;
    this.lastCost = seconds;
    this.evaluations += 1;
    this.sinceEvaluation = 0;
  }

  /** Expected seconds of the next evaluation. */
  expectedCost(): number {
    if (this.lastCost !== undefined) return this.lastCost;
    const stepSeconds = this.steps > 0 ? this.trainSeconds / this.steps : 0;
    return (stepSeconds * this.options.images) / (STEP_FORWARDS_PER_IMAGE * this.options.batchSize);
  }

  /** Whether to evaluate after step `step` (1-based). */
  due(step: number): boolean {
    if (this.every !== 'auto') return step % this.every === 0;
    return this.steps > 0 && this.expectedCost() <= this.budget * this.sinceEvaluation;
  }

  /** What the monitor cost: evaluations, seconds, and seconds as a fraction of training seconds. */
  summary(): { evaluations: number; seconds: number; trainSeconds: number; fraction: number } {
    return {
      evaluations: this.evaluations,
      seconds: this.monitorSeconds,
      trainSeconds: this.trainSeconds,
      fraction: this.trainSeconds > 0 ? this.monitorSeconds / this.trainSeconds : 0,
    };
  }
}
