/**
 * Judging an engine against a reference on a noisy machine: each round's ratio is taken between
 * runs that were interleaved (same minutes, same load), and the verdict is the median ratio with
 * its spread, not the ratio of medians from different moments.
 */
import { median } from './engineRecord';

/** The median of a sample and its range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median (the mean of the middle two for an even count) and min-max; NaN for an empty sample. */
export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { median: NaN, min: NaN, max: NaN };
  return { median: median([...values]), min: Math.min(...values), max: Math.max(...values) };
}

/** One measurement of a round. */
export interface RoundValue {
  round: number;
  value: number;
}

/**
 * value / reference for every round in which both ran, in round order (a round the reference
 * missed gives no ratio rather than one against another moment's reference).
 */
export function ratiosByRound(values: readonly RoundValue[], reference: readonly RoundValue[]): number[] {
  const ref = new Map(reference.map((r) => [r.round, r.value]));
  return [...values]
    .sort((a, b) => a.round - b.round)
    .filter((v) => ref.has(v.round))
    .map((v) => v.value / ref.get(v.round)!);
}

/** "0.92x (0.80-1.05)": the median ratio and its spread; one round prints without a range. */
export function formatRatio(s: Spread): string {
  if (Number.isNaN(s.median)) return '-';
  return s.min === s.max
    ? `${s.median.toFixed(2)}x`
    : `${s.median.toFixed(2)}x (${s.min.toFixed(2)}-${s.max.toFixed(2)})`;
}
