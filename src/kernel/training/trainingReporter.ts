/**
 * Turns the library's training events (src/simclr/context.ts) into what the user sees while a cell
 * trains: one progress output replaced in place at most PROGRESS_HZ times a second (step, loss,
 * images/s, ETA), a loss curve replaced in place at most CURVE_HZ times a second, and every event
 * forwarded to the side panel. One reporter per cell execution.
 */
import type { ExecutionStatus } from '../../protocol/kernelMessages';
import { LookTwiceMime, type CurveSeries, type DisplayOutput, type ProgressPayload } from '../../protocol/outputs';
import type { PanelEvent } from '../../protocol/panelMessages';
import type { LibraryEvent } from '../../simclr/context';
import { lossCurveOutput, lossCurvePayload } from '../display/lossCurveOutput';
import { jsonItem, output, plainItem } from '../display/mimeBundle';

export const PROGRESS_HZ = 4;
export const CURVE_HZ = 1;

interface Run {
  runId: string;
  startedAt: number;
  progress: ProgressPayload;
  series: Map<string, CurveSeries>;
  lastProgress: number;
  lastCurve: number;
  shownProgress: boolean;
  shownCurve: boolean;
  ended: boolean;
}

export class TrainingReporter {
  private readonly runs = new Map<string, Run>();

  constructor(
    private readonly display: (output: DisplayOutput, update: boolean) => void,
    private readonly publish: (event: PanelEvent) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  handle(event: LibraryEvent): void {
    switch (event.kind) {
      case 'trainStart': {
        const run: Run = {
          runId: event.runId,
          startedAt: this.now(),
          progress: { runId: event.runId, state: 'running', step: 0, totalSteps: event.totalSteps, epoch: 0, loss: NaN, learningRate: 0, imagesPerSec: 0, etaSeconds: NaN },
          series: new Map(),
          lastProgress: -Infinity,
          lastCurve: -Infinity,
          shownProgress: false,
          shownCurve: false,
          ended: false,
        };
        this.runs.set(event.runId, run);
        this.publish({ kind: 'trainStart', runId: event.runId, config: event.config, startedAt: Date.now() });
        this.showProgress(run, true);
        return;
      }
      case 'trainStep': {
        const run = this.runs.get(event.runId);
        this.publish({ kind: 'trainStep', runId: event.runId, step: event.step, epoch: event.epoch, loss: event.loss, learningRate: event.learningRate, imagesPerSec: event.imagesPerSec });
        if (!run) return;
        const remaining = Math.max(0, event.totalSteps - event.step);
        run.progress = { ...run.progress, step: event.step, totalSteps: event.totalSteps, epoch: event.epoch, loss: event.loss, learningRate: event.learningRate, imagesPerSec: event.imagesPerSec, etaSeconds: event.step > 0 ? (remaining * (this.now() - run.startedAt)) / 1000 / event.step : NaN };
        this.addPoint(run, 'loss', event.step, event.loss);
        this.showProgress(run, false);
        this.showCurve(run, false);
        return;
      }
      case 'trainMetric': {
        this.publish({ kind: 'trainMetric', runId: event.runId, step: event.step, name: event.name, value: event.value });
        const run = this.runs.get(event.runId);
        if (run) this.addPoint(run, event.name, event.step, event.value);
        return;
      }
      case 'trainEnd': {
        this.publish({ kind: 'trainEnd', runId: event.runId, status: event.status });
        const run = this.runs.get(event.runId);
        if (run) this.end(run, event.status);
        return;
      }
      default:
        assertNever(event);
    }
  }

  /** Called when the cell ends: runs that did not report their end take the cell's outcome. */
  finish(status: ExecutionStatus): void {
    for (const run of this.runs.values()) if (!run.ended) this.end(run, status === 'ok' ? 'done' : status);
  }

  private end(run: Run, status: 'done' | 'interrupted' | 'error'): void {
    run.ended = true;
    run.progress = { ...run.progress, state: status, etaSeconds: 0 };
    this.showProgress(run, true);
    this.showCurve(run, true);
  }

  private addPoint(run: Run, name: string, step: number, value: number): void {
    let series = run.series.get(name);
    if (!series) run.series.set(name, (series = { name, steps: [], values: [] }));
    series.steps.push(step);
    series.values.push(value);
  }

  private showProgress(run: Run, force: boolean): void {
    const now = this.now();
    if (!force && now - run.lastProgress < 1000 / PROGRESS_HZ) return;
    run.lastProgress = now;
    const p = run.progress;
    const text = `${p.state === 'running' ? 'training' : p.state}: step ${p.step}/${p.totalSteps}, loss ${Number.isFinite(p.loss) ? p.loss.toFixed(4) : '-'}, ${p.imagesPerSec.toFixed(1)} img/s${p.state === 'running' ? `, ETA ${formatEta(p.etaSeconds)}` : ''}`;
    this.display(output([jsonItem(LookTwiceMime.progress, p), plainItem(text)], `progress-${run.runId}`), run.shownProgress);
    run.shownProgress = true;
  }

  private showCurve(run: Run, force: boolean): void {
    const now = this.now();
    if (run.series.size === 0 || (!force && now - run.lastCurve < 1000 / CURVE_HZ)) return;
    run.lastCurve = now;
    const payload = lossCurvePayload([...run.series.values()], run.runId, run.ended, `run ${run.runId}`);
    this.display(lossCurveOutput(payload, `loss-${run.runId}`), run.shownCurve);
    run.shownCurve = true;
  }
}

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function assertNever(value: never): never {
  throw new Error(`unknown library event ${JSON.stringify(value)}`);
}
