/**
 * The kernels of open notebooks: one NotebookKernel per notebook, created on first use, shut down when the
 * notebook closes or its controller is deselected. The extension's one fan-out of what views need: state
 * changes for the status bar, and every panel event (training events forwarded unchanged, embeddings, ...)
 * for the side panel and the training notification. Reports kernels that die, and restarts kernels whose
 * lookTwice.backend setting changed (package.json promises it; their state is lost, and a message says so).
 */
import * as vscode from 'vscode';
import type { KernelProcess, ReadyInfo } from '../host';
import type { PanelEvent, PanelRequest, PanelResponse } from '../protocol/panelMessages';
import type { KernelSnapshot } from './kernelState';
import { NotebookKernel } from './notebookKernel';
import { affectsBackend, backendSetting } from './settings';
import { isTrusted } from './workspaceTrust';

export interface NotebookPanelEvent {
  notebook: vscode.NotebookDocument;
  event: PanelEvent;
}

/** Something that follows a notebook's kernel process (the side panel); the result is disposed when it goes away. */
export type ProcessObserver = (notebook: vscode.NotebookDocument, process: KernelProcess) => vscode.Disposable;

export class NotebookKernels implements vscode.Disposable {
  private readonly kernels = new Map<vscode.NotebookDocument, NotebookKernel>();
  private readonly observers: ProcessObserver[] = [];
  /** Per notebook: what the observers returned for its current process. */
  private readonly observations = new Map<vscode.NotebookDocument, vscode.Disposable[]>();
  private readonly changed = new vscode.EventEmitter<vscode.NotebookDocument>();
  private readonly panelEvents = new vscode.EventEmitter<NotebookPanelEvent>();
  private readonly subscriptions: vscode.Disposable[];

  /** A notebook's kernel changed state, backend or memory. */
  readonly onDidChangeKernel = this.changed.event;
  /** Training events, embeddings and other publications of any notebook's kernel. */
  readonly onDidPanelEvent = this.panelEvents.event;

  constructor(private readonly kernelPath: string) {
    this.subscriptions = [
      this.changed,
      this.panelEvents,
      vscode.workspace.onDidCloseNotebookDocument((notebook) => this.shutdown(notebook)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsBackend(event)) void this.restartForBackendSetting();
      }),
    ];
  }

  /** The notebook's kernel, created (not yet started) when it has none. */
  kernelFor(notebook: vscode.NotebookDocument): NotebookKernel {
    let kernel = this.kernels.get(notebook);
    if (!kernel) {
      kernel = new NotebookKernel(notebook, this.kernelPath, {
        onDidChange: () => this.changed.fire(notebook),
        onPanelEvent: (event) => this.panelEvents.fire({ notebook, event }),
        onDied: (reason) => this.reportDeath(notebook, reason),
        onProcess: (process) => this.observe(notebook, process),
      });
      this.kernels.set(notebook, kernel);
      this.changed.fire(notebook);
    }
    return kernel;
  }

  /** Calls `observer` for every kernel process, now and later (a restart makes a new one). */
  observeProcesses(observer: ProcessObserver): vscode.Disposable {
    this.observers.push(observer);
    for (const [notebook, kernel] of this.kernels) {
      this.observations.set(notebook, [
        ...(this.observations.get(notebook) ?? []),
        observer(notebook, kernel.kernelProcess),
      ]);
    }
    return new vscode.Disposable(() => {
      const index = this.observers.indexOf(observer);
      if (index >= 0) this.observers.splice(index, 1);
    });
  }

  private observe(notebook: vscode.NotebookDocument, process: KernelProcess): void {
    this.unobserve(notebook);
    this.observations.set(
      notebook,
      this.observers.map((observer) => observer(notebook, process)),
    );
  }

  private unobserve(notebook: vscode.NotebookDocument): void {
    for (const observation of this.observations.get(notebook) ?? []) observation.dispose();
    this.observations.delete(notebook);
  }

  snapshot(notebook: vscode.NotebookDocument): KernelSnapshot | undefined {
    return this.kernels.get(notebook)?.snapshot;
  }

  interrupt(notebook: vscode.NotebookDocument): Promise<void> {
    this.kernels.get(notebook)?.interrupt();
    return Promise.resolve();
  }

  restart(notebook: vscode.NotebookDocument): Promise<ReadyInfo> {
    return this.kernelFor(notebook).restart();
  }

  /** Restarts the kernels whose process was created with another backend setting than their notebook's now. */
  async restartForBackendSetting(): Promise<void> {
    // No kernel runs in an untrusted workspace; those created later read the setting when they start.
    if (!isTrusted()) return;
    const stale = [...this.kernels.values()].filter((kernel) => kernel.backend !== backendSetting(kernel.notebook.uri));
    if (stale.length === 0) return;
    await Promise.all(stale.map((kernel) => kernel.restart().catch(() => undefined)));
    const names = stale.map((kernel) => kernel.notebook.uri.path.split('/').pop()).join(', ');
    void vscode.window.showInformationMessage(
      `Look Twice: the backend setting changed, so the kernel of ${names} restarted with '${backendSetting(stale[0].notebook.uri)}' (its variables are lost).`,
    );
  }

  /** Work for the side panel from a notebook's kernel; an error response when it has none. */
  panelRequest(notebook: vscode.NotebookDocument, request: PanelRequest): Promise<PanelResponse> {
    const kernel = this.kernels.get(notebook);
    return kernel
      ? kernel.panelRequest(request)
      : Promise.resolve({ kind: 'error', message: 'this notebook has no running Look Twice kernel' });
  }

  shutdown(notebook: vscode.NotebookDocument): void {
    const kernel = this.kernels.get(notebook);
    if (!kernel) return;
    this.kernels.delete(notebook);
    this.unobserve(notebook);
    kernel.dispose();
    this.changed.fire(notebook);
  }

  private reportDeath(notebook: vscode.NotebookDocument, reason: string): void {
    const name = notebook.uri.path.split('/').pop() ?? notebook.uri.toString();
    void vscode.window
      .showErrorMessage(
        `Look Twice: the kernel of ${name} stopped. ${reason}; its variables are lost. Running a cell starts a fresh kernel.`,
        'Restart Kernel',
      )
      .then((action) => (action ? this.restart(notebook) : undefined));
  }

  dispose(): void {
    for (const notebook of this.kernels.keys()) this.unobserve(notebook);
    for (const kernel of this.kernels.values()) kernel.dispose();
    this.kernels.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
