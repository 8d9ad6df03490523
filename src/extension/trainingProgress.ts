/**
 * A cancellable progress notification for a training run, shown when the side panel (which draws the live
 * curves) is hidden. Fed by the training events of the extension's one fan-out (NotebookKernels.onDidPanelEvent):
 * trainStart opens it, each trainStep reports every metric (stepMessage), trainEnd closes it (the host sends
 * one for runs a dying or restarting kernel leaves open). Cancel interrupts the notebook's kernel, which stops
 * the run at its next step and keeps the model's weights.
 */
import * as vscode from 'vscode';
import type { PanelEvent } from '../protocol/panelMessages';
import { stepMessage } from '../protocol/trainingProgress';

/** Where the progress notification gets its facts from, and how it cancels. */
export interface TrainingSource {
  readonly onDidPanelEvent: vscode.Event<{ notebook: vscode.NotebookDocument; event: PanelEvent }>;
  interrupt(notebook: vscode.NotebookDocument): Promise<void>;
}

/** Whether the side panel shows training right now (the panel provider implements it; absent = hidden). */
export interface PanelVisibility {
  readonly visible: boolean;
}

interface ActiveRun {
  runId: string;
  lastFraction: number;
  report(value: { message?: string; increment?: number }): void;
  finish(): void;
}

export class TrainingProgress implements vscode.Disposable {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly source: TrainingSource,
    private readonly panel: () => PanelVisibility | undefined,
  ) {
    this.subscription = source.onDidPanelEvent(({ notebook, event }) => this.handle(notebook, event));
  }

  private handle(notebook: vscode.NotebookDocument, event: PanelEvent): void {
    switch (event.kind) {
      case 'trainStart':
        if (!this.panel()?.visible) this.start(notebook, event.runId);
        return;
      case 'trainStep': {
        const run = this.runs.get(event.runId);
        if (!run) return;
        const fraction = event.totalSteps > 0 ? Math.min(1, event.step / event.totalSteps) : 0;
        const increment = Math.max(0, (fraction - run.lastFraction) * 100);
        run.lastFraction = Math.max(run.lastFraction, fraction);
        run.report({ message: stepMessage(event), increment });
        return;
      }
      case 'trainEnd':
        this.runs.get(event.runId)?.finish();
        return;
      default:
        // embeddings and other publications are the side panel's
        return;
    }
  }

  private start(notebook: vscode.NotebookDocument, runId: string): void {
    this.runs.get(runId)?.finish();
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Look Twice: training ${runId}`, cancellable: true },
      (progress, token) =>
        new Promise<void>((resolve) => {
          const run: ActiveRun = {
            runId,
            lastFraction: 0,
            report: (value) => progress.report(value),
            finish: () => {
              this.runs.delete(runId);
              cancel.dispose();
              resolve();
            },
          };
          const cancel = token.onCancellationRequested(() => {
            void this.source.interrupt(notebook);
            run.finish();
          });
          this.runs.set(runId, run);
        }),
    );
  }

  /** Runs with a notification open now (for the integration tests). */
  get activeRuns(): string[] {
    return [...this.runs.keys()];
  }

  /** Ends every notification of a notebook's runs, e.g. when its kernel died or restarted. */
  finishAll(): void {
    for (const run of [...this.runs.values()]) run.finish();
  }

  dispose(): void {
    this.finishAll();
    this.subscription.dispose();
  }
}
