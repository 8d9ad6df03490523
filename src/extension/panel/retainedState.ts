/**
 * What the extension retains of one kernel for the panel, so a panel that is created, hidden and
 * shown again (its webview destroyed) or that switches notebooks gets the whole picture back:
 * the training events of the session's latest runs, the latest embeddings and augmentations, and
 * projections already computed for those embeddings (t-SNE/UMAP take seconds; never twice).
 * Pure (no vscode); tested in test/extension/panel/retainedState.test.ts.
 */
import { assertNever } from '../../protocol/assertNever';
import type { PanelEvent, PanelRequest, PanelResponse } from '../../protocol/panelMessages';
import {
  HISTORY_POINTS,
  HISTORY_RUNS,
  HISTORY_SNAPSHOTS,
  thin,
  type TrainingEvent,
} from '../../protocol/trainingEvents';

type ProjectRequest = Extract<PanelRequest, { kind: 'project' }>;
type ProjectResponse = Extract<PanelResponse, { kind: 'project' }>;

export class RetainedState {
  private readonly runs = new Map<string, TrainingEvent[]>();
  private embeddings: Extract<PanelEvent, { kind: 'embeddings' }> | undefined;
  private augmentations: Extract<PanelEvent, { kind: 'augmentations' }> | undefined;
  private readonly projections = new Map<string, ProjectResponse>();
  /** Ids of embeddings and augmentations published by an earlier kernel process than the running one. */
  private readonly lost = new Set<string>();
  /** The latest Variables view data (each report replaces the previous one). */
  private variables: Extract<PanelEvent, { kind: 'variables' }> | undefined;

  add(event: PanelEvent): void {
    switch (event.kind) {
      case 'trainStart':
      case 'trainStep':
      case 'trainSnapshot':
      case 'trainEnd': {
        let events = this.runs.get(event.runId);
        if (!events || event.kind === 'trainStart') {
          events = [];
          this.runs.delete(event.runId);
          this.runs.set(event.runId, events);
          while (this.runs.size > HISTORY_RUNS) this.runs.delete(this.runs.keys().next().value as string);
        }
        events.push(event);
        if (events.length > HISTORY_POINTS + HISTORY_SNAPSHOTS + 2) this.runs.set(event.runId, thinRun(events));
        else if (
          event.kind === 'trainSnapshot' &&
          events.filter((e) => e.kind === 'trainSnapshot').length > HISTORY_SNAPSHOTS
        )
          this.runs.set(event.runId, thinRun(events));
        return;
      }
      case 'embeddings':
        this.lost.delete(event.id);
        if (this.embeddings?.id !== event.id) this.projections.clear();
        this.embeddings = event;
        return;
      case 'augmentations':
        this.lost.delete(event.id);
        this.augmentations = event;
        return;
      case 'variables':
        this.variables = event;
        return;
      case 'requestProgress':
        return; // Belongs to one request, not to the history.
      default:
        assertNever(event, 'panel event');
    }
  }

  /**
   * Forgets what lived in a kernel process (embeddings, augmentation sources, projections) but keeps the
   * training history: after a restart the new process cannot answer about the old data, yet earlier
   * runs of the session stay comparable.
   */
  forgetKernelData(): void {
    this.embeddings = undefined;
    this.augmentations = undefined;
    this.variables = undefined;
    this.projections.clear();
  }

  /**
   * A new kernel process is running (a restart, or a start after a death): the embeddings and augmentations
   * retained so far stay on screen, but requests about them get `lostData`'s message instead of the new
   * process's "no published ..." error.
   */
  kernelReplaced(): void {
    if (this.embeddings) this.lost.add(this.embeddings.id);
    if (this.augmentations) this.lost.add(this.augmentations.id);
  }

  /** Why the running kernel cannot answer `request`, when it is about data an earlier process published. */
  lostData(request: PanelRequest): string | undefined {
    const id =
      'embeddingsId' in request
        ? request.embeddingsId
        : 'augmentationsId' in request
          ? request.augmentationsId
          : undefined;
    if (id === undefined || !this.lost.has(id)) return undefined;
    return `the kernel restarted since '${id}' was shown: the new kernel does not hold its data (model, images, vectors); run the cell that shows it again`;
  }

  /** Everything retained, in an order that replays correctly (runs oldest first, then data). */
  events(): PanelEvent[] {
    const out: PanelEvent[] = [];
    for (const events of this.runs.values()) out.push(...events);
    if (this.augmentations) out.push(this.augmentations);
    if (this.embeddings) out.push(this.embeddings);
    if (this.variables) out.push(this.variables);
    return out;
  }

  /** A projection computed before for the current embeddings, if any. */
  cachedProjection(request: ProjectRequest): ProjectResponse | undefined {
    return this.projections.get(projectionKey(request));
  }

  /** Keeps a successful projection of the current embeddings. */
  rememberProjection(request: ProjectRequest, response: PanelResponse): void {
    if (response.kind === 'project' && request.embeddingsId === this.embeddings?.id)
      this.projections.set(projectionKey(request), response);
  }
}

function projectionKey(r: ProjectRequest): string {
  return `${r.embeddingsId}|${r.method}|${r.dims}|${r.seed ?? ''}`;
}

/** The run's step and snapshot events thinned to their caps (protocol's thin); its start and end stay. */
function thinRun(events: TrainingEvent[]): TrainingEvent[] {
  const steps = events.filter((e) => e.kind === 'trainStep');
  const snapshots = events.filter((e) => e.kind === 'trainSnapshot');
  return [
    ...events.filter((e) => e.kind === 'trainStart'),
    ...thin(steps, HISTORY_POINTS),
    ...thin(snapshots, HISTORY_SNAPSHOTS),
    ...events.filter((e) => e.kind === 'trainEnd'),
  ];
}
