/**
 * Training events as every process sees them: the library's own union (src/simclr/train/trainingEvent.ts,
 * re-exported here as types only, so the protocol keeps no runtime dependency), forwarded unchanged from
 * pretrain to the kernel, the host, the extension and the webview. Also the one thinning function and
 * its caps, used wherever a run's points are kept or drawn (the loss-curve output, the extension's
 * retained history, the panel's runs).
 */
import type { TrainingEvent } from '../simclr/train/trainingEvent';
export type { RunStatus, StepMetrics, TrainingEvent } from '../simclr/train/trainingEvent';
import type { CollapsingMetric } from '../simclr/train/collapse';

export type TrainStart = Extract<TrainingEvent, { kind: 'trainStart' }>;
export type TrainStep = Extract<TrainingEvent, { kind: 'trainStep' }>;
export type TrainEnd = Extract<TrainingEvent, { kind: 'trainEnd' }>;
export type TrainSnapshot = Extract<TrainingEvent, { kind: 'trainSnapshot' }>;
export type {
  MonitorSnapshot,
  PairInspection,
  KnnErrorInspection,
  NeighbourInspection,
} from '../simclr/monitor/monitorSnapshot';

/** Points per series in a loss-curve cell output (it is saved in the .ipynb). */
export const CURVE_POINTS = 2000;
/** Steps per run kept by the extension's retained history and by the panel's runs. */
export const HISTORY_POINTS = 4000;
/** Monitor snapshots per run kept by the extension's retained history and by the panel (thin()). */
export const HISTORY_SNAPSHOTS = 24;
/** Runs per kernel kept by the extension's retained history and by the panel (oldest dropped first). */
export const HISTORY_RUNS = 8;

/**
 * The step flag a run carries (value 1) while its representation collapses: a warning in the progress
 * line, the notification and the panel, never a number or a curve. Typed by the library's own name.
 */
export const COLLAPSING_METRIC: CollapsingMetric = 'collapsing';
/** Flags among a step's metrics: shown as warnings, left out of metric lists and curves. */
export const FLAG_METRICS: readonly string[] = [COLLAPSING_METRIC];

/** Metrics every step has, in display order; a method's own metrics follow them. */
export const STEP_QUANTITIES = ['loss', 'learningRate', 'imagesPerSec'] as const;
/** Metrics about the run's mechanics rather than the model: in the progress line, not on the loss curve. */
export const RATE_QUANTITIES: readonly string[] = ['learningRate', 'imagesPerSec'];

export function isTrainingEvent(event: { kind: string }): event is TrainingEvent {
  return (
    event.kind === 'trainStart' ||
    event.kind === 'trainStep' ||
    event.kind === 'trainSnapshot' ||
    event.kind === 'trainEnd'
  );
}

/** Metric names in display order: the step quantities, then the others alphabetically (flags left out). */
export function orderMetricNames(names: Iterable<string>): string[] {
  const all = new Set([...names].filter((n) => !FLAG_METRICS.includes(n)));
  const fixed = STEP_QUANTITIES.filter((q) => all.has(q));
  return [...fixed, ...[...all].filter((n) => !(STEP_QUANTITIES as readonly string[]).includes(n)).sort()];
}

/**
 * At most `cap` items, evenly spaced, always the first and the last. A list over the cap is thinned
 * to half the cap, so a series that grows one point at a time is thinned once per doubling (amortised
 * O(1) per point) and a drawn curve keeps between cap/2 and cap points.
 */
export function thin<T>(items: readonly T[], cap: number): T[] {
  const n = items.length;
  if (n <= cap) return [...items];
  const keep = Math.max(2, Math.floor(cap / 2));
  const out: T[] = [];
  for (let k = 0; k < keep; k++) out.push(items[Math.round((k * (n - 1)) / (keep - 1))]);
  return out;
}

/** thin() of parallel step/value arrays (a curve series). */
export function thinSeries<S extends { steps: number[]; values: number[] }>(series: S, cap: number): S {
  if (series.steps.length <= cap) return series;
  const kept = thin(
    series.steps.map((_, i) => i),
    cap,
  );
  return { ...series, steps: kept.map((i) => series.steps[i]), values: kept.map((i) => series.values[i]) };
}
