/**
 * Training runs of the followed kernel, as the panel's Training tab plots them: one entry per runId
 * with its config, status and one series per quantity (loss, learningRate, imagesPerSec and every
 * trainMetric name such as knnAccuracy). Pure and immutable, so it is part of the reducer's state.
 */
import type { PanelEvent } from '../../protocol/panelMessages';

export interface Series {
  steps: number[];
  values: number[];
}

export type RunStatus = 'running' | 'done' | 'interrupted' | 'error';

export interface Run {
  id: string;
  config: Record<string, string | number | boolean>;
  startedAt: number;
  status: RunStatus;
  series: Record<string, Series>;
}

/** Quantities every step reports, in the Training tab's order; metrics follow. */
export const STEP_QUANTITIES = ['loss', 'learningRate', 'imagesPerSec'] as const;

/** Runs kept per kernel (oldest dropped first) and points kept per series (halved when exceeded). */
export const MAX_RUNS = 8;
export const MAX_POINTS = 4000;

type TrainEvent = Extract<PanelEvent, { kind: 'trainStart' | 'trainStep' | 'trainMetric' | 'trainEnd' }>;

export function isTrainEvent(event: PanelEvent): event is TrainEvent {
  return event.kind === 'trainStart' || event.kind === 'trainStep' || event.kind === 'trainMetric' || event.kind === 'trainEnd';
}

/** Appends (step, value), keeping at most MAX_POINTS by dropping every other older point. */
export function appendPoint(series: Series | undefined, step: number, value: number): Series {
  const steps = series ? [...series.steps, step] : [step];
  const values = series ? [...series.values, value] : [value];
  if (steps.length <= MAX_POINTS) return { steps, values };
  const keep = (_: number, i: number): boolean => i % 2 === 0 || i === steps.length - 1;
  return { steps: steps.filter(keep), values: values.filter(keep) };
}

function blankRun(id: string): Run {
  return { id, config: {}, startedAt: 0, status: 'running', series: {} };
}

/** Runs after one training event. Events of an unknown run create it (the panel opened mid-run). */
export function applyTrainEvent(runs: readonly Run[], event: TrainEvent): Run[] {
  const index = runs.findIndex((r) => r.id === event.runId);
  const run = index >= 0 ? runs[index] : blankRun(event.runId);
  let next: Run;
  switch (event.kind) {
    case 'trainStart':
      next = { ...blankRun(event.runId), config: event.config, startedAt: event.startedAt };
      break;
    case 'trainStep': {
      const series = { ...run.series };
      for (const q of STEP_QUANTITIES) {
        if (Number.isFinite(event[q])) series[q] = appendPoint(series[q], event.step, event[q]);
      }
      next = { ...run, series };
      break;
    }
    case 'trainMetric':
      next = Number.isFinite(event.value) ? { ...run, series: { ...run.series, [event.name]: appendPoint(run.series[event.name], event.step, event.value) } } : run;
      break;
    case 'trainEnd':
      next = { ...run, status: event.status };
      break;
    default: {
      const unreachable: never = event;
      throw new Error(`runs: unknown event ${JSON.stringify(unreachable)}`);
    }
  }
  const updated = index >= 0 ? runs.map((r, i) => (i === index ? next : r)) : [...runs, next];
  return updated.slice(Math.max(0, updated.length - MAX_RUNS));
}

/** Every quantity any run has, step quantities first, then metrics alphabetically. */
export function quantities(runs: readonly Run[]): string[] {
  const names = new Set<string>();
  for (const run of runs) for (const name of Object.keys(run.series)) names.add(name);
  const fixed = STEP_QUANTITIES.filter((q) => names.has(q));
  const metrics = [...names].filter((n) => !(STEP_QUANTITIES as readonly string[]).includes(n)).sort();
  return [...fixed, ...metrics];
}

/** Short human name of a run for legends: "run 2 (18:04)". */
export function runLabel(runs: readonly Run[], id: string): string {
  const i = runs.findIndex((r) => r.id === id);
  const run = runs[i];
  if (!run) return id;
  const time = run.startedAt > 0 ? new Date(run.startedAt).toISOString().slice(11, 16) : '';
  return `run ${i + 1}${time ? ` ${time}` : ''}`;
}
