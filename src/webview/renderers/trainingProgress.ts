/**
 * Renderer of `application/vnd.look-twice.progress+json`: a progress bar with step, epoch, loss,
 * learning rate, images/s and ETA. The kernel replaces this output in place at a bounded rate;
 * re-rendering updates the existing nodes (no flicker, no re-layout of the notebook).
 */
import type { ProgressPayload } from '../../protocol/outputs';
import { parseProgress } from './payloads';
import type { MimeRenderer } from './rendererApi';

/** "1h 02m", "3m 05s", "42s" or "-" for unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '-';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Number with ~4 significant digits; exponent form for very small or large values; '-' for NaN. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '-';
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/** The status line under the bar. */
export function progressSummary(p: ProgressPayload): string {
  const parts = [
    `step ${p.step}/${p.totalSteps}`,
    `epoch ${p.epoch}`,
    `loss ${formatNumber(p.loss)}`,
    `lr ${formatNumber(p.learningRate)}`,
    `${formatNumber(p.imagesPerSec)} img/s`,
  ];
  if (p.state === 'running') parts.push(`ETA ${formatDuration(p.etaSeconds)}`);
  else parts.push(p.state);
  return parts.join(' · ');
}

const views = new WeakMap<HTMLElement, { root: HTMLDivElement; bar: HTMLDivElement; fill: HTMLDivElement; text: HTMLDivElement }>();

export const trainingProgressRenderer: MimeRenderer = {
  render(payload: unknown, element: HTMLElement): void {
    const p = parseProgress(payload);
    let view = views.get(element);
    if (!view || !element.contains(view.root)) {
      const root = document.createElement('div');
      root.className = 'lt-progress';
      const bar = document.createElement('div');
      bar.className = 'lt-progress-bar';
      bar.setAttribute('role', 'progressbar');
      const fill = document.createElement('div');
      fill.className = 'lt-progress-fill';
      bar.append(fill);
      const text = document.createElement('div');
      text.className = 'lt-progress-text';
      root.append(bar, text);
      element.replaceChildren(root);
      view = { root, bar, fill, text };
      views.set(element, view);
    }
    const fraction = p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : 0;
    view.fill.style.width = `${(fraction * 100).toFixed(2)}%`;
    view.bar.dataset.state = p.state;
    view.bar.setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
    view.text.textContent = progressSummary(p);
  },
  dispose(element: HTMLElement): void {
    views.delete(element);
    element.replaceChildren();
  },
};
