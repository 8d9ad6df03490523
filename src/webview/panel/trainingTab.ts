/**
 * The Training tab: live curves of every quantity the runs report (loss, learning rate, images/s,
 * kNN accuracy and other metrics), one uPlot chart each, the latest run solid and the earlier runs
 * picked for comparison dashed; a runs list with status and config.
 */
import { CurveChart, type NamedCurve } from '../common/curveChart';
import { el, type PanelControls } from './controls';
import type { PanelState } from './panelState';
import { quantities, runLabel, type Run } from './runs';
import { collapseNotice } from './collapseNotice';

const TITLES: Record<string, string> = {
  loss: 'Loss',
  learningRate: 'Learning rate',
  imagesPerSec: 'Images / s',
  knnAccuracy: 'kNN accuracy (monitor slice)',
  alignment: 'Alignment (lower: positives closer)',
  uniformity: 'Uniformity (towards 0: outputs bunched)',
  healthStdRatio: 'Std of normalised representation × √d (0 = collapsed)',
  effectiveRank: 'Effective rank of the representation',
  representationStdRatio: 'Std of normalised outputs × √d (0 = collapsed)',
};

/** Chart title of a quantity: known names, else "someMetric_name" -> "some metric name". */
export function quantityTitle(name: string): string {
  return (
    TITLES[name] ??
    name
      .replace(/[_-]+/g, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase())
      .replace(/\bknn\b/i, 'kNN')
  );
}

export class TrainingTab {
  private readonly runsList = el('div', 'lt-runs');
  private readonly charts = el('div', 'lt-charts');
  private readonly logToggle = el('input');
  private readonly empty = el(
    'div',
    'lt-empty',
    'No training yet. Run a cell that calls pretrain(...) in a Look Twice notebook: its loss, learning rate and speed stream here.',
  );
  private readonly collapse = el('div', 'lt-collapse-warning');
  private readonly chartByName = new Map<string, { section: HTMLElement; chart: CurveChart }>();
  private last: { runs: Run[]; compare: string[]; log: boolean } | undefined;
  /** Runs list structure (ids, statuses, comparison): rebuilt only when it changes, not on every step. */
  private runsKey = '';
  private readonly infoByRun = new Map<string, HTMLElement>();

  constructor(
    readonly root: HTMLElement,
    private readonly controls: PanelControls,
  ) {
    this.logToggle.type = 'checkbox';
    this.logToggle.addEventListener('change', () =>
      this.controls.dispatch({ type: 'ui', patch: { logScale: this.logToggle.checked } }),
    );
    const label = el('label', 'lt-check');
    label.append(this.logToggle, ' log-scale loss');
    const bar = el('div', 'lt-toolbar');
    bar.append(label);
    this.collapse.setAttribute('role', 'alert');
    this.collapse.hidden = true;
    root.append(this.empty, this.collapse, bar, this.runsList, this.charts);
  }

  render(state: PanelState): void {
    const { runs } = state;
    const compare = state.ui.compareRuns;
    if (this.last && this.last.runs === runs && this.last.compare === compare && this.last.log === state.ui.logScale)
      return;
    this.last = { runs, compare, log: state.ui.logScale };
    this.empty.hidden = runs.length > 0;
    this.logToggle.checked = state.ui.logScale;
    this.renderRuns(runs, compare);
    const current = runs[runs.length - 1];
    const shown = runs.filter((r) => r === current || compare.includes(r.id));
    const notice = collapseNotice(current);
    this.collapse.hidden = notice === undefined;
    this.collapse.textContent = notice ?? '';
    // The collapse flag is the banner above, not a chart (quantities leaves flags out).
    const names = quantities(shown);
    for (const [name, entry] of this.chartByName) {
      if (!names.includes(name)) {
        entry.chart.dispose();
        entry.section.remove();
        this.chartByName.delete(name);
      }
    }
    for (const name of names) {
      let entry = this.chartByName.get(name);
      if (!entry) {
        const section = el('section', 'lt-chart-section');
        section.dataset.quantity = name;
        section.append(el('h3', 'lt-chart-title', quantityTitle(name)));
        const host = el('div');
        section.append(host);
        this.charts.append(section);
        entry = { section, chart: new CurveChart(host, 160) };
        this.chartByName.set(name, entry);
      }
      const curves: NamedCurve[] = shown
        .filter((r) => r.series[name] !== undefined)
        .map((r) => ({
          name: runLabel(runs, r.id),
          steps: r.series[name].steps,
          values: r.series[name].values,
          dashed: r !== current,
          axis: 'left',
          colour: runs.indexOf(r),
        }));
      entry.chart.setLogScale(name === 'loss' && state.ui.logScale);
      entry.chart.update(curves);
    }
  }

  private renderRuns(runs: Run[], compare: string[]): void {
    const key = JSON.stringify([runs.map((r) => [r.id, r.status]), compare]);
    if (key === this.runsKey) {
      for (const run of runs) {
        const info = this.infoByRun.get(run.id);
        if (info) info.textContent = runInfo(run);
      }
      return;
    }
    this.runsKey = key;
    this.infoByRun.clear();
    const current = runs[runs.length - 1];
    this.runsList.replaceChildren(
      ...runs
        .slice()
        .reverse()
        .map((run) => {
          const row = el('div', 'lt-run');
          row.dataset.run = run.id;
          const status = el('span', `lt-run-status lt-status-${run.status}`, run.status);
          const name = el('span', 'lt-run-name', runLabel(runs, run.id));
          const info = el('span', 'lt-run-info', runInfo(run));
          info.title = info.textContent ?? '';
          this.infoByRun.set(run.id, info);
          row.append(name, status, info);
          if (run === current) {
            row.append(el('span', 'lt-run-current', 'current'));
          } else {
            const label = el('label', 'lt-check');
            const box = el('input');
            box.type = 'checkbox';
            box.checked = compare.includes(run.id);
            box.addEventListener('change', () => {
              const next = box.checked ? [...compare, run.id] : compare.filter((id) => id !== run.id);
              this.controls.dispatch({ type: 'ui', patch: { compareRuns: next } });
            });
            label.append(box, ' compare');
            row.append(label);
          }
          return row;
        }),
    );
  }
}

/** "loss 1.313 @ 260 · batchSize=128 temperature=0.5": the latest loss and the run's config. */
function runInfo(run: Run): string {
  const loss = run.series.loss;
  const lastLoss =
    loss && loss.values.length > 0
      ? `loss ${loss.values[loss.values.length - 1].toPrecision(4)} @ ${loss.steps[loss.steps.length - 1]}`
      : '';
  const config = Object.entries(run.config)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
  return [lastLoss, config].filter(Boolean).join(' · ');
}
