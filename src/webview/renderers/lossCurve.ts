/**
 * Renderer of `application/vnd.look-twice.loss-curve+json`: the run's curves on a uPlot canvas chart
 * with a log-scale toggle. The kernel replaces the output while training; a re-render into the same
 * element swaps the data of the existing chart (keeping the toggle), so live curves do not flicker.
 */
import { curveStateText } from '../../protocol/trainingProgress';
import { CurveChart } from '../common/curveChart';
import { parseLossCurve } from './payloads';
import type { MimeRenderer } from './rendererApi';

interface LossView {
  root: HTMLElement;
  chart: CurveChart;
  title: HTMLDivElement;
  logToggle: HTMLInputElement;
}

const views = new WeakMap<HTMLElement, LossView>();

export const lossCurveRenderer: MimeRenderer = {
  render(payload: unknown, element: HTMLElement): void {
    const p = parseLossCurve(payload);
    let view = views.get(element);
    // VS Code may have emptied the element before rendering the replacement: rebuild then.
    if (view && !element.contains(view.root)) {
      view.chart.dispose();
      view = undefined;
    }
    if (!view) {
      const root = document.createElement('div');
      root.className = 'lt-loss';
      const header = document.createElement('div');
      header.className = 'lt-loss-header';
      const title = document.createElement('div');
      title.className = 'lt-loss-title';
      const label = document.createElement('label');
      const logToggle = document.createElement('input');
      logToggle.type = 'checkbox';
      label.append(logToggle, ' log scale');
      header.append(title, label);
      const chartHost = document.createElement('div');
      root.append(header, chartHost);
      element.replaceChildren(root);
      const chart = new CurveChart(chartHost);
      logToggle.addEventListener('change', () => chart.setLogScale(logToggle.checked));
      view = { root, chart, title, logToggle };
      views.set(element, view);
    }
    const state = curveStateText(p);
    view.title.textContent = `${p.title ?? `Run ${p.runId}`}${state ? ` (${state})` : ''}`;
    view.chart.update(p.series.map((s) => ({ name: s.name, steps: s.steps, values: s.values })));
    view.logToggle.disabled = !view.chart.canUseLog();
  },
  dispose(element: HTMLElement): void {
    views.get(element)?.chart.dispose();
    views.delete(element);
    element.replaceChildren();
  },
};
