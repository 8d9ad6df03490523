/**
 * The Training tab's collapse warning. The library flags each step at which a run is collapsing with
 * the step metric `collapsing` = 1 (src/simclr/train/collapse.ts: the std of the l2-normalised
 * outputs x sqrt(d) below the one threshold for several steps); the panel shows it as a banner rather
 * than a chart, with the std ratio the flag was decided on. Pure, so it is tested without a browser.
 */
import { COLLAPSING_METRIC } from '../../protocol/trainingEvents';
import type { Run } from './runs';

/** The warning text for `run`, or undefined when it never collapsed. */
export function collapseNotice(run: Run | undefined): string | undefined {
  const flag = run?.series[COLLAPSING_METRIC];
  if (!run || !flag || flag.steps.length === 0) return undefined;
  const first = flag.steps[0];
  const last = flag.steps[flag.steps.length - 1];
  const latestStep = run.series.loss?.steps.at(-1) ?? last;
  const ratio = run.series.representationStdRatio?.values.at(-1);
  const now = latestStep <= last ? `since step ${first}` : `from step ${first} to ${last} (recovered since)`;
  const measured =
    ratio === undefined
      ? ''
      : `: std of the l2-normalised outputs × √d = ${ratio.toFixed(3)} (about 1 when healthy, 0 when every image maps to one vector)`;
  return `Representation collapsing ${now}${measured}. Check the method's stop-gradient, predictor or learning rate.`;
}
