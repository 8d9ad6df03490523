/**
 * The Embeddings tab's positive-pair inspector: for the clicked point of a set shown from a model,
 * two fresh augmented views of its image (the run's pipeline, new draws each click), their cosine
 * under the current encoder and head, and the batch's hardest negatives as the loss saw them (their
 * views), each with its share of the loss's push. The kernel computes it ('inspectPair'); this file
 * only draws the state: waiting (and why, when the kernel is busy), the answer, or the kernel's error.
 */
import { el, thumbCanvas, type PanelControls } from './controls';
import type { DataStore } from './dataStore';
import { pendingOf, type PanelState } from './panelState';

const VIEW_PX = 72;
const NEGATIVE_PX = 56;

/** The inspector's headline numbers as text (pure; shown under the two views). */
export function pairSummary(pair: NonNullable<PanelState['pair']>): string {
  const negatives = 2 * (pair.batchSize - 1);
  const rank =
    pair.rank === 0
      ? `closer than all ${negatives} negatives`
      : `${pair.rank} of ${negatives} negative views ${pair.rank === 1 ? 'is' : 'are'} closer`;
  return `cosine ${pair.cosine.toFixed(3)} · ${rank} · loss ${pair.loss.toFixed(3)} (batch ${pair.batchSize}, τ ${pair.temperature})`;
}

export class PairInspector {
  readonly root = el('section', 'lt-pair');
  private lastKey = '';

  constructor(
    private readonly controls: PanelControls,
    private readonly data: DataStore,
    /** Selects point i (the tab's own click path: neighbours, inspection). */
    private readonly selectPoint: (index: number) => void,
  ) {}

  render(state: PanelState): void {
    const e = state.embeddings;
    const selected = state.ui.selected;
    const pending = pendingOf(state, 'inspectPair');
    const error = state.errors.inspectPair;
    const pair = state.pair?.index === selected && state.pair.embeddingsId === e?.id ? state.pair : undefined;
    const key = [e?.id, e?.pairInspection, selected, pending?.id, state.kernel.state, error, pair?.seed].join('|');
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.root.hidden = !e || selected < 0;
    if (!e || selected < 0) return this.root.replaceChildren();
    if (!e.pairInspection) {
      return this.root.replaceChildren(
        el(
          'div',
          'lt-caption lt-pair-note',
          'Positive pairs: these points were shown as vectors. Show them from a model, show.embeddings({ model, dataset }), to see two fresh views of a point and its hardest negatives.',
        ),
      );
    }
    const title = el('div', 'lt-pair-title');
    title.append(el('strong', undefined, `Positive pair of #${selected}`));
    const again = el('button', 'lt-button lt-secondary lt-pair-again', 'Draw again');
    again.title = 'Two new random views of the same image, and a new batch';
    again.disabled = pending !== undefined;
    again.addEventListener('click', () => this.controls.dispatch({ type: 'drawPair' }));
    title.append(again);
    const parts: HTMLElement[] = [title];
    const status = el('div', 'lt-caption lt-pair-status');
    status.setAttribute('role', 'status');
    if (pending) {
      status.textContent =
        state.kernel.state === 'busy'
          ? 'Drawing two fresh views… the kernel is running a cell: it answers between the cell’s steps, or when the cell ends.'
          : 'Drawing two fresh views…';
      parts.push(status);
    } else if (error) {
      status.textContent = `No pair: ${error}`;
      status.classList.add('lt-error-text');
      parts.push(status);
    }
    const views = this.data.pairViews;
    const drawn = pair && views && views.seed === pair.seed && views.index === pair.index;
    if (drawn) parts.push(...this.answer(pair, views));
    // Which draw the views on screen are (renders follow state by a frame): for readers of the DOM.
    if (drawn) this.root.dataset.seed = String(pair.seed);
    else delete this.root.dataset.seed;
    this.root.classList.toggle('lt-stale', pending !== undefined && pair !== undefined);
    this.root.replaceChildren(...parts);
  }

  private answer(pair: NonNullable<PanelState['pair']>, views: NonNullable<DataStore['pairViews']>): HTMLElement[] {
    const names = this.data.embeddings?.classNames;
    const name = (i: number): string => {
      const label = this.data.label(i);
      return label < 0 ? `#${i}` : (names?.[label] ?? `class ${label}`);
    };
    const figure = (draw: (ctx: CanvasRenderingContext2D) => void, size: number, caption: string): HTMLElement => {
      const fig = el('figure', 'lt-view');
      fig.append(thumbCanvas(size, draw), el('figcaption', undefined, caption));
      return fig;
    };
    const pairRow = el('div', 'lt-pair-views');
    pairRow.append(
      figure((ctx) => views.views.draw(ctx, 0, 0, 0, VIEW_PX), VIEW_PX, 'view 1'),
      figure((ctx) => views.views.draw(ctx, 1, 0, 0, VIEW_PX), VIEW_PX, 'view 2'),
    );
    const summary = el('div', 'lt-caption lt-pair-summary', pairSummary(pair));
    summary.title = pair.pipeline;
    const head = el(
      'div',
      'lt-caption',
      `Hardest negatives of a random batch: the images the loss pushes #${pair.index} (${name(pair.index)}) away from, as it saw them, with their cosine and their share of the softmax.`,
    );
    const list = el('div', 'lt-neighbours-list lt-pair-negatives');
    pair.negatives.indices.forEach((i, k) => {
      const fig = el('figure', 'lt-neighbour');
      const caption = el('figcaption');
      caption.append(
        el('div', undefined, name(i)),
        el(
          'div',
          undefined,
          `${pair.negatives.cosines[k].toFixed(2)} · ${(100 * pair.negatives.weights[k]).toFixed(1)}%`,
        ),
      );
      fig.append(
        thumbCanvas(NEGATIVE_PX, (ctx) => views.negatives.draw(ctx, k, 0, 0, NEGATIVE_PX)),
        caption,
      );
      fig.dataset.index = String(i);
      fig.title = `#${i} · cosine ${pair.negatives.cosines[k].toFixed(3)} · ${(100 * pair.negatives.weights[k]).toFixed(1)}% of the softmax (click to inspect it)`;
      fig.addEventListener('click', () => this.selectPoint(i));
      list.append(fig);
    });
    return [pairRow, summary, head, list];
  }
}
