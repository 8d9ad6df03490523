/**
 * The progress of a training run as users read it, with one definition for every place that shows it:
 * the cell's progress output (built by the kernel, and by the host when the kernel died mid-run), its
 * text/plain fallback and the renderer's status line, and the VS Code progress notification.
 * Every metric of the step is shown, so a method's new scalar appears without code here.
 */
import { LookTwiceMime, type DisplayOutput, type LossCurvePayload, type ProgressPayload } from './outputs';
import { COLLAPSING_METRIC, orderMetricNames, type TrainStart, type TrainStep } from './trainingEvents';

/** Short labels of the step quantities; other metrics show under their own names. */
const LABELS: Record<string, (value: string) => string> = {
  loss: (v) => `loss ${v}`,
  learningRate: (v) => `lr ${v}`,
  imagesPerSec: (v) => `${v} img/s`,
};

/**
 * The progress payload after `step` (none yet: step 0). The run's length is the latest step's: a run
 * planned for a time budget starts with none (0) and each step carries the library's estimate.
 */
export function progressPayload(
  start: Pick<TrainStart, 'runId' | 'method' | 'totalSteps'>,
  step: (Pick<TrainStep, 'step' | 'epoch' | 'metrics'> & Partial<Pick<TrainStep, 'totalSteps'>>) | undefined,
  state: ProgressPayload['state'],
  etaSeconds: number,
  message?: string,
): ProgressPayload {
  return {
    runId: start.runId,
    method: start.method,
    state,
    step: step?.step ?? 0,
    totalSteps: step?.totalSteps ?? start.totalSteps,
    epoch: step?.epoch ?? 0,
    metrics: { ...(step?.metrics ?? {}) },
    etaSeconds,
    ...(message ? { message } : {}),
  };
}

/** "1h 02m", "3m 05s", "42s", or "-" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** A number with ~4 significant digits; exponent form for very small or large values; '-' for NaN. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** "loss 3.5 · lr 0.3 · 120 img/s · queueFill 0.25": every metric, step quantities first. */
export function metricsText(metrics: Record<string, number>): string {
  return orderMetricNames(Object.keys(metrics))
    .map((name) => (LABELS[name] ?? ((v: string) => `${name} ${v}`))(formatNumber(metrics[name])))
    .join(' · ');
}

/** "⚠ representation collapsing (std × √d 0.012)" while the step carries the collapse flag, else undefined. */
export function collapseText(metrics: Record<string, number>): string | undefined {
  if (metrics[COLLAPSING_METRIC] !== 1) return undefined;
  const ratio = metrics.representationStdRatio;
  return `⚠ representation collapsing${ratio === undefined ? '' : ` (std × √d ${formatNumber(ratio)}, ~1 healthy)`}`;
}

/** The one-line status: "step 5/20 · epoch 1 · loss 3.5 · lr 0.3 · 120 img/s · ETA 1m 05s" (or the end state). */
export function progressText(p: ProgressPayload): string {
  const metrics = metricsText(p.metrics);
  const collapse = collapseText(p.metrics);
  const parts = [
    ...(collapse ? [collapse] : []),
    `step ${p.step}/${p.totalSteps}`,
    `epoch ${p.epoch}`,
    ...(metrics ? [metrics] : []),
  ];
  if (p.state === 'running') parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  else parts.push(p.message ? `${p.state}: ${p.message}` : p.state);
  return parts.join(' · ');
}

/** A step in one line, as the progress notification shows it: "step 3/10 · loss 1.234 · lr 0.1 · 120 img/s · queueFill 0.5". */
export function stepMessage(event: Pick<TrainStep, 'step' | 'totalSteps' | 'metrics'>): string {
  const collapse = collapseText(event.metrics);
  return `${collapse ? `${collapse} · ` : ''}step ${event.step}/${event.totalSteps} · ${metricsText(event.metrics)}`;
}

/** The display id of a run's progress output (replaced in place). */
export function progressDisplayId(runId: string): string {
  return `progress-${runId}`;
}

/** The display id of a run's loss-curve output (replaced in place). */
export function lossCurveDisplayId(runId: string): string {
  return `loss-${runId}`;
}

/** What a loss curve's title says about its run: 'training…', why it ended early, or nothing once it is done. */
export function curveStateText(p: Pick<LossCurvePayload, 'done' | 'status' | 'message'>): string | undefined {
  if (!p.done) return 'training…';
  if (p.status === undefined || p.status === 'done') return undefined;
  return p.message ? `${p.status}: ${p.message}` : p.status;
}

const encoder = new TextEncoder();

/** The cell output: the progress MIME payload for the renderer and the status line as text/plain. */
export function progressOutput(p: ProgressPayload): DisplayOutput {
  // JSON has no NaN: a metric that is not finite is left out of the payload.
  const metrics = Object.fromEntries(Object.entries(p.metrics).filter(([, v]) => Number.isFinite(v)));
  return {
    items: [
      { mime: LookTwiceMime.progress, data: encoder.encode(JSON.stringify({ ...p, metrics })) },
      { mime: 'text/plain', data: encoder.encode(progressText(p)) },
    ],
    displayId: progressDisplayId(p.runId),
  };
}

/**
 * A run's last loss-curve output, ended with `status`: the host's replacement when the kernel that drew
 * it died or restarted mid-run. Only the payload changes; the fallbacks (SVG, text) show no run state.
 */
export function endedLossCurveOutput(
  last: DisplayOutput,
  status: 'interrupted' | 'error',
  message: string,
): DisplayOutput {
  const items = last.items.map((item) => {
    if (item.mime !== LookTwiceMime.lossCurve) return item;
    const payload = JSON.parse(new TextDecoder().decode(item.data)) as LossCurvePayload;
    return {
      mime: item.mime,
      data: encoder.encode(JSON.stringify({ ...payload, done: true, status, message } satisfies LossCurvePayload)),
    };
  });
  return { ...last, items };
}
