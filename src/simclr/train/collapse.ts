/**
 * Collapse detection: a self-supervised network can map every image to (almost) the same output,
 * which minimises the loss of methods without negatives (SimSiam without its stop-gradient, Chen &
 * He 2021, arXiv:2011.10566 section 4.1 and fig. 2). The signal is the per-channel std of the
 * l2-normalised outputs over the batch (`representationStd`), about 1/sqrt(d) when the outputs
 * spread over the sphere and 0 when collapsed; the loop reports it times sqrt(d)
 * (`representationStdRatio`, ~1 healthy, whatever the width) and warns when that ratio stays
 * below COLLAPSE_WARNING_RATIO (the one threshold, beside the metric) for COLLAPSE_STEPS steps in a row.
 */
import { COLLAPSE_WARNING_RATIO } from '../metrics/representationStd';
import type { StepInfo } from './pretrainOptions';
/** The step metric (value 1) the loop adds at every step where `isRunCollapsing` holds. */
export const COLLAPSING_METRIC = 'collapsing';
export type CollapsingMetric = typeof COLLAPSING_METRIC;

/** Consecutive steps below the ratio before warning (one noisy batch is not a collapse). */
export const COLLAPSE_STEPS = 5;

/**
 * Whether the run is collapsing at its latest step: the last COLLAPSE_STEPS steps all had a std
 * ratio below the threshold. The loop reports it as the step metric `collapsing` (1), which the
 * cell's progress and the panel show as a warning.
 */
export function isRunCollapsing(history: StepInfo[]): boolean {
  if (history.length < COLLAPSE_STEPS) return false;
  return history
    .slice(-COLLAPSE_STEPS)
    .every(
      (h) =>
        h.metrics?.representationStdRatio !== undefined && h.metrics.representationStdRatio < COLLAPSE_WARNING_RATIO,
    );
}

/** The warning for the run so far, or undefined while it has not collapsed. */
export function collapseWarning(method: string, history: StepInfo[]): string | undefined {
  if (!isRunCollapsing(history)) return undefined;
  const recent = history.slice(-COLLAPSE_STEPS).map((h) => h.metrics?.representationStdRatio);
  const last = history[history.length - 1];
  return (
    `pretrain (${method}): the representation is collapsing at step ${last.step}: std of the l2-normalised outputs x sqrt(d) = ${(recent.at(-1) as number).toFixed(3)} ` +
    `(about 1 when healthy, 0 when every image maps to one vector) for ${COLLAPSE_STEPS} steps. Check the method's stop-gradient, predictor or learning rate`
  );
}
