/**
 * The Embeddings tab: a projector for the latest embeddings. PCA / t-SNE / UMAP computed by the
 * kernel ('project' requests, with progress); canvas scatter coloured by label; hover shows the
 * thumbnail; click lists the nearest neighbours in the embedding space ('nearestNeighbours').
 * A class search hides the classes whose names do not match; the legend toggles classes too.
 * For sets from a two-tower (CLIP/CLAP) model, a text box embeds a query with the model's text
 * encoder in the kernel ('textQuery') and highlights the nearest points.
 */
import { legendEntries, renderLegend } from '../common/legend';
import { ScatterView } from '../common/scatterView';
import { el, thumbCanvas, type PanelControls } from './controls';
import type { DataStore } from './dataStore';
import { pendingOf, type PanelState } from './panelState';
import { PROJECTION_METHODS, type ProjectionMethod } from '../../protocol/projectionMethods';
import { labelsHiddenBySearch } from './uiState';

const METHOD_NAMES: Record<ProjectionMethod, string> = { pca: 'PCA', tsne: 't-SNE', umap: 'UMAP' };
const NEIGHBOUR_PX = 56;
/** Points a text query highlights. */
export const TEXT_QUERY_K = 12;

export class EmbeddingsTab {
  private readonly empty = el('div', 'lt-empty', 'No embeddings yet. Publish embeddings from a cell (for example show.embeddings(...)) to project them here.');
  private readonly methodButtons = new Map<ProjectionMethod, HTMLButtonElement>();
  private readonly search = el('input', 'lt-search');
  private readonly query = el('input', 'lt-search lt-text-query');
  private readonly progress = el('div', 'lt-progress-line');
  private readonly info = el('span', 'lt-caption');
  private readonly plotHost = el('div', 'lt-projector');
  private readonly legend = el('div');
  private readonly neighbours = el('div', 'lt-neighbours');
  readonly scatter: ScatterView;
  private shown: { embeddingsId: string; method: string; points: Float32Array } | undefined;
  private lastLegend = '';
  private lastNeighbours: unknown;
  private lastSelection = '';
  private current: PanelState['embeddings'];
  private lastTextMatches: unknown;

  constructor(readonly root: HTMLElement, private readonly controls: PanelControls, private readonly data: DataStore) {
    const toolbar = el('div', 'lt-toolbar');
    const group = el('div', 'lt-segmented');
    group.setAttribute('role', 'group');
    for (const method of PROJECTION_METHODS) {
      const button = el('button', 'lt-button', METHOD_NAMES[method]);
      button.dataset.method = method;
      button.addEventListener('click', () => this.controls.dispatch({ type: 'ui', patch: { method, viewport: undefined } }));
      this.methodButtons.set(method, button);
      group.append(button);
    }
    this.search.type = 'search';
    this.search.placeholder = 'Filter classes…';
    this.search.addEventListener('input', () => this.controls.dispatch({ type: 'ui', patch: { search: this.search.value } }));
    this.query.type = 'search';
    this.query.placeholder = 'Search with text…';
    this.query.title = 'Embeds the text with the model\'s text encoder and highlights the nearest points';
    this.query.addEventListener('keydown', (event) => {
      const e = this.current;
      if (event.key !== 'Enter' || !e || this.query.value.trim() === '') return;
      this.controls.dispatch({ type: 'ui', patch: { selected: -1 } });
      this.controls.request({ kind: 'textQuery', embeddingsId: e.id, text: this.query.value.trim(), k: Math.min(TEXT_QUERY_K, e.n) });
    });
    toolbar.append(group, this.search, this.query, this.info);
    root.append(this.empty, toolbar, this.progress, this.plotHost, this.legend, this.neighbours);
    this.scatter = new ScatterView(this.plotHost, {
      onSelect: (index) => this.controls.dispatch({ type: 'ui', patch: { selected: index } }),
      onViewportChange: (viewport) => this.controls.dispatch({ type: 'viewport', viewport }),
    });
  }

  render(state: PanelState): void {
    const e = state.embeddings;
    this.empty.hidden = e !== undefined;
    this.root.classList.toggle('lt-no-data', e === undefined);
    for (const [method, button] of this.methodButtons) button.setAttribute('aria-pressed', String(method === state.ui.method));
    if (this.search.value !== state.ui.search) this.search.value = state.ui.search;
    this.current = e;
    this.query.hidden = !e?.textQuery;
    const pending = pendingOf(state, 'project');
    this.progress.hidden = pending === undefined;
    if (pending) {
      this.progress.textContent = `${METHOD_NAMES[pending.request.kind === 'project' ? pending.request.method : state.ui.method]}: ${pending.stage} ${Math.round(pending.fraction * 100)}%`;
      this.progress.style.setProperty('--fraction', String(pending.fraction));
    }
    if (!e) return;

    const projection = this.data.projection(state.ui.method);
    if (projection && (this.shown?.points !== projection.points)) {
      this.shown = { embeddingsId: e.id, method: state.ui.method, points: projection.points };
      const labels = this.data.embeddings?.labels;
      this.scatter.setData({ points: projection.points, dims: projection.dims, labels, classNames: e.classNames, thumbnails: this.data.thumbnails }, state.ui.viewport);
    }
    this.plotHost.classList.toggle('lt-stale', this.shown?.method !== state.ui.method);
    const total = e.n;
    const error = state.errors.project ?? state.errors.nearestNeighbours;
    this.info.textContent = `${total} points · ${e.dim}-D${error ? ` · ${error}` : ''}`;
    this.info.classList.toggle('lt-error-text', error !== undefined);

    const labelSet = this.data.labelSet();
    const hidden = [...new Set([...state.ui.hiddenLabels, ...labelsHiddenBySearch(state.ui.search, e.classNames, labelSet)])];
    const legendKey = `${e.id}:${hidden.join(',')}`;
    if (legendKey !== this.lastLegend) {
      this.lastLegend = legendKey;
      this.scatter.setHiddenLabels(hidden);
      const labels = this.data.embeddings?.labels;
      if (labels) renderLegend(this.legend, legendEntries(labels, e.classNames), new Set(hidden), (label) => this.controls.dispatch({ type: 'toggleLabel', label }));
      else this.legend.replaceChildren();
    }

    const matches = state.ui.selected < 0 ? state.textMatches : undefined;
    if (matches !== this.lastTextMatches) {
      this.lastTextMatches = matches;
      if (matches) {
        this.lastSelection = '';
        this.scatter.setSelection(-1, matches.indices);
        this.renderTextMatches(matches);
        return;
      }
    }
    if (matches) return;
    const nb = state.neighbours && state.neighbours.index === state.ui.selected ? state.neighbours : undefined;
    const selectionKey = `${e.id}:${state.ui.selected}:${nb ? 'nb' : ''}`;
    if (selectionKey !== this.lastSelection || nb !== this.lastNeighbours) {
      this.lastSelection = selectionKey;
      this.lastNeighbours = nb;
      this.scatter.setSelection(state.ui.selected, nb?.indices ?? []);
      this.renderNeighbours(state, nb);
    }
  }

  /** The points nearest to a text query, as cards (thumbnail, label, similarity). */
  private renderTextMatches(matches: NonNullable<PanelState['textMatches']>): void {
    const names = this.current?.classNames;
    const thumbs = this.data.thumbnails;
    const head = el('div', 'lt-caption', `${matches.indices.length} points nearest to “${matches.text}” (cosine similarity to the text's embedding)`);
    const list = el('div', 'lt-neighbours-list');
    matches.indices.forEach((i, k) => {
      const fig = el('figure', 'lt-neighbour');
      fig.dataset.index = String(i);
      if (thumbs) fig.append(thumbCanvas(NEIGHBOUR_PX, (ctx) => thumbs.draw(ctx, i, 0, 0, NEIGHBOUR_PX)));
      const label = this.data.label(i);
      fig.append(el('figcaption', undefined, `${label < 0 ? `#${i}` : (names?.[label] ?? `class ${label}`)} · ${matches.similarities[k].toFixed(3)}`));
      fig.addEventListener('click', () => this.controls.dispatch({ type: 'ui', patch: { selected: i } }));
      list.append(fig);
    });
    this.neighbours.replaceChildren(head, list);
  }

  private renderNeighbours(state: PanelState, nb: PanelState['neighbours']): void {
    const selected = state.ui.selected;
    if (selected < 0 || !state.embeddings) {
      this.neighbours.replaceChildren(el('div', 'lt-caption', 'Click a point to list its nearest neighbours (cosine similarity in the embedding space).'));
      return;
    }
    const names = state.embeddings.classNames;
    const name = (i: number): string => {
      const label = this.data.label(i);
      return label < 0 ? 'unlabelled' : (names?.[label] ?? `class ${label}`);
    };
    const thumbs = this.data.thumbnails;
    const card = (i: number, caption: string, size: number): HTMLElement => {
      const fig = el('figure', 'lt-neighbour');
      fig.dataset.index = String(i);
      if (thumbs) fig.append(thumbCanvas(size, (ctx) => thumbs.draw(ctx, i, 0, 0, size)));
      fig.append(el('figcaption', undefined, caption));
      fig.addEventListener('click', () => this.controls.dispatch({ type: 'ui', patch: { selected: i } }));
      return fig;
    };
    const head = el('div', 'lt-neighbours-head');
    head.append(card(selected, `#${selected} · ${name(selected)}`, NEIGHBOUR_PX * 1.5));
    const list = el('div', 'lt-neighbours-list');
    if (!nb) list.append(el('span', 'lt-caption', 'Finding neighbours…'));
    else {
      const same = nb.indices.filter((i) => this.data.label(i) === this.data.label(selected)).length;
      head.append(el('div', 'lt-caption', `${nb.indices.length} nearest neighbours · ${same} share its label`));
      nb.indices.forEach((i, k) => list.append(card(i, `${name(i)} · ${nb.similarities[k].toFixed(3)}`, NEIGHBOUR_PX)));
    }
    this.neighbours.replaceChildren(head, list);
  }
}
