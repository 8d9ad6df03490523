/**
 * The Embeddings tab: a projector for the latest embeddings. PCA / t-SNE / UMAP computed by the
 * kernel ('project' requests, with progress); canvas scatter coloured by label; hover shows the
 * thumbnail; click lists the nearest neighbours in the embedding space ('nearestNeighbours').
 * A class search hides the classes whose names do not match; the legend toggles classes too.
 * For sets from a two-tower (CLIP/CLAP) model, a text box embeds a query with the model's text
 * encoder in the kernel ('textQuery') and highlights the nearest points.
 * Box and lasso tools select a region: its images as a grid, kept across projection methods (same
 * points) and reloads (persisted UI state), and told to the kernel for cells (panel.selection()); the
 * selection or all points export as CSV and the view as PNG through the host's save
 * dialog (webviews cannot download).
 * A click on a point of a set shown from a model also opens the positive-pair inspector (pairInspector.ts).
 */
import { legendEntries, renderLegend } from '../common/legend';
import { ScatterView, type ScatterTool } from '../common/scatterView';
import { el, thumbCanvas, type PanelControls } from './controls';
import type { DataStore } from './dataStore';
import { pendingOf, type PanelState } from './panelState';
import { PROJECTION_METHODS, type ProjectionMethod } from '../../protocol/projectionMethods';
import { labelsHiddenBySearch, type UiState } from './uiState';
import { exportFileName, pointsCsv } from '../../protocol/pointsCsv';
import type { SaveFile, SaveOutcome } from '../../protocol/webviewMessages';
import { PairInspector } from './pairInspector';

const METHOD_NAMES: Record<ProjectionMethod, string> = { pca: 'PCA', tsne: 't-SNE', umap: 'UMAP' };
const NEIGHBOUR_PX = 56;
const TOOLS: ReadonlyArray<[ScatterTool, string, string]> = [
  ['pan', 'Pan', 'Drag to pan, wheel to zoom (shift-drag selects a box)'],
  ['box', 'Box', 'Drag a rectangle to select the points inside'],
  ['lasso', 'Lasso', 'Draw around the points to select'],
];
/** Thumbnails shown for a region selection (the CSV has all of them). */
export const SELECTION_GRID_MAX = 120;
const SELECTION_PX = 40;
/** Points a text query highlights. */
export const TEXT_QUERY_K = 12;

export class EmbeddingsTab {
  private readonly empty = el(
    'div',
    'lt-empty',
    'No embeddings yet. Publish embeddings from a cell (for example show.embeddings(...)) to project them here.',
  );
  private readonly methodButtons = new Map<ProjectionMethod, HTMLButtonElement>();
  private readonly search = el('input', 'lt-search');
  private readonly query = el('input', 'lt-search lt-text-query');
  private readonly progress = el('div', 'lt-progress-line');
  private readonly info = el('span', 'lt-caption');
  private readonly plotHost = el('div', 'lt-projector');
  private readonly legend = el('div');
  private readonly neighbours = el('div', 'lt-neighbours');
  private readonly toolButtons = new Map<ScatterTool, HTMLButtonElement>();
  private readonly saveStatus = el('span', 'lt-caption lt-save-status');
  private readonly selectionView = el('section', 'lt-selection');
  private readonly pairInspector: PairInspector;
  /** The box/lasso selection (indices into the current embeddings), from ui.selection. */
  private selection: Int32Array | undefined;
  /** What `selection` was made from: the persisted selection and the kernel's error about it. */
  private selectionSource: [UiState['selection'], string | undefined] | undefined;
  readonly scatter: ScatterView;
  private shown: { embeddingsId: string; method: string; points: Float32Array; dims: number } | undefined;
  private lastLegend = '';
  private lastNeighbours: unknown;
  private lastSelection = '';
  private current: PanelState['embeddings'];
  private lastTextMatches: unknown;

  constructor(
    readonly root: HTMLElement,
    private readonly controls: PanelControls,
    private readonly data: DataStore,
  ) {
    const toolbar = el('div', 'lt-toolbar');
    const group = el('div', 'lt-segmented');
    group.setAttribute('role', 'group');
    for (const method of PROJECTION_METHODS) {
      const button = el('button', 'lt-button', METHOD_NAMES[method]);
      button.dataset.method = method;
      button.addEventListener('click', () =>
        this.controls.dispatch({ type: 'ui', patch: { method, viewport: undefined } }),
      );
      this.methodButtons.set(method, button);
      group.append(button);
    }
    this.search.type = 'search';
    this.search.placeholder = 'Filter classes…';
    this.search.addEventListener('input', () =>
      this.controls.dispatch({ type: 'ui', patch: { search: this.search.value } }),
    );
    this.query.type = 'search';
    this.query.placeholder = 'Search with text…';
    this.query.title = "Embeds the text with the model's text encoder and highlights the nearest points";
    this.query.addEventListener('keydown', (event) => {
      const e = this.current;
      if (event.key !== 'Enter' || !e || this.query.value.trim() === '') return;
      this.controls.dispatch({ type: 'ui', patch: { selected: -1 } });
      this.controls.request({
        kind: 'textQuery',
        embeddingsId: e.id,
        text: this.query.value.trim(),
        k: Math.min(TEXT_QUERY_K, e.n),
      });
    });
    toolbar.append(group, this.search, this.query, this.info);
    const tools = el('div', 'lt-toolbar lt-projector-tools');
    const toolGroup = el('div', 'lt-segmented');
    toolGroup.setAttribute('role', 'group');
    toolGroup.setAttribute('aria-label', 'Drag tool');
    for (const [tool, name, title] of TOOLS) {
      const button = el('button', 'lt-button', name);
      button.dataset.tool = tool;
      button.title = title;
      button.addEventListener('click', () => this.setTool(tool));
      this.toolButtons.set(tool, button);
      toolGroup.append(button);
    }
    const exportCsv = el('button', 'lt-button lt-secondary lt-export-csv', 'Export CSV');
    exportCsv.title = 'Save every point (index, label, class, coordinates) as CSV';
    exportCsv.addEventListener('click', () => this.exportCsv(undefined));
    const exportPng = el('button', 'lt-button lt-secondary lt-export-png', 'Save PNG');
    exportPng.title = 'Save the view as a PNG image';
    exportPng.addEventListener('click', () => this.exportPng());
    tools.append(toolGroup, exportCsv, exportPng, this.saveStatus);
    this.selectionView.hidden = true;
    this.pairInspector = new PairInspector(controls, data, (index) => this.selectPoint(index));
    root.append(
      this.empty,
      toolbar,
      this.progress,
      tools,
      this.plotHost,
      this.legend,
      this.selectionView,
      this.pairInspector.root,
      this.neighbours,
    );
    this.scatter = new ScatterView(this.plotHost, {
      onSelect: (index) => this.selectPoint(index),
      onViewportChange: (viewport) => this.controls.dispatch({ type: 'viewport', viewport }),
      onRegionSelect: (indices) => this.select(indices),
    });
    this.setTool('pan');
  }

  /** The current box/lasso selection (indices into the embeddings), for tests. */
  get selectedIndices(): Int32Array | undefined {
    return this.selection;
  }

  /** A click on a point (the plot, a neighbour, a thumbnail): select it and draw its positive pair afresh. */
  private selectPoint(index: number): void {
    this.controls.dispatch({ type: 'ui', patch: { selected: index } });
    if (index >= 0) this.controls.dispatch({ type: 'drawPair' });
  }

  private setTool(tool: ScatterTool): void {
    this.scatter.setTool(tool);
    for (const [t, button] of this.toolButtons) button.setAttribute('aria-pressed', String(t === tool));
  }

  /** A region selection (or none): kept in the UI state, so it survives a reload and reaches the kernel. */
  private select(indices: Int32Array | undefined): void {
    const e = this.current;
    const selection =
      e && indices && indices.length > 0 ? { embeddingsId: e.id, indices: Array.from(indices) } : undefined;
    this.controls.dispatch({ type: 'ui', patch: { selection } });
  }

  /** Takes the state's selection when it (or the kernel's error about it) changed, or when `force`d (new points). */
  private syncSelection(state: PanelState, force: boolean): void {
    const source: [UiState['selection'], string | undefined] = [state.ui.selection, state.errors.select];
    const before = this.selectionSource;
    if (!force && before && before[0] === source[0] && before[1] === source[1]) return;
    this.selectionSource = source;
    const s = state.ui.selection;
    this.selection = s && s.embeddingsId === state.embeddings?.id ? Int32Array.from(s.indices) : undefined;
    this.scatter.setEmphasis(this.selection);
    this.renderSelection(source[1]);
  }

  /** The selected images as a grid, with the class counts, export and clear. */
  private renderSelection(kernelError: string | undefined): void {
    const selection = this.selection;
    this.selectionView.hidden = selection === undefined;
    if (!selection) {
      this.selectionView.replaceChildren();
      return;
    }
    const names = this.current?.classNames;
    const counts = new Map<number, number>();
    for (const i of selection) counts.set(this.data.label(i), (counts.get(this.data.label(i)) ?? 0) + 1);
    const byClass = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([label, count]) => `${count} ${label < 0 ? 'unlabelled' : (names?.[label] ?? `class ${label}`)}`)
      .join(', ');
    const head = el('div', 'lt-selection-head');
    const shown = Math.min(selection.length, SELECTION_GRID_MAX);
    head.append(
      el(
        'span',
        'lt-caption',
        `${selection.length} selected${counts.size > 0 ? ` · ${byClass}${counts.size > 4 ? ', …' : ''}` : ''}${shown < selection.length ? ` · showing ${shown}` : ''}`,
      ),
    );
    const exportSelection = el('button', 'lt-button lt-secondary lt-export-selection', 'Export selection CSV');
    exportSelection.addEventListener('click', () => this.exportCsv(selection));
    const clear = el('button', 'lt-button lt-secondary lt-clear-selection', 'Clear');
    clear.addEventListener('click', () => this.select(undefined));
    head.append(exportSelection, clear);
    if (kernelError)
      head.append(el('span', 'lt-caption lt-error-text', `Cells cannot read it (panel.selection()): ${kernelError}`));
    const grid = el('div', 'lt-selection-grid');
    const thumbs = this.data.thumbnails;
    for (let k = 0; k < shown; k++) {
      const i = selection[k];
      const cell = thumbs
        ? thumbCanvas(SELECTION_PX, (ctx) => thumbs.draw(ctx, i, 0, 0, SELECTION_PX))
        : el('span', 'lt-selection-index', `#${i}`);
      cell.dataset.index = String(i);
      const label = this.data.label(i);
      cell.title = `#${i} · ${label < 0 ? 'unlabelled' : (names?.[label] ?? `class ${label}`)}`;
      cell.addEventListener('click', () => this.selectPoint(i));
      grid.append(cell);
    }
    this.selectionView.replaceChildren(head, grid);
  }

  private exportCsv(indices: Int32Array | undefined): void {
    const shown = this.shown,
      e = this.current;
    if (!shown || !e) return;
    const text = pointsCsv(
      { points: shown.points, dims: shown.dims, labels: this.data.embeddings?.labels, classNames: e.classNames },
      indices,
    );
    void this.save({
      format: 'csv',
      name: exportFileName([e.id, shown.method, indices ? 'selection' : 'points'], 'csv'),
      text,
    });
  }

  private exportPng(): void {
    const shown = this.shown,
      e = this.current;
    if (!shown || !e) return;
    const background = getComputedStyle(this.plotHost).backgroundColor;
    const url = this.scatter.toPngDataUrl(
      background === 'rgba(0, 0, 0, 0)' ? getComputedStyle(document.body).backgroundColor : background,
    );
    void this.save({
      format: 'png',
      name: exportFileName([e.id, shown.method], 'png'),
      base64: url.slice(url.indexOf(',') + 1),
    });
  }

  private async save(file: SaveFile): Promise<void> {
    this.saveStatus.textContent = `Saving ${file.name}…`;
    this.saveStatus.classList.remove('lt-error-text');
    const outcome: SaveOutcome = await this.controls.save(file);
    this.saveStatus.textContent =
      outcome.status === 'saved'
        ? `Saved ${outcome.path}`
        : outcome.status === 'cancelled'
          ? 'Save cancelled'
          : `Could not save: ${outcome.message}`;
    this.saveStatus.classList.toggle('lt-error-text', outcome.status === 'failed');
  }

  render(state: PanelState): void {
    const e = state.embeddings;
    this.empty.hidden = e !== undefined;
    this.root.classList.toggle('lt-no-data', e === undefined);
    for (const [method, button] of this.methodButtons)
      button.setAttribute('aria-pressed', String(method === state.ui.method));
    if (this.search.value !== state.ui.search) this.search.value = state.ui.search;
    this.current = e;
    this.query.hidden = !e?.textQuery;
    const pending = pendingOf(state, 'project');
    this.progress.hidden = pending === undefined;
    if (pending) {
      this.progress.textContent = `${METHOD_NAMES[pending.request.kind === 'project' ? pending.request.method : state.ui.method]}: ${pending.stage} ${Math.round(pending.fraction * 100)}%`;
      this.progress.style.setProperty('--fraction', String(pending.fraction));
    }
    this.pairInspector.render(state);
    if (!e) return;

    const projection = this.data.projection(state.ui.method);
    if (projection && this.shown?.points !== projection.points) {
      this.shown = { embeddingsId: e.id, method: state.ui.method, points: projection.points, dims: projection.dims };
      const labels = this.data.embeddings?.labels;
      this.scatter.setData(
        {
          points: projection.points,
          dims: projection.dims,
          labels,
          classNames: e.classNames,
          thumbnails: this.data.thumbnails,
        },
        state.ui.viewport,
      );
      // Another projection of the same points keeps the selection (the reducer drops it with new embeddings).
      this.syncSelection(state, true);
    }
    if (this.shown) this.syncSelection(state, false);
    this.plotHost.classList.toggle('lt-stale', this.shown?.method !== state.ui.method);
    const total = e.n;
    const error = state.errors.project ?? state.errors.nearestNeighbours;
    this.info.textContent = `${total} points · ${e.dim}-D${error ? ` · ${error}` : ''}`;
    this.info.classList.toggle('lt-error-text', error !== undefined);

    const labelSet = this.data.labelSet();
    const hidden = [
      ...new Set([...state.ui.hiddenLabels, ...labelsHiddenBySearch(state.ui.search, e.classNames, labelSet)]),
    ];
    const legendKey = `${e.id}:${hidden.join(',')}`;
    if (legendKey !== this.lastLegend) {
      this.lastLegend = legendKey;
      this.scatter.setHiddenLabels(hidden);
      const labels = this.data.embeddings?.labels;
      if (labels)
        renderLegend(this.legend, legendEntries(labels, e.classNames), new Set(hidden), (label) =>
          this.controls.dispatch({ type: 'toggleLabel', label }),
        );
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
    const head = el(
      'div',
      'lt-caption',
      `${matches.indices.length} points nearest to “${matches.text}” (cosine similarity to the text's embedding)`,
    );
    const list = el('div', 'lt-neighbours-list');
    matches.indices.forEach((i, k) => {
      const fig = el('figure', 'lt-neighbour');
      fig.dataset.index = String(i);
      if (thumbs) fig.append(thumbCanvas(NEIGHBOUR_PX, (ctx) => thumbs.draw(ctx, i, 0, 0, NEIGHBOUR_PX)));
      const label = this.data.label(i);
      fig.append(
        el(
          'figcaption',
          undefined,
          `${label < 0 ? `#${i}` : (names?.[label] ?? `class ${label}`)} · ${matches.similarities[k].toFixed(3)}`,
        ),
      );
      fig.addEventListener('click', () => this.selectPoint(i));
      list.append(fig);
    });
    this.neighbours.replaceChildren(head, list);
  }

  private renderNeighbours(state: PanelState, nb: PanelState['neighbours']): void {
    const selected = state.ui.selected;
    if (selected < 0 || !state.embeddings) {
      this.neighbours.replaceChildren(
        el(
          'div',
          'lt-caption',
          'Click a point to list its nearest neighbours (cosine similarity in the embedding space).',
        ),
      );
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
      fig.addEventListener('click', () => this.selectPoint(i));
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
