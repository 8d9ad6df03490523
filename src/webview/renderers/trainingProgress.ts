/**
 * Renderer of `application/vnd.look-twice.progress+json`: a progress bar with step, epoch, every
 * metric of the step (loss, learning rate, images/s, the method's own) and ETA: the protocol's
 * progressText. The kernel replaces this output in place at a bounded rate; re-rendering updates the
 * existing nodes (no flicker, no re-layout of the notebook).
 */
import { progressText } from '../../protocol/trainingProgress';
import { parseProgress } from './payloads';
import type { MimeRenderer } from './rendererApi';

const views = new WeakMap<
  HTMLElement,
  { root: HTMLDivElement; bar: HTMLDivElement; fill: HTMLDivElement; text: HTMLDivElement }
>();

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
    view.text.textContent = progressText(p);
  },
  dispose(element: HTMLElement): void {
    views.delete(element);
    element.replaceChildren();
  },
};
