/**
 * The loss-curve output: the custom MIME payload (LossCurvePayload) for our renderer, an SVG line
 * chart (d3-scale, d3-shape) as the standard fallback, and a one-line text summary. Long series are
 * thinned to the protocol's CURVE_POINTS (thinSeries: evenly spaced steps, always the first and the last).
 */
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { LookTwiceMime, type CurveSeries, type DisplayOutput, type LossCurvePayload } from '../../protocol/outputs';
import { CURVE_POINTS, thinSeries } from '../../protocol/trainingEvents';
import { MAX_CURVE_SERIES } from '../../protocol/payloadLimits';
import { jsonItem, output, plainItem, textItem } from './mimeBundle';

const WIDTH = 640;
const HEIGHT = 300;
const MARGIN = { top: 40, right: 16, bottom: 36, left: 64 };
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948'];

/** Series from what a cell may hold: number[], { loss: number[] }, tf's History, CurveSeries[], or a payload. */
export function seriesOf(history: unknown): CurveSeries[] {
  const numbers = (value: unknown): value is number[] =>
    Array.isArray(value) && value.every((v) => typeof v === 'number');
  const fromArray = (name: string, values: number[], steps?: number[]): CurveSeries => ({
    name,
    steps: steps ?? values.map((_, i) => i + 1),
    values,
  });
  if (numbers(history)) return [fromArray('loss', history)];
  // pretrain's history: [{ step, loss, ... }] records.
  if (
    Array.isArray(history) &&
    history.length > 0 &&
    history.every((r) => typeof r === 'object' && r !== null && typeof (r as { loss?: unknown }).loss === 'number')
  ) {
    const records = history as { loss: number; step?: number }[];
    return [
      fromArray(
        'loss',
        records.map((r) => r.loss),
        records.map((r, i) => (typeof r.step === 'number' ? r.step : i + 1)),
      ),
    ];
  }
  if (
    Array.isArray(history) &&
    history.every((s) => typeof s === 'object' && s !== null && numbers((s as CurveSeries).values))
  ) {
    return (history as CurveSeries[]).map((s) => fromArray(s.name, s.values, s.steps));
  }
  if (typeof history === 'object' && history !== null) {
    const record = history as Record<string, unknown>;
    if (Array.isArray(record.series)) return seriesOf(record.series);
    if (typeof record.history === 'object' && record.history !== null) return seriesOf(record.history);
    const steps = numbers(record.steps) ? record.steps : undefined;
    const found = Object.entries(record).filter(
      ([key, value]) => key !== 'steps' && numbers(value) && value.length > 0,
    );
    if (found.length > 0)
      return found.map(([name, values]) => fromArray(name === 'losses' ? 'loss' : name, values as number[], steps));
  }
  throw new TypeError(
    "show.lossCurve(history): expected number[], { loss: number[] } (optionally with steps), pretrain's result or history, a tf History, or [{ name, steps, values }]",
  );
}

/** `ended`: how the run ended (undefined while it runs). */
export function lossCurvePayload(
  series: CurveSeries[],
  runId: string,
  ended: Pick<LossCurvePayload, 'status' | 'message'> | undefined,
  title?: string,
): LossCurvePayload {
  // JSON has no NaN or Infinity: a diverged step is left out rather than breaking the payload.
  const finite = series.slice(0, MAX_CURVE_SERIES).map((s) => {
    const keep = s.values.map((v, i) => Number.isFinite(v) && Number.isFinite(s.steps[i]));
    return { name: s.name, steps: s.steps.filter((_, i) => keep[i]), values: s.values.filter((_, i) => keep[i]) };
  });
  return {
    runId,
    ...(title ? { title } : {}),
    series: finite.map((s) => thinSeries(s, CURVE_POINTS)),
    done: ended !== undefined,
    ...ended,
  };
}

export function lossCurveSvg(payload: LossCurvePayload): string {
  const all = payload.series
    .flatMap((s) => s.values.map((v, i) => [s.steps[i], v] as const))
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const x = scaleLinear()
    .domain(all.length ? [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)] : [0, 1])
    .range([MARGIN.left, WIDTH - MARGIN.right]);
  const y = scaleLinear()
    .domain(all.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1])
    .nice()
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const path = line<readonly [number, number]>()
    .defined(([a, b]) => Number.isFinite(a) && Number.isFinite(b))
    .x(([a]) => x(a))
    .y(([, b]) => y(b));
  const lines = payload.series.map((s, i) => {
    const d = path(s.values.map((v, j) => [s.steps[j], v] as const)) ?? '';
    return `<path d="${d}" fill="none" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="1.5"><title>${escapeXml(s.name)}</title></path>`;
  });
  const yTicks = y
    .ticks(5)
    .map(
      (t) =>
        `<g transform="translate(0,${y(t).toFixed(1)})"><line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" stroke="#ddd"/><text x="${MARGIN.left - 6}" dy="0.32em" text-anchor="end">${y.tickFormat(5)(t)}</text></g>`,
    );
  // Steps are integers: no 1.5 tick on a short run.
  const xTicks = x
    .ticks(6)
    .filter(Number.isInteger)
    .map(
      (t) =>
        `<text x="${x(t).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${t.toLocaleString('en-US')}</text>`,
    );
  // Legend at the top right, a coloured stroke before each name; the y axis is named after the quantity.
  const names = payload.series.map((s) => s.name);
  let legendX = WIDTH - MARGIN.right;
  const legend = names
    .map((name, i) => ({ name, i }))
    .reverse()
    .map(({ name, i }) => {
      const at = legendX - name.length * 6.2;
      legendX = at - 30;
      return `<line x1="${(at - 20).toFixed(1)}" x2="${(at - 4).toFixed(1)}" y1="${MARGIN.top - 12}" y2="${MARGIN.top - 12}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2"/><text x="${at.toFixed(1)}" y="${MARGIN.top - 8}">${escapeXml(name)}</text>`;
    });
  const yLabel = [...new Set(names)].length === 1 ? names[0] : 'value';
  const title = payload.title ?? `run ${payload.runId}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...yTicks,
    ...xTicks,
    ...lines,
    ...legend,
    // No run state in the picture: when a kernel dies mid-run the host ends the payload but cannot redraw this.
    `<text x="${MARGIN.left}" y="${MARGIN.top - 22}" font-size="13" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 6}" text-anchor="middle">step</text>`,
    `<text transform="translate(14,${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(yLabel ?? '')}</text>`,
    `</svg>`,
  ].join('\n');
}

export function lossCurveSummary(payload: LossCurvePayload): string {
  return payload.series
    .map((s) => {
      const n = s.values.length;
      return n === 0
        ? `${s.name}: no values yet`
        : `${s.name}: ${n} points, first ${s.values[0].toPrecision(4)}, last ${s.values[n - 1].toPrecision(4)} (step ${s.steps[n - 1]})`;
    })
    .join('\n');
}

export function lossCurveOutput(payload: LossCurvePayload, displayId?: string): DisplayOutput {
  return output(
    [
      jsonItem(LookTwiceMime.lossCurve, payload),
      textItem('image/svg+xml', lossCurveSvg(payload)),
      plainItem(lossCurveSummary(payload)),
    ],
    displayId,
  );
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
