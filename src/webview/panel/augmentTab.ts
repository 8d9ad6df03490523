/**
 * The Augmentations tab: pick one of the images a cell showed, resample its views with the current
 * pipeline, tweak the pipeline's parameters (sliders built from the kernel's AugmentParam list) and
 * see the effect. The views are computed in the kernel ('augment' requests) by the real pipeline.
 */
import type { AugmentParam } from '../../protocol/panelMessages';
import { el, thumbCanvas, type PanelControls } from './controls';
import type { DataStore } from './dataStore';
import { pendingOf, type PanelState } from './panelState';
import { MAX_RESAMPLED_VIEWS } from '../../protocol/panelMessages';

const SOURCE_PX = 44;
const VIEW_PX = 96;

/** The explorer request for the current UI state, or undefined when there is nothing to explore. */
export function augmentRequestKey(state: PanelState): string | undefined {
  const a = state.augmentations;
  if (!a) return undefined;
  const { augmentIndex, augmentViews, augmentSeed, augmentParams } = state.ui;
  return JSON.stringify([
    a.id,
    augmentIndex,
    augmentViews,
    augmentSeed,
    a.params.map((p) => augmentParams[p.name] ?? p.value),
  ]);
}

export class AugmentTab {
  private readonly empty = el(
    'div',
    'lt-empty',
    "No augmentations yet. Show a dataset's augmentations in a cell (for example show.augmentations(...)) to explore them here.",
  );
  private readonly sources = el('div', 'lt-aug-sources');
  private readonly controlsBox = el('div', 'lt-aug-controls');
  private readonly views = el('div', 'lt-aug-views');
  private readonly caption = el('div', 'lt-caption');
  private lastSources: string | undefined;
  private lastControls: string | undefined;
  private lastViews: unknown;
  private debounce: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly controls: PanelControls,
    private readonly data: DataStore,
  ) {
    root.append(this.empty, this.sources, this.controlsBox, this.caption, this.views);
  }

  render(state: PanelState): void {
    const a = state.augmentations;
    this.empty.hidden = a !== undefined;
    if (!a) {
      this.sources.replaceChildren();
      this.controlsBox.replaceChildren();
      this.views.replaceChildren();
      this.lastSources = this.lastControls = undefined;
      return;
    }
    const sourcesKey = `${a.id}:${state.ui.augmentIndex}`;
    if (sourcesKey !== this.lastSources) {
      this.lastSources = sourcesKey;
      this.renderSources(state);
    }
    const controlsKey = `${a.id}:${JSON.stringify(state.ui.augmentParams)}:${state.ui.augmentViews}:${state.ui.augmentSeed}`;
    if (controlsKey !== this.lastControls) {
      this.lastControls = controlsKey;
      this.renderControls(a.params, state);
    }
    const pending = pendingOf(state, 'augment');
    const error = state.errors.augment;
    this.caption.textContent = pending
      ? 'Resampling…'
      : error
        ? `Could not resample: ${error}`
        : (state.augmentResult?.pipeline ?? a.pipeline);
    this.caption.classList.toggle('lt-error-text', !pending && error !== undefined);
    this.views.classList.toggle('lt-stale', pending !== undefined);
    if (this.data.augmentViews !== this.lastViews) {
      this.lastViews = this.data.augmentViews;
      this.renderViews();
    }
  }

  private renderSources(state: PanelState): void {
    const src = this.data.augmentSources;
    const a = state.augmentations;
    if (!src || !a) return;
    this.sources.replaceChildren(
      ...Array.from({ length: Math.min(a.n, 64) }, (_, i) => {
        const canvas = thumbCanvas(SOURCE_PX, (ctx) => src.draw(ctx, i, 0, 0, SOURCE_PX));
        canvas.classList.toggle('lt-selected', i === state.ui.augmentIndex);
        const label = this.data.augmentations?.labels?.[i];
        canvas.title = `image ${i}${label !== undefined ? ` · ${a.classNames?.[label] ?? `class ${label}`}` : ''}`;
        canvas.dataset.index = String(i);
        canvas.addEventListener('click', () => this.controls.dispatch({ type: 'ui', patch: { augmentIndex: i } }));
        return canvas;
      }),
    );
  }

  private renderControls(params: AugmentParam[], state: PanelState): void {
    const rows = params.map((p) => {
      const value = state.ui.augmentParams[p.name] ?? p.value;
      const row = el('label', 'lt-slider');
      const input = el('input');
      input.type = 'range';
      input.min = String(p.min);
      input.max = String(p.max);
      input.step = String(p.step);
      input.value = String(value);
      input.dataset.param = p.name;
      const out = el('span', 'lt-slider-value', String(value));
      input.addEventListener('input', () => {
        out.textContent = input.value;
        clearTimeout(this.debounce);
        this.debounce = setTimeout(
          () =>
            this.controls.dispatch({
              type: 'ui',
              patch: { augmentParams: { ...state.ui.augmentParams, [p.name]: Number(input.value) } },
            }),
          150,
        );
      });
      row.append(el('span', 'lt-slider-name', p.label), input, out);
      return row;
    });
    const views = el('input');
    views.type = 'number';
    views.min = '1';
    views.max = String(MAX_RESAMPLED_VIEWS);
    views.value = String(state.ui.augmentViews);
    views.addEventListener('change', () => {
      const n = Math.max(1, Math.min(MAX_RESAMPLED_VIEWS, Math.round(Number(views.value)) || 1));
      this.controls.dispatch({ type: 'ui', patch: { augmentViews: n } });
    });
    const viewsLabel = el('label', 'lt-slider');
    viewsLabel.append(el('span', 'lt-slider-name', 'views'), views);
    const resample = el('button', 'lt-button', 'Resample');
    resample.addEventListener('click', () =>
      this.controls.dispatch({
        type: 'ui',
        patch: { augmentSeed: (state.ui.augmentSeed * 1103515245 + 12345) % 2147483647 },
      }),
    );
    const reset = el('button', 'lt-button lt-secondary', 'Reset parameters');
    reset.addEventListener('click', () => this.controls.dispatch({ type: 'ui', patch: { augmentParams: {} } }));
    const buttons = el('div', 'lt-toolbar');
    buttons.append(viewsLabel, resample, reset);
    this.controlsBox.replaceChildren(...rows, buttons);
  }

  private renderViews(): void {
    const result = this.data.augmentViews;
    const src = this.data.augmentSources;
    if (!result || !src) {
      this.views.replaceChildren();
      return;
    }
    const original = el('figure', 'lt-view');
    original.append(
      thumbCanvas(VIEW_PX, (ctx) => src.draw(ctx, result.response.index, 0, 0, VIEW_PX)),
      el('figcaption', undefined, 'original'),
    );
    const views = Array.from({ length: result.response.count }, (_, i) => {
      const fig = el('figure', 'lt-view');
      fig.append(
        thumbCanvas(VIEW_PX, (ctx) => result.tiles.draw(ctx, i, 0, 0, VIEW_PX)),
        el('figcaption', undefined, `view ${i + 1}`),
      );
      return fig;
    });
    this.views.replaceChildren(original, ...views);
  }
}
