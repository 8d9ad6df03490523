/**
 * The side panel's state and its reducer: everything the panel shows, except the binary payloads
 * (vectors, thumbnails, projected points, pixels), which live in DataStore keyed by the ids here.
 * Pure: (state, action) -> state, unit-tested in Node; the DOM code only renders the state.
 */
import type { PanelEvent, PanelRequest, PanelResponse, AugmentParam } from '../../protocol/panelMessages';
import type { PanelKernelInfo } from '../../protocol/webviewMessages';
import type { CellMemory, VariableSummary } from '../../protocol/variables';
import type { Viewport } from '../common/viewport';
import { isTrainingEvent } from '../../protocol/trainingEvents';
import { applyTrainEvent, type Run } from './runs';
import { initialUiState, type UiState } from './uiState';
import type { ProjectionMethod } from '../../protocol/projectionMethods';
import { assertNever } from '../../protocol/assertNever';

export interface EmbeddingsMeta {
  id: string;
  n: number;
  dim: number;
  classNames?: string[];
  hasLabels: boolean;
  hasThumbnails: boolean;
  textQuery: boolean;
  /** The kernel holds the model and images behind the points: a click inspects the point's positive pair. */
  pairInspection: boolean;
}

/** The pair inspector's latest answer without its pixels (those are in DataStore). */
export interface PairResult {
  embeddingsId: string;
  index: number;
  seed: number;
  cosine: number;
  rank: number;
  loss: number;
  temperature: number;
  batchSize: number;
  pipeline: string;
  negatives: { indices: number[]; cosines: number[]; weights: number[] };
}
export interface AugmentationsMeta {
  id: string;
  n: number;
  shape: [number, number, number];
  classNames?: string[];
  params: AugmentParam[];
  pipeline: string;
}
export interface Pending {
  id: string;
  request: PanelRequest;
  fraction: number;
  stage: string;
}

export interface PanelState {
  ui: UiState;
  kernel: PanelKernelInfo;
  runs: Run[];
  embeddings?: EmbeddingsMeta;
  augmentations?: AugmentationsMeta;
  /** Requests sent and not answered yet, oldest first. */
  pending: Pending[];
  /** The method whose projection is on screen, when one is. */
  shownProjection?: { embeddingsId: string; method: ProjectionMethod };
  neighbours?: { index: number; indices: number[]; similarities: number[] };
  /** The points nearest to the last text query of the Embeddings tab (sets published with a text encoder). */
  textMatches?: { text: string; indices: number[]; similarities: number[] };
  /** The positive pair of the clicked point (Embeddings tab), once the kernel answered. */
  pair?: PairResult;
  /** Clicks on points so far: each one asks for fresh views, even of the same point. */
  pairDraws: number;
  /** Pipeline line of the latest resampled views. */
  augmentResult?: { index: number; count: number; pipeline: string };
  /** The kernel's top-level names and the last cell's tensor memory (the Variables tab). */
  variables?: { list: VariableSummary[]; memory: CellMemory };
  /** Variables whose image the kernel sent (pixels in DataStore); emptied by each new variables report. */
  tensorImages: string[];
  /** The latest error of each request kind, cleared by its next success. */
  errors: Partial<Record<PanelRequest['kind'], string>>;
}

export type PanelAction =
  | { type: 'kernel'; kernel: PanelKernelInfo }
  | { type: 'replay'; events: PanelEvent[] }
  | { type: 'event'; event: PanelEvent }
  | { type: 'requestSent'; id: string; request: PanelRequest }
  | { type: 'response'; id: string; response: PanelResponse }
  | { type: 'progress'; id: string; fraction: number; stage: string }
  | { type: 'ui'; patch: Partial<UiState> }
  | { type: 'viewport'; viewport: Viewport }
  | { type: 'toggleLabel'; label: number }
  /** A point was clicked: draw its positive pair again (new random views). */
  | { type: 'drawPair' };

export function initialState(ui: UiState = initialUiState()): PanelState {
  return { ui, kernel: { state: 'none' }, runs: [], pending: [], errors: {}, tensorImages: [], pairDraws: 0 };
}

function applyEvent(state: PanelState, event: PanelEvent): PanelState {
  if (isTrainingEvent(event)) return { ...state, runs: applyTrainEvent(state.runs, event) };
  switch (event.kind) {
    case 'embeddings': {
      // Every published set is new data (a re-run cell or a restarted kernel may reuse an id): selections,
      // neighbours and the view of the old points no longer apply. A replay restores them (see 'replay').
      const meta: EmbeddingsMeta = {
        id: event.id,
        n: event.n,
        dim: event.dim,
        classNames: event.classNames,
        hasLabels: event.labels !== undefined,
        hasThumbnails: event.thumbnails !== undefined,
        textQuery: event.textQuery === true,
        pairInspection: event.pairInspection === true,
      };
      return {
        ...state,
        embeddings: meta,
        neighbours: undefined,
        pair: undefined,
        textMatches: undefined,
        shownProjection: undefined,
        ui: { ...state.ui, selected: -1, selection: undefined, viewport: undefined, embeddingsId: event.id },
      };
    }
    case 'augmentations': {
      const same = state.augmentations?.id === event.id;
      const meta: AugmentationsMeta = {
        id: event.id,
        n: event.n,
        shape: event.shape,
        classNames: event.classNames,
        params: event.params,
        pipeline: event.pipeline,
      };
      const ui = same
        ? state.ui
        : { ...state.ui, augmentIndex: Math.min(state.ui.augmentIndex, event.n - 1), augmentParams: {} };
      return { ...state, augmentations: meta, ui, augmentResult: same ? state.augmentResult : undefined };
    }
    case 'variables':
      return { ...state, variables: { list: event.variables, memory: event.memory }, tensorImages: [] };
    case 'requestProgress':
      return state; // The host turns these into 'progress' actions for the webview's own request ids.
    default:
      assertNever(event, 'panel event');
  }
}

function applyResponse(before: PanelState, pending: Pending, response: PanelResponse): PanelState {
  const kind = pending.request.kind;
  const state = response.kind === 'error' ? before : { ...before, errors: { ...before.errors, [kind]: undefined } };
  switch (response.kind) {
    case 'project': {
      if (pending.request.kind !== 'project') return state;
      const current = state.embeddings?.id === pending.request.embeddingsId;
      return current
        ? { ...state, shownProjection: { embeddingsId: pending.request.embeddingsId, method: response.method } }
        : state;
    }
    case 'nearestNeighbours':
      if (pending.request.kind !== 'nearestNeighbours') return state;
      return {
        ...state,
        neighbours: {
          index: pending.request.index,
          indices: [...response.indices],
          similarities: [...response.similarities],
        },
      };
    case 'textQuery':
      if (pending.request.kind !== 'textQuery' || state.embeddings?.id !== pending.request.embeddingsId) return state;
      return {
        ...state,
        textMatches: { text: response.text, indices: [...response.indices], similarities: [...response.similarities] },
      };
    case 'augment':
      return { ...state, augmentResult: { index: response.index, count: response.count, pipeline: response.pipeline } };
    case 'inspectPair':
      if (pending.request.kind !== 'inspectPair' || state.embeddings?.id !== response.embeddingsId) return state;
      return {
        ...state,
        pair: {
          embeddingsId: response.embeddingsId,
          index: response.index,
          seed: response.seed,
          cosine: response.cosine,
          rank: response.rank,
          loss: response.loss,
          temperature: response.temperature,
          batchSize: response.batchSize,
          pipeline: response.pipeline,
          negatives: {
            indices: [...response.negatives.indices],
            cosines: [...response.negatives.cosines],
            weights: [...response.negatives.weights],
          },
        },
      };
    case 'select':
      return state; // The kernel keeps it; the panel's own copy is ui.selection.
    case 'tensorImage':
      return state.tensorImages.includes(response.name)
        ? state
        : { ...state, tensorImages: [...state.tensorImages, response.name] };
    case 'error':
      return { ...state, errors: { ...state.errors, [kind]: response.message } };
    default:
      assertNever(response, 'panel response');
  }
}

/** A persisted selection, when it belongs to the replayed embeddings and fits them. */
function restorableSelection(
  selection: UiState['selection'],
  embeddings: EmbeddingsMeta | undefined,
): UiState['selection'] {
  if (!selection || !embeddings || selection.embeddingsId !== embeddings.id) return undefined;
  return selection.indices.every((i) => i < embeddings.n) ? selection : undefined;
}

export function reducer(state: PanelState, action: PanelAction): PanelState {
  switch (action.type) {
    case 'kernel':
      return { ...state, kernel: action.kernel };
    case 'replay': {
      // A replay is the whole retained history of the followed kernel: start from its empty state.
      let next: PanelState = {
        ...state,
        runs: [],
        embeddings: undefined,
        augmentations: undefined,
        neighbours: undefined,
        textMatches: undefined,
        shownProjection: undefined,
        pair: undefined,
        augmentResult: undefined,
        variables: undefined,
        tensorImages: [],
        pending: [],
      };
      const keepUi = state.ui;
      for (const event of action.events) next = applyEvent(next, event);
      // Restored UI (selection, viewport) stays valid when the replay brings back the same embeddings.
      if (next.embeddings?.id === keepUi.embeddingsId)
        next = {
          ...next,
          ui: {
            ...next.ui,
            selected: keepUi.selected,
            viewport: keepUi.viewport,
            selection: restorableSelection(keepUi.selection, next.embeddings),
          },
        };
      if (next.augmentations)
        next = {
          ...next,
          ui: {
            ...next.ui,
            augmentIndex: Math.min(keepUi.augmentIndex, next.augmentations.n - 1),
            augmentParams: keepUi.augmentParams,
          },
        };
      return next;
    }
    case 'event':
      return applyEvent(state, action.event);
    case 'requestSent':
      return {
        ...state,
        pending: [...state.pending, { id: action.id, request: action.request, fraction: 0, stage: 'queued' }],
      };
    case 'progress':
      return {
        ...state,
        pending: state.pending.map((p) =>
          p.id === action.id ? { ...p, fraction: action.fraction, stage: action.stage } : p,
        ),
      };
    case 'response': {
      const pending = state.pending.find((p) => p.id === action.id);
      if (!pending) return state;
      return applyResponse(
        { ...state, pending: state.pending.filter((p) => p.id !== action.id) },
        pending,
        action.response,
      );
    }
    case 'ui':
      return { ...state, ui: { ...state.ui, ...action.patch } };
    case 'viewport':
      return { ...state, ui: { ...state.ui, viewport: action.viewport } };
    case 'drawPair':
      return { ...state, pairDraws: state.pairDraws + 1 };
    case 'toggleLabel': {
      const hidden = state.ui.hiddenLabels.includes(action.label)
        ? state.ui.hiddenLabels.filter((l) => l !== action.label)
        : [...state.ui.hiddenLabels, action.label].sort((a, b) => a - b);
      return { ...state, ui: { ...state.ui, hiddenLabels: hidden } };
    }
    default:
      assertNever(action, 'panel action');
  }
}

/** The pending projection request, if any (the Embeddings tab shows its progress). */
export function pendingOf(state: PanelState, kind: PanelRequest['kind']): Pending | undefined {
  return state.pending.find((p) => p.request.kind === kind);
}
