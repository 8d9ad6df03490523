/**
 * Tick positions for a step axis: steps are integers, so ticks are too (1, 2, 5, 10, 20, 50, ...
 * apart; never 1.25). Used as uPlot's `incrs` (the candidate spacings it picks from by pixel space)
 * and `splits` (the tick values) for the x axis of every curve chart.
 */

/** 1-2-5 integer spacings from 1 up to 5e15 (beyond any step count). */
export const INTEGER_INCREMENTS: readonly number[] = (() => {
  const out: number[] = [];
  for (let decade = 1; decade <= 1e15; decade *= 10) out.push(decade, 2 * decade, 5 * decade);
  return out;
})();

/**
 * Integer ticks in [min, max]: multiples of `increment` rounded up to an integer of at least 1 (so a
 * fractional spacing proposed for a short range still gives whole steps).
 */
export function integerSplits(min: number, max: number, increment: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const step = Math.max(1, Math.ceil(Number.isFinite(increment) ? increment : 1));
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max; v += step) out.push(v);
  return out;
}
