/**
 * The Look Twice side panel (entry of dist/webview/panel.js, an IIFE loaded by the WebviewView).
 * Wires the host's messages into the reducer, the binary parts into DataStore, renders the tabs
 * once per animation frame, asks the kernel for missing work (projection, neighbours, views) and
 * persists the UI state with vscode.setState so it survives the view being hidden and shown.
 */
import type { PanelRequest, PanelResponse } from '../../protocol/panelMessages';
import type { ExtensionToWebview, SaveFile, SaveOutcome } from '../../protocol/webviewMessages';
import componentsCss from '../common/components.css';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { AugmentTab, augmentRequestKey } from './augmentTab';
import { el, type PanelControls } from './controls';
import { DataStore } from './dataStore';
import { EmbeddingsTab } from './embeddingsTab';
import { InspectTab } from './inspectTab';
import { isExtensionMessage } from './incoming';
import { initialState, pendingOf, reducer, type PanelAction, type PanelState } from './panelState';
import { TrainingTab } from './trainingTab';
import { VariablesTab } from './variablesTab';
import { restoreUiState, TABS, type Tab } from './uiState';
import { vscodeApi } from './vscodeApi';
import { assertNever } from '../../protocol/assertNever';

const NEIGHBOURS_K = 12;
/** Hardest negatives the pair inspector shows. */
const PAIR_NEGATIVES = 8;

/** A seed for new random views: each click must draw differently, so it comes from the browser's generator. */
function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] >>> 1;
}
const TAB_NAMES: Record<Tab, string> = {
  training: 'Training',
  inspect: 'Inspect',
  augmentations: 'Augmentations',
  embeddings: 'Embeddings',
  variables: 'Variables',
};

function injectStyles(): void {
  // The CSP allows styles with this page's nonce only; the script tag carries it.
  const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce ?? '';
  const style = el('style');
  style.nonce = nonce;
  style.textContent = `${uplotCss}\n${componentsCss}`;
  document.head.append(style);
}

function main(): void {
  injectStyles();
  const api = vscodeApi();
  const data = new DataStore();
  let state: PanelState = initialState(restoreUiState(api.getState()));
  let savedUi = state.ui;
  let frame = 0;
  let requestCounter = 0;
  let lastAugmentKey: string | undefined;
  let lastPairKey: string | undefined;
  /** The selection the kernel was last told about (ui.selection by reference, or 'none' for a cleared one). */
  let toldSelection: unknown;
  /** Requests the kernel answered with an error: not retried automatically (no request loops). */
  const failed = new Set<string>();
  const requestOnce = (request: PanelRequest): void => {
    if (!failed.has(JSON.stringify(request))) controls.request(request);
  };

  const controls: PanelControls = {
    dispatch(action: PanelAction): void {
      state = reducer(state, action);
      schedule();
    },
    request(request: PanelRequest): void {
      const id = `r${++requestCounter}-${Date.now().toString(36)}`;
      state = reducer(state, { type: 'requestSent', id, request });
      api.postMessage({ type: 'request', id, request });
      schedule();
    },
    save(file: SaveFile): Promise<SaveOutcome> {
      const id = `s${++requestCounter}-${Date.now().toString(36)}`;
      return new Promise((resolve) => {
        saves.set(id, resolve);
        api.postMessage({ type: 'save', id, file });
      });
    },
  };
  /** Saves waiting for the host's 'saved' answer. */
  const saves = new Map<string, (outcome: SaveOutcome) => void>();

  const header = el('header', 'lt-header');
  const kernelLine = el('div', 'lt-kernel');
  const tabBar = el('nav', 'lt-tabs');
  tabBar.setAttribute('role', 'tablist');
  const panes = new Map<Tab, HTMLElement>();
  const tabButtons = new Map<Tab, HTMLButtonElement>();
  for (const tab of TABS) {
    const button = el('button', 'lt-tab', TAB_NAMES[tab]);
    button.setAttribute('role', 'tab');
    button.dataset.tab = tab;
    button.addEventListener('click', () => controls.dispatch({ type: 'ui', patch: { tab } }));
    tabButtons.set(tab, button);
    tabBar.append(button);
    panes.set(tab, el('section', `lt-pane lt-pane-${tab}`));
  }
  header.append(kernelLine, tabBar);
  document.body.append(header, ...panes.values());

  const training = new TrainingTab(panes.get('training') as HTMLElement, controls);
  const inspect = new InspectTab(panes.get('inspect') as HTMLElement, controls);
  const augment = new AugmentTab(panes.get('augmentations') as HTMLElement, controls, data);
  const embeddings = new EmbeddingsTab(panes.get('embeddings') as HTMLElement, controls, data);
  const variables = new VariablesTab(panes.get('variables') as HTMLElement, controls, data);
  (window as unknown as { lookTwicePanel: unknown }).lookTwicePanel = {
    scatter: embeddings.scatter,
    embeddings,
    state: () => state,
  };

  function schedule(): void {
    if (frame === 0) frame = requestAnimationFrame(render);
  }

  /** Work the current state needs from the kernel and does not have yet. */
  function requestMissing(): void {
    const e = state.embeddings;
    if (
      e &&
      !data.projection(state.ui.method) &&
      !state.pending.some(
        (p) => p.request.kind === 'project' && p.request.embeddingsId === e.id && p.request.method === state.ui.method,
      )
    ) {
      requestOnce({ kind: 'project', embeddingsId: e.id, method: state.ui.method, dims: 2, seed: 1 });
    }
    const selected = state.ui.selected;
    if (
      e &&
      selected >= 0 &&
      selected < e.n &&
      state.neighbours?.index !== selected &&
      !pendingOf(state, 'nearestNeighbours')
    ) {
      requestOnce({ kind: 'nearestNeighbours', embeddingsId: e.id, index: selected, k: NEIGHBOURS_K });
    }
    // The clicked point's positive pair: once per click (pairDraws), also for a selection restored on reload.
    const pairKey =
      e?.pairInspection && selected >= 0 && selected < e.n ? `${e.id}:${selected}:${state.pairDraws}` : undefined;
    if (e && pairKey !== undefined && pairKey !== lastPairKey && !pendingOf(state, 'inspectPair')) {
      lastPairKey = pairKey;
      controls.request({
        kind: 'inspectPair',
        embeddingsId: e.id,
        index: selected,
        seed: freshSeed(),
        negatives: PAIR_NEGATIVES,
      });
    }
    // The kernel keeps the current set's selection for cells (panel.selection()); told on change and after a reload.
    const selection = state.ui.selection;
    if (e && selection !== toldSelection && (selection === undefined || selection.embeddingsId === e.id)) {
      const first = toldSelection === undefined;
      toldSelection = selection;
      if (selection || !first)
        controls.request({ kind: 'select', embeddingsId: e.id, indices: selection?.indices ?? [] });
    }
    const key = augmentRequestKey(state);
    const a = state.augmentations;
    if (a && key !== undefined && key !== lastAugmentKey && !pendingOf(state, 'augment')) {
      lastAugmentKey = key;
      const params = Object.fromEntries(a.params.map((p) => [p.name, state.ui.augmentParams[p.name] ?? p.value]));
      controls.request({
        kind: 'augment',
        augmentationsId: a.id,
        index: state.ui.augmentIndex,
        views: state.ui.augmentViews,
        seed: state.ui.augmentSeed,
        params,
      });
    }
  }

  function render(): void {
    frame = 0;
    requestMissing();
    if (state.ui !== savedUi) {
      savedUi = state.ui;
      api.setState(state.ui);
    }
    const k = state.kernel;
    kernelLine.textContent = k.notebook ? `${k.notebook} · kernel ${k.state}` : 'No Look Twice notebook is active';
    kernelLine.dataset.state = k.state;
    for (const [tab, button] of tabButtons) {
      button.setAttribute('aria-selected', String(tab === state.ui.tab));
      (panes.get(tab) as HTMLElement).hidden = tab !== state.ui.tab;
    }
    training.render(state);
    inspect.render(state);
    augment.render(state);
    embeddings.render(state);
    variables.render(state);
  }

  function takeResponse(id: string, response: PanelResponse): void {
    const pending = state.pending.find((p) => p.id === id);
    if (response.kind === 'project' && pending?.request.kind === 'project')
      data.setProjection(pending.request.embeddingsId, response.method, response.points, response.dims);
    if (response.kind === 'augment') data.takeAugment(response);
    if (response.kind === 'tensorImage') data.takeTensorImage(response);
    if (response.kind === 'inspectPair') data.takePair(response);
    if (response.kind === 'error' && pending) failed.add(JSON.stringify(pending.request));
    controls.dispatch({ type: 'response', id, response });
  }

  function onMessage(message: ExtensionToWebview): void {
    switch (message.type) {
      case 'kernel':
        return controls.dispatch({ type: 'kernel', kernel: message.kernel });
      case 'replay':
        data.reset();
        failed.clear();
        for (const event of message.events) data.takeEvent(event);
        lastAugmentKey = undefined;
        lastPairKey = undefined;
        toldSelection = undefined;
        return controls.dispatch({ type: 'replay', events: message.events });
      case 'event':
        if (data.takeEvent(message.event)) failed.clear();
        return controls.dispatch({ type: 'event', event: message.event });
      case 'response':
        return takeResponse(message.id, message.response);
      case 'progress':
        return controls.dispatch({
          type: 'progress',
          id: message.id,
          fraction: message.fraction,
          stage: message.stage,
        });
      case 'saved':
        saves.get(message.id)?.(message.outcome);
        saves.delete(message.id);
        return;
      default:
        assertNever(message, 'message from the extension');
    }
  }

  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    if (isExtensionMessage(event.data)) onMessage(event.data);
  });
  render();
  api.postMessage({ type: 'ready' });
}

main();
