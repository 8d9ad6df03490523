/**
 * Which training-monitor snapshot the Inspect tab shows, and the numbers its views draw, as pure
 * functions of the reducer's state (tested in Node): the picked run or the latest that has snapshots, the snapshot
 * at the scrubber's step (or the latest while the scrubber follows the run), one fixed frame for the
 * run's aligned projections (so the picture grows and moves but never rescales between frames),
 * histogram counts as fractions (n positives against n (n - 1) negatives) and the spectrum normalised
 * by its largest value.
 */
import type { MonitorSnapshot, TrainSnapshot } from '../../protocol/trainingEvents';
import type { Run } from './runs';

export interface InspectedSnapshot {
  run: Run;
  /** Index in run.snapshots, and the event. */
  index: number;
  event: TrainSnapshot;
  /** True when the scrubber follows the newest snapshot (no step picked, or the picked one is gone). */
  following: boolean;
}

/** Runs that have snapshots, newest first (the Inspect tab's run picker). */
export function inspectableRuns(runs: readonly Run[]): Run[] {
  return [...runs].reverse().filter((r) => r.snapshots.length > 0);
}

/**
 * Run `runId` (undefined, or a run gone or without snapshots: the latest run with snapshots) and its
 * snapshot at `step` (undefined: the newest).
 */
export function inspectedSnapshot(
  runs: readonly Run[],
  step: number | undefined,
  runId?: string,
): InspectedSnapshot | undefined {
  const candidates = inspectableRuns(runs);
  const run = candidates.find((r) => r.id === runId) ?? candidates[0];
  if (!run) return undefined;
  const picked = step === undefined ? -1 : run.snapshots.findIndex((s) => s.step === step);
  const index = picked >= 0 ? picked : run.snapshots.length - 1;
  return { run, index, event: run.snapshots[index], following: picked < 0 || index === run.snapshots.length - 1 };
}

export interface Extent {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The box holding every point of every snapshot of the run, square and padded by 5%. */
export function runExtent(snapshots: readonly TrainSnapshot[]): Extent {
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (const { snapshot } of snapshots) {
    const p = snapshot.points;
    for (let i = 0; i + 1 < p.length; i += 2) {
      minX = Math.min(minX, p[i]);
      maxX = Math.max(maxX, p[i]);
      minY = Math.min(minY, p[i + 1]);
      maxY = Math.max(maxY, p[i + 1]);
    }
  }
  if (!(minX <= maxX)) return { minX: -1, maxX: 1, minY: -1, maxY: 1 };
  const half = (Math.max(maxX - minX, maxY - minY, 1e-9) / 2) * 1.05;
  const cx = (minX + maxX) / 2,
    cy = (minY + maxY) / 2;
  return { minX: cx - half, maxX: cx + half, minY: cy - half, maxY: cy + half };
}

/** Histogram counts as fractions of their total (each sums to 1; all zeros when empty). */
export function fractions(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/** Singular values over the largest (1 first), for a log-scale spectrum; [] when all are 0. */
export function normalisedSpectrum(snapshot: Pick<MonitorSnapshot, 'spectrum'>): number[] {
  const top = snapshot.spectrum[0] ?? 0;
  return top > 0 ? snapshot.spectrum.map((s) => s / top) : [];
}

/** "step 40 · 3/5" and, while the run goes on, whether the scrubber follows it. */
export function scrubberText(inspected: InspectedSnapshot): string {
  const { run, index, event, following } = inspected;
  const live = run.status === 'running' && following ? ' · following the run' : '';
  return `step ${event.step} · snapshot ${index + 1}/${run.snapshots.length}${live}`;
}
