/**
 * What a training loop tells its host while it runs: one discriminated union, keyed by `kind`, that
 * travels unchanged from the library (pretrain emits it to the ambient run context) through the
 * kernel process and the host to the VS Code progress notification, the side panel and its saved
 * history (src/protocol/trainingEvents.ts re-exports it). Consumers read `metrics` generically, so a
 * method that reports a new scalar needs no forwarding code anywhere.
 */
import type { MonitorSnapshot } from '../monitor/monitorSnapshot';

/** How a run ended: all steps ran, its AbortSignal stopped it (weights kept), or it failed. */
export type RunStatus = 'done' | 'interrupted' | 'error';

/**
 * Named scalars of one step. Every step has the loss (the method's, before the update), the learning
 * rate it used and its images per second; methods add their own (representationStd, queueFill, ...).
 */
export type StepMetrics = { loss: number; learningRate: number; imagesPerSec: number } & Record<string, number>;

export type TrainingEvent =
  /**
   * A run began (a resumed run too). `config` is the run's resolved configuration (dataset, encoder,
   * optimiser, batch size, the method's hyper-parameters, ...) for tables and comparisons.
   */
  | {
      kind: 'trainStart';
      runId: string;
      method: string;
      totalSteps: number;
      startedAt: number;
      config: Record<string, string | number | boolean>;
    }
  /** Step `step` (1-based, counting on across a resume) of `totalSteps` finished, in 0-based `epoch`. */
  | {
      kind: 'trainStep';
      runId: string;
      method: string;
      step: number;
      totalSteps: number;
      epoch: number;
      metrics: StepMetrics;
    }
  /**
   * The training monitor evaluated the model after step `step` (its scalars are in that step's metrics):
   * the pictures behind them, for the panel's inspection views (../monitor/monitorSnapshot.ts).
   */
  | { kind: 'trainSnapshot'; runId: string; method: string; step: number; snapshot: MonitorSnapshot }
  /**
   * The run ended after `step` steps. `message` says why when it did not end by itself: the error, or
   * (added by the host when the kernel process died or restarted mid-run) what happened to the kernel.
   */
  | { kind: 'trainEnd'; runId: string; status: RunStatus; step: number; message?: string };
