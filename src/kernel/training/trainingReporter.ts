/**
 * Shows the library's training events (src/protocol/trainingEvents.ts) in the running cell, and
 * forwards each one unchanged to the host: one progress output replaced in place at most PROGRESS_HZ
 * times a second (step, every metric, ETA), and a loss curve of every model metric (all but the
 * learning rate and images/s) replaced in place at most CURVE_HZ times a second. Metrics are read
 * generically: a method's new scalar shows with no code here. One reporter per cell execution.
 */
import type { ExecutionStatus } from '../../protocol/kernelMessages';
import type { CurveSeries, DisplayOutput } from '../../protocol/outputs';
import type { PanelEvent } from '../../protocol/panelMessages';
import {
  FLAG_METRICS,
  RATE_QUANTITIES,
  type RunStatus,
  type TrainStart,
  type TrainStep,
  type TrainingEvent,
} from '../../protocol/trainingEvents';
import { lossCurveDisplayId, progressOutput, progressPayload } from '../../protocol/trainingProgress';
import { assertNever } from '../../protocol/assertNever';
import { lossCurveOutput, lossCurvePayload } from '../display/lossCurveOutput';

export const PROGRESS_HZ = 4;
export const CURVE_HZ = 1;

interface Run {
  start: TrainStart;
  /** performance.now() at the start, for the ETA. */
  startedAt: number;
  /** The step the run started (or resumed) at, for the ETA. */
  firstStep: number | undefined;
  last: TrainStep | undefined;
  series: Map<string, CurveSeries>;
  lastProgress: number;
  lastCurve: number;
  shownProgress: boolean;
  shownCurve: boolean;
  ended: { status: RunStatus; message?: string } | undefined;
}

export class TrainingReporter {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly display: (output: DisplayOutput, update: boolean) => void,
    private readonly publish: (event: PanelEvent) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  handle(event: TrainingEvent): void {
    this.publish(event);
    switch (event.kind) {
      case 'trainStart': {
        const run: Run = {
          start: event,
          startedAt: this.now(),
          firstStep: undefined,
          last: undefined,
          series: new Map(),
          lastProgress: -Infinity,
          lastCurve: -Infinity,
          shownProgress: false,
          shownCurve: false,
          ended: undefined,
        };
        this.runs.set(event.runId, run);
        this.showProgress(run, true);
        return;
      }
      case 'trainStep': {
        const run = this.runs.get(event.runId);
        if (!run) return;
        run.firstStep ??= event.step - 1;
        run.last = event;
        for (const [name, value] of Object.entries(event.metrics))
          if (!RATE_QUANTITIES.includes(name) && !FLAG_METRICS.includes(name))
            this.addPoint(run, name, event.step, value);
        this.showProgress(run, false);
        this.showCurve(run, false);
        return;
      }
      case 'trainEnd': {
        const run = this.runs.get(event.runId);
        if (run) this.end(run, event.status, event.message);
        return;
      }
      case 'trainSnapshot':
        return; // Pictures for the panel's inspection views; the cell shows the scalars.
      default:
        assertNever(event, 'training event');
    }
  }

  /** Called when the cell ends: runs that did not report their end take the cell's outcome. */
  finish(status: ExecutionStatus): void {
    for (const run of this.runs.values()) if (!run.ended) this.end(run, status === 'ok' ? 'done' : status);
  }

  private end(run: Run, status: RunStatus, message?: string): void {
    run.ended = { status, ...(message ? { message } : {}) };
    this.showProgress(run, true);
    this.showCurve(run, true);
  }

  private addPoint(run: Run, name: string, step: number, value: number): void {
    let series = run.series.get(name);
    if (!series) run.series.set(name, (series = { name, steps: [], values: [] }));
    series.steps.push(step);
    series.values.push(value);
  }

  /** Seconds left at the pace of the steps this call ran (a resumed run's earlier steps took no time here). */
  private eta(run: Run): number {
    const done = (run.last?.step ?? 0) - (run.firstStep ?? 0);
    if (!run.last || done <= 0) return NaN;
    return (Math.max(0, run.last.totalSteps - run.last.step) * (this.now() - run.startedAt)) / 1000 / done;
  }

  private showProgress(run: Run, force: boolean): void {
    const now = this.now();
    if (!force && now - run.lastProgress < 1000 / PROGRESS_HZ) return;
    run.lastProgress = now;
    const payload = progressPayload(
      run.start,
      run.last,
      run.ended?.status ?? 'running',
      run.ended ? 0 : this.eta(run),
      run.ended?.message,
    );
    this.display(progressOutput(payload), run.shownProgress);
    run.shownProgress = true;
  }

  private showCurve(run: Run, force: boolean): void {
    const now = this.now();
    if (run.series.size === 0 || (!force && now - run.lastCurve < 1000 / CURVE_HZ)) return;
    run.lastCurve = now;
    const runId = run.start.runId;
    const payload = lossCurvePayload([...run.series.values()], runId, run.ended, `run ${runId}`);
    this.display(lossCurveOutput(payload, lossCurveDisplayId(runId)), run.shownCurve);
    run.shownCurve = true;
  }
}
