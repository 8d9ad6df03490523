/**
 * The part of the panel's state that the webview persists with vscode.setState (small, JSON):
 * tab, projection method, selection, hidden classes, search, viewport, chart and explorer settings,
 * the Inspect tab's snapshot, the Embeddings tab's box/lasso selection.
 * `restoreUiState` validates what getState returns (it may come from an older version of the panel).
 */
import { isViewport, type Viewport } from '../common/viewport';
import { isProjectionMethod, type ProjectionMethod } from '../../protocol/projectionMethods';
import { MAX_SELECTION_POINTS } from '../../protocol/panelMessages';

export const TABS = ['training', 'inspect', 'augmentations', 'embeddings', 'variables'] as const;
export type Tab = (typeof TABS)[number];

export interface UiState {
  tab: Tab;
  method: ProjectionMethod;
  /** Embeddings the selection/viewport belong to. */
  embeddingsId?: string;
  selected: number;
  /** The box/lasso selection: indices into embeddings `embeddingsId` (restored only with the same set). */
  selection?: { embeddingsId: string; indices: number[] };
  hiddenLabels: number[];
  search: string;
  viewport?: Viewport;
  logScale: boolean;
  /** Earlier runs overlaid on the current one in the Training tab. */
  compareRuns: string[];
  augmentIndex: number;
  augmentViews: number;
  augmentSeed: number;
  augmentParams: Record<string, number>;
  /** The Inspect tab's run (undefined: the latest with snapshots) and snapshot step (undefined: follow the newest). */
  inspectRun?: string;
  snapshotStep?: number;
}

export function initialUiState(): UiState {
  return {
    tab: 'training',
    method: 'pca',
    selected: -1,
    hiddenLabels: [],
    search: '',
    logScale: false,
    compareRuns: [],
    augmentIndex: 0,
    augmentViews: 8,
    augmentSeed: 1,
    augmentParams: {},
  };
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** A valid UiState from whatever getState returned: valid fields are kept, the others reset. */
export function restoreUiState(saved: unknown): UiState {
  const ui = initialUiState();
  if (typeof saved !== 'object' || saved === null) return ui;
  const s = saved as Record<string, unknown>;
  if (typeof s.tab === 'string' && (TABS as readonly string[]).includes(s.tab)) ui.tab = s.tab as Tab;
  if (isProjectionMethod(s.method)) ui.method = s.method;
  if (typeof s.embeddingsId === 'string') ui.embeddingsId = s.embeddingsId;
  if (isInt(s.selected, -1, 1e9)) ui.selected = s.selected;
  const selection = restoreSelection(s.selection);
  if (selection) ui.selection = selection;
  if (Array.isArray(s.hiddenLabels) && s.hiddenLabels.every((l) => isInt(l, -1, 1e6))) ui.hiddenLabels = s.hiddenLabels;
  if (typeof s.search === 'string' && s.search.length <= 200) ui.search = s.search;
  if (isViewport(s.viewport)) ui.viewport = { scale: s.viewport.scale, tx: s.viewport.tx, ty: s.viewport.ty };
  if (typeof s.logScale === 'boolean') ui.logScale = s.logScale;
  if (Array.isArray(s.compareRuns) && s.compareRuns.every((r) => typeof r === 'string'))
    ui.compareRuns = s.compareRuns.slice(0, 16);
  if (typeof s.inspectRun === 'string' && s.inspectRun.length <= 200) ui.inspectRun = s.inspectRun;
  if (isInt(s.snapshotStep, 0, Number.MAX_SAFE_INTEGER)) ui.snapshotStep = s.snapshotStep;
  if (isInt(s.augmentIndex, 0, 1e9)) ui.augmentIndex = s.augmentIndex;
  if (isInt(s.augmentViews, 1, 32)) ui.augmentViews = s.augmentViews;
  if (isInt(s.augmentSeed, 0, 2 ** 31)) ui.augmentSeed = s.augmentSeed;
  if (typeof s.augmentParams === 'object' && s.augmentParams !== null && !Array.isArray(s.augmentParams)) {
    const entries = Object.entries(s.augmentParams as Record<string, unknown>).filter(
      (e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]),
    );
    ui.augmentParams = Object.fromEntries(entries.slice(0, 32));
  }
  return ui;
}

function restoreSelection(saved: unknown): UiState['selection'] {
  if (typeof saved !== 'object' || saved === null) return undefined;
  const { embeddingsId, indices } = saved as Record<string, unknown>;
  if (typeof embeddingsId !== 'string' || embeddingsId.length === 0 || embeddingsId.length > 200) return undefined;
  if (!Array.isArray(indices) || indices.length === 0 || indices.length > MAX_SELECTION_POINTS) return undefined;
  if (!indices.every((i) => isInt(i, 0, 2 ** 31 - 1))) return undefined;
  return { embeddingsId, indices: indices as number[] };
}

/** Labels to hide for a class-name search: every class whose name does not contain the text (case-insensitive). */
export function labelsHiddenBySearch(
  search: string,
  classNames: readonly string[] | undefined,
  labels: readonly number[],
): number[] {
  const text = search.trim().toLowerCase();
  if (text === '') return [];
  return labels.filter((label) => !(classNames?.[label] ?? `class ${label}`).toLowerCase().includes(text));
}
