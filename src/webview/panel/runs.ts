/**
 * Training runs of the followed kernel, as the panel's Training tab plots them: one entry per runId
 * with its method, config, status and one series per metric of its steps (loss, learningRate,
 * imagesPerSec and whatever the method reports, read generically). Pure and immutable, so it is part
 * of the reducer's state.
 */
import { assertNever } from '../../protocol/assertNever';
import {
  HISTORY_POINTS,
  HISTORY_RUNS,
  HISTORY_SNAPSHOTS,
  orderMetricNames,
  thin,
  thinSeries,
  type RunStatus,
  type TrainSnapshot,
  type TrainingEvent,
} from '../../protocol/trainingEvents';

export interface Series {
  steps: number[];
  values: number[];
}

export interface Run {
  id: string;
  /** The training method ('' until the run's start was seen). */
  method: string;
  config: Record<string, string | number | boolean>;
  totalSteps: number;
  startedAt: number;
  status: 'running' | RunStatus;
  /** Why it ended early (the error, or the kernel's death). */
  message?: string;
  series: Record<string, Series>;
  /** The training monitor's snapshots, oldest first (at most HISTORY_SNAPSHOTS, thinned). */
  snapshots: TrainSnapshot[];
}

/** Appends (step, value), keeping at most HISTORY_POINTS (protocol's thin: the first and the latest point stay). */
export function appendPoint(series: Series | undefined, step: number, value: number): Series {
  const next = {
    steps: series ? [...series.steps, step] : [step],
    values: series ? [...series.values, value] : [value],
  };
  return thinSeries(next, HISTORY_POINTS);
}

function blankRun(id: string): Run {
  return { id, method: '', config: {}, totalSteps: 0, startedAt: 0, status: 'running', series: {}, snapshots: [] };
}

/** Runs after one training event. Events of an unknown run create it (the panel opened mid-run). */
export function applyTrainEvent(runs: readonly Run[], event: TrainingEvent): Run[] {
  const index = runs.findIndex((r) => r.id === event.runId);
  const run = index >= 0 ? runs[index] : blankRun(event.runId);
  let next: Run;
  switch (event.kind) {
    case 'trainStart':
      next = {
        ...blankRun(event.runId),
        method: event.method,
        config: event.config,
        totalSteps: event.totalSteps,
        startedAt: event.startedAt,
      };
      break;
    case 'trainStep': {
      const series = { ...run.series };
      for (const [name, value] of Object.entries(event.metrics)) {
        if (Number.isFinite(value)) series[name] = appendPoint(series[name], event.step, value);
      }
      next = { ...run, method: event.method, totalSteps: event.totalSteps, series };
      break;
    }
    case 'trainSnapshot':
      next = { ...run, snapshots: thin([...run.snapshots, event], HISTORY_SNAPSHOTS) };
      break;
    case 'trainEnd':
      next = { ...run, status: event.status, ...(event.message ? { message: event.message } : {}) };
      break;
    default:
      assertNever(event, 'training event');
  }
  const updated = index >= 0 ? runs.map((r, i) => (i === index ? next : r)) : [...runs, next];
  return updated.slice(Math.max(0, updated.length - HISTORY_RUNS));
}

/** Every quantity any run has, step quantities first, then the methods' metrics alphabetically. */
export function quantities(runs: readonly Run[]): string[] {
  return orderMetricNames(runs.flatMap((run) => Object.keys(run.series)));
}
/** Short human name of a run for legends: "run 2 (18:04)". */
export function runLabel(runs: readonly Run[], id: string): string {
  const i = runs.findIndex((r) => r.id === id);
  const run = runs[i];
  if (!run) return id;
  const time = run.startedAt > 0 ? new Date(run.startedAt).toISOString().slice(11, 16) : '';
  return `run ${i + 1}${time ? ` ${time}` : ''}`;
}
