/**
 * Aligns curves sampled at different steps onto one shared x axis, as uPlot wants its data:
 * [xs, ys_0, ys_1, ...] with `null` where a series has no value at that step (a gap, not a zero).
 */
import type { CurveSeries } from '../../protocol/outputs';

export type AlignedCurves = [xs: number[], ...ys: Array<Array<number | null>>];

export function alignSeries(series: ReadonlyArray<Pick<CurveSeries, 'steps' | 'values'>>): AlignedCurves {
  const stepSet = new Set<number>();
  for (const s of series) for (const step of s.steps) if (Number.isFinite(step)) stepSet.add(step);
  const xs = [...stepSet].sort((a, b) => a - b);
  const column = new Map<number, number>();
  xs.forEach((step, i) => column.set(step, i));
  const ys = series.map((s) => {
    const row: Array<number | null> = new Array<number | null>(xs.length).fill(null);
    const n = Math.min(s.steps.length, s.values.length);
    for (let i = 0; i < n; i++) {
      const c = column.get(s.steps[i]);
      const v = s.values[i];
      if (c !== undefined) row[c] = Number.isFinite(v) ? v : null;
    }
    return row;
  });
  return [xs, ...ys];
}

/** True when every present value of the given rows is > 0, so a log scale can show them. */
export function allPositive(rows: ReadonlyArray<ReadonlyArray<number | null>>): boolean {
  return rows.every((row) => row.every((v) => v === null || v > 0));
}

/** A compact axis tick label: 3 significant digits, exponent form below 0.01 or from 1e5 ("1.5e-3"). */
export function formatTick(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 0.01 || abs >= 1e5) return value.toExponential(1).replace('e+', 'e');
  return String(Number(value.toPrecision(3)));
}
