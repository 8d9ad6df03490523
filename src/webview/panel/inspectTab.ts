/**
 * The Inspect tab: what the training monitor saw at each of its evaluations (the run's 'trainSnapshot'
 * events, src/simclr/monitor/monitorSnapshot.ts), with a scrubber through them:
 * - the monitor slice's representation by PCA, aligned snapshot to snapshot (orthogonal Procrustes),
 *   in one frame for the run, so sliding or playing shows clusters forming;
 * - positive vs negative cosine histograms and the singular-value spectrum;
 * - the hardest and the easiest positive pairs (two views, their cosine, their rank among the batch's
 *   negatives, the hardest negative);
 * - the slice's kNN errors, each with the nearest bank images and their labels, in the representation
 *   and in raw pixels.
 */
import type {
  KnnErrorInspection,
  MonitorSnapshot,
  NeighbourInspection,
  PairInspection,
  TrainSnapshot,
} from '../../protocol/trainingEvents';
import { labelColour } from '../common/palette';
import { PixelThumbnails } from '../common/thumbnails';
import { el, thumbCanvas, type PanelControls } from './controls';
import type { PanelState } from './panelState';
import { runLabel } from './runs';
import { drawCosineHistograms, drawProjection, drawSpectrum } from './snapshotCharts';
import {
  inspectableRuns,
  inspectedSnapshot,
  runExtent,
  scrubberText,
  type InspectedSnapshot,
} from './snapshotSelection';

const PROJECTION_SIZE = 300;
const CHART_WIDTH = 300;
const THUMB = 40;
const PLAY_INTERVAL_MS = 700;

/** Swatches of the two histograms (chart colours 0 and 1, as snapshotCharts draws them) and a text slot. */
function histogramLegend(text: HTMLElement): HTMLElement {
  const legend = el('div', 'lt-inspect-caption');
  for (const [name, variable] of [
    ['positive pairs', '--vscode-charts-blue'],
    ['negatives', '--vscode-charts-orange'],
  ] as const) {
    const swatch = el('span', 'lt-swatch lt-square');
    swatch.style.background = `var(${variable}, ${variable.endsWith('blue') ? '#3794ff' : '#d18616'})`;
    legend.append(swatch, ` ${name} `);
  }
  legend.append(text);
  return legend;
}

function section(title: string, ...content: Node[]): HTMLElement {
  const node = el('section', 'lt-inspect-section');
  node.append(el('h3', 'lt-chart-title', title), ...content);
  return node;
}

export class InspectTab {
  private readonly empty = el(
    'div',
    'lt-empty',
    "No monitor snapshots yet. pretrain(...) streams one with each evaluation of its training monitor (monitor: { every, snapshots }): cosine histograms, the spectrum, the slice's projection, hard pairs and kNN errors.",
  );
  private readonly body = el('div', 'lt-inspect');
  private readonly slider = el('input', 'lt-inspect-slider');
  private readonly play = el('button', 'lt-button lt-secondary', '▶ Play');
  private readonly position = el('span', 'lt-inspect-position');
  private readonly runPicker = el('select', 'lt-inspect-run');
  private runOptions = '';
  private readonly projection = el('canvas', 'lt-inspect-projection');
  private readonly legend = el('div', 'lt-legend');
  private readonly histograms = el('canvas', 'lt-inspect-histograms');
  private readonly histogramText = el('span');
  private readonly spectrum = el('canvas', 'lt-inspect-spectrum');
  private readonly pairs = el('div', 'lt-inspect-pairs');
  private readonly errors = el('div', 'lt-inspect-errors');
  private readonly thumbnails = new WeakMap<MonitorSnapshot, PixelThumbnails>();
  private shown: { event: TrainSnapshot; count: number; status: string } | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private inspected: InspectedSnapshot | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly controls: PanelControls,
  ) {
    this.slider.type = 'range';
    this.slider.min = '0';
    this.slider.step = '1';
    this.slider.setAttribute('aria-label', 'monitor snapshot');
    this.slider.addEventListener('input', () => this.pick(Number(this.slider.value)));
    this.play.addEventListener('click', () => (this.timer ? this.stop() : this.start()));
    this.runPicker.setAttribute('aria-label', 'run');
    this.runPicker.addEventListener('change', () => {
      this.stop();
      this.controls.dispatch({ type: 'ui', patch: { inspectRun: this.runPicker.value, snapshotStep: undefined } });
    });
    const bar = el('div', 'lt-toolbar');
    bar.append(this.runPicker, this.play, this.slider, this.position);
    this.body.append(
      bar,
      section(
        'Representation of the monitor slice (PCA, aligned across snapshots; rings: the kNN errors below)',
        this.projection,
        this.legend,
      ),
      section('Cosine similarity: positive pairs vs negatives', this.histograms, histogramLegend(this.histogramText)),
      section('Singular-value spectrum of the representation', this.spectrum),
      section('Positive pairs: hardest and easiest', this.pairs),
      section('kNN errors on the monitor slice', this.errors),
    );
    root.append(this.empty, this.body);
  }

  /** Shows snapshot `index` of the inspected run; the newest one means "follow the run". */
  private pick(index: number): void {
    const run = this.inspected?.run;
    if (!run) return;
    const last = index >= run.snapshots.length - 1;
    this.controls.dispatch({ type: 'ui', patch: { snapshotStep: last ? undefined : run.snapshots[index].step } });
  }

  private start(): void {
    const run = this.inspected?.run;
    if (!run || run.snapshots.length < 2) return;
    if (this.inspected?.following) this.pick(0);
    this.play.textContent = '⏸ Pause';
    this.timer = setInterval(() => {
      const now = this.inspected;
      if (!now || now.index >= now.run.snapshots.length - 1) return this.stop();
      this.pick(now.index + 1);
    }, PLAY_INTERVAL_MS);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.play.textContent = '▶ Play';
  }

  render(state: PanelState): void {
    const inspected = inspectedSnapshot(state.runs, state.ui.snapshotStep, state.ui.inspectRun);
    this.inspected = inspected;
    this.empty.hidden = inspected !== undefined;
    this.body.hidden = inspected === undefined;
    if (!inspected) return;
    const { run, index, event } = inspected;
    this.renderRunPicker(state, run.id);
    if (this.shown?.event === event && this.shown.count === run.snapshots.length && this.shown.status === run.status)
      return;
    const sameEvent = this.shown?.event === event;
    this.shown = { event, count: run.snapshots.length, status: run.status };
    this.slider.max = String(run.snapshots.length - 1);
    this.slider.value = String(index);
    this.slider.disabled = run.snapshots.length < 2;
    this.play.disabled = run.snapshots.length < 2;
    this.position.textContent = `${runLabel(state.runs, run.id)} · ${scrubberText(inspected)}`;
    this.root.dataset.step = String(event.step);
    const snapshot = event.snapshot;
    drawProjection(this.projection, snapshot, runExtent(run.snapshots), PROJECTION_SIZE);
    if (sameEvent) return;
    this.renderLegend(snapshot);
    drawCosineHistograms(this.histograms, snapshot, CHART_WIDTH, 110);
    const { positiveMean, negativeMean } = snapshot.cosines;
    this.histogramText.textContent = `· means: positives ${positiveMean.toFixed(3)}, negatives ${Number.isFinite(negativeMean) ? negativeMean.toFixed(3) : '-'}`;
    drawSpectrum(this.spectrum, snapshot, CHART_WIDTH, 110);
    const thumbs = this.thumbnailsOf(snapshot);
    this.renderPairs(snapshot, thumbs);
    this.renderErrors(snapshot, thumbs);
  }

  private renderRunPicker(state: PanelState, shown: string): void {
    const runs = inspectableRuns(state.runs);
    const key = JSON.stringify(runs.map((r) => r.id));
    if (key !== this.runOptions) {
      this.runOptions = key;
      this.runPicker.replaceChildren(
        ...runs.map((r) => {
          const option = el('option', '', `${runLabel(state.runs, r.id)} · ${r.method}`);
          option.value = r.id;
          return option;
        }),
      );
    }
    this.runPicker.value = shown;
    this.runPicker.hidden = runs.length < 2;
  }

  private thumbnailsOf(snapshot: MonitorSnapshot): PixelThumbnails {
    let thumbs = this.thumbnails.get(snapshot);
    if (!thumbs) {
      thumbs = new PixelThumbnails(snapshot.thumbnails, snapshot.thumbnailShape);
      this.thumbnails.set(snapshot, thumbs);
    }
    return thumbs;
  }

  private renderLegend(snapshot: MonitorSnapshot): void {
    const labels = snapshot.labels ? [...new Set(snapshot.labels)].sort((a, b) => a - b) : [];
    this.legend.replaceChildren(
      ...labels.map((label) => {
        const item = el('span', 'lt-legend-item');
        const swatch = el('span', 'lt-swatch');
        swatch.style.background = labelColour(label);
        item.append(swatch, className(snapshot, label));
        return item;
      }),
    );
  }

  private renderPairs(snapshot: MonitorSnapshot, thumbs: PixelThumbnails): void {
    const half = Math.ceil(snapshot.pairs.length / 2);
    const row = (pair: PairInspection): HTMLElement => {
      const node = el('div', 'lt-inspect-pair');
      node.dataset.rank = String(pair.rank);
      const [first, second, negative] = pair.thumbnails.map((t) =>
        thumbCanvas(THUMB, (ctx) => thumbs.draw(ctx, t, 0, 0, THUMB)),
      );
      const text = el(
        'span',
        'lt-inspect-text',
        `cos ${pair.cosine.toFixed(3)} · ${pair.rank === 0 ? 'nearest of all' : `${pair.rank} negative${pair.rank === 1 ? '' : 's'} closer`}`,
      );
      const against = el(
        'span',
        'lt-inspect-text lt-inspect-muted',
        `hardest negative cos ${pair.hardestNegativeCosine.toFixed(3)}`,
      );
      node.append(first, second, text, negative, against);
      return node;
    };
    const hardest = snapshot.pairs.slice(0, half),
      easiest = snapshot.pairs.slice(half);
    this.pairs.replaceChildren(
      el('div', 'lt-inspect-muted', "Hardest (other images' views closer than the pair's own):"),
      ...hardest.map(row),
      ...(easiest.length ? [el('div', 'lt-inspect-muted', 'Easiest (trivially matched):'), ...easiest.map(row)] : []),
    );
  }

  private renderErrors(snapshot: MonitorSnapshot, thumbs: PixelThumbnails): void {
    if (snapshot.knnErrors.length === 0) {
      this.errors.replaceChildren(
        el(
          'div',
          'lt-inspect-muted',
          snapshot.labels
            ? "No kNN errors on the slice's queries."
            : 'The monitor slice has no labels: no kNN monitor.',
        ),
      );
      return;
    }
    const neighbour = (error: KnnErrorInspection, n: NeighbourInspection): HTMLElement => {
      const figure = el('figure', n.label === error.label ? 'lt-inspect-neighbour lt-same' : 'lt-inspect-neighbour');
      figure.append(
        thumbCanvas(THUMB, (ctx) => thumbs.draw(ctx, n.thumbnail, 0, 0, THUMB)),
        caption(className(snapshot, n.label), n.similarity.toFixed(3)),
      );
      return figure;
    };
    const row = (error: KnnErrorInspection): HTMLElement => {
      const node = el('div', 'lt-inspect-error');
      const query = el('figure', 'lt-inspect-query');
      query.append(
        thumbCanvas(THUMB, (ctx) => thumbs.draw(ctx, error.thumbnail, 0, 0, THUMB)),
        caption(className(snapshot, error.label), `→ ${className(snapshot, error.predicted)}`),
      );
      const pixels = el('div', 'lt-inspect-muted lt-inspect-row-label', 'in pixels:');
      node.append(
        query,
        ...error.neighbours.map((n) => neighbour(error, n)),
        pixels,
        ...error.pixelNeighbours.map((n) => neighbour(error, n)),
      );
      return node;
    };
    this.errors.replaceChildren(
      el(
        'div',
        'lt-inspect-muted',
        `${snapshot.knnErrorCount} misclassified; the first ${snapshot.knnErrors.length} with their nearest neighbours in the representation, and below in raw pixels (label, cosine):`,
      ),
      ...snapshot.knnErrors.map(row),
    );
  }
}

/** A two-line figure caption; the full text is the tooltip (narrow columns truncate). */
function caption(first: string, second: string): HTMLElement {
  const node = el('figcaption');
  node.title = `${first} ${second}`;
  node.append(el('span', '', first), el('span', '', second));
  return node;
}

function className(snapshot: MonitorSnapshot, label: number): string {
  return snapshot.classNames?.[label] ?? `class ${label}`;
}
