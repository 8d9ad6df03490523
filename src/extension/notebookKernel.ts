/**
 * One notebook's kernel: a KernelProcess (src/host) started with VS Code's own Node
 * (process.execPath + ELECTRON_RUN_AS_NODE=1) on the extension's dist/kernel.js, in the notebook's folder, with
 * the backend and dataset-folder settings. Runs cells one at a time, in the order they were queued, writing their
 * outputs into NotebookCellExecutions as they stream; interrupt ends the running cell and drops the queue.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { KernelProcess, describeExit, type KernelExit, type ReadyInfo } from '../host';
import type { PanelEvent, PanelRequest, PanelResponse } from '../protocol/panelMessages';
import { CellOutputWriter } from './cellOutputs';
import { askInputBox } from './inputBox';
import type { KernelSnapshot } from './kernelState';
import { backendSetting, datasetFolderSetting, type BackendSetting } from './settings';
import { isTrusted, requireTrust } from './workspaceTrust';

interface QueuedCell {
  cell: vscode.NotebookCell;
  execution: vscode.NotebookCellExecution;
}

export interface NotebookKernelEvents {
  onDidChange(): void;
  onPanelEvent(event: PanelEvent): void;
  /** The kernel process ended on its own (crash, process.exit, out of memory). */
  onDied(reason: string): void;
  /** A KernelProcess was created for the notebook (at first, and anew on each user restart): observers attach to it. */
  onProcess(process: KernelProcess): void;
}

/** The folder a notebook's kernel runs in: the file's folder, else the first workspace folder, else home. */
export function notebookFolder(notebook: vscode.NotebookDocument): string {
  if (notebook.uri.scheme === 'file') return path.dirname(notebook.uri.fsPath);
  const folder = vscode.workspace.getWorkspaceFolder(notebook.uri) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath ?? process.env.HOME ?? process.cwd();
}

export class NotebookKernel implements vscode.Disposable {
  private process: KernelProcess;
  private subscriptions: { dispose(): void }[] = [];
  private readonly queue: QueuedCell[] = [];
  private running: QueuedCell | undefined;
  private draining = false;
  private executionOrder = 0;
  private snapshotValue: KernelSnapshot = { state: 'starting' };
  /** The lookTwice.backend value the current process was created with. */
  private backendValue: BackendSetting = 'auto';
  private disposed = false;

  constructor(
    readonly notebook: vscode.NotebookDocument,
    private readonly kernelPath: string,
    private readonly events: NotebookKernelEvents,
  ) {
    this.process = this.createProcess();
    events.onProcess(this.process);
  }

  /** The backend setting the current process was created with (a changed setting restarts it: NotebookKernels). */
  get backend(): BackendSetting {
    return this.backendValue;
  }

  /** The current process (replaced by restart()). */
  get kernelProcess(): KernelProcess {
    return this.process;
  }

  get snapshot(): KernelSnapshot {
    return this.snapshotValue;
  }

  /** Starts the process now (when the controller is selected) so that the first cell does not wait for it. */
  warmUp(): void {
    if (!isTrusted()) return;
    this.process.start().catch(() => undefined);
  }

  /** Queues cells; each shows as pending until it runs. */
  enqueue(cells: readonly vscode.NotebookCell[], controller: vscode.NotebookController): void {
    for (const cell of cells) {
      const execution = controller.createNotebookCellExecution(cell);
      const queued = { cell, execution };
      execution.token.onCancellationRequested(() => this.cancelQueued(queued));
      this.queue.push(queued);
    }
    void this.drain();
  }

  /** Stops the running cell (state kept; a cell that ignores it for the grace period restarts the kernel) and drops the queue. */
  interrupt(): void {
    this.dropQueue();
    this.process.interrupt();
  }

  /** A fresh kernel with the current settings; the old one's state is gone. Throws UntrustedWorkspaceError in an untrusted workspace. */
  async restart(): Promise<ReadyInfo> {
    requireTrust();
    this.dropQueue();
    const old = this.process;
    this.executionOrder = 0;
    // Listen until the old process is gone: it ends its open training runs (trainEnd) on the way out.
    await old.shutdown();
    for (const subscription of this.subscriptions) subscription.dispose();
    if (this.disposed) throw new Error('the notebook was closed while its kernel restarted');
    this.process = this.createProcess();
    this.events.onProcess(this.process);
    this.update({ state: 'starting' });
    return this.process.start();
  }

  panelRequest(request: PanelRequest): Promise<PanelResponse> {
    return this.process.panelRequest(request);
  }

  private createProcess(): KernelProcess {
    const folder = notebookFolder(this.notebook);
    const backend = backendSetting(this.notebook.uri);
    this.backendValue = backend;
    const datasetFolder = datasetFolderSetting(this.notebook.uri, folder);
    const kernel = new KernelProcess({
      kernelPath: this.kernelPath,
      cwd: folder,
      execPath: process.execPath,
      electronRunAsNode: true,
      ...(backend === 'auto' ? {} : { backend }),
      env: datasetFolder ? { LOOK_TWICE_DATASET_DIR: datasetFolder } : {},
    });
    this.subscriptions = [
      kernel.on('state', (state) => {
        if (state === 'stopped') return;
        this.update({ state, ...(state === 'dead' ? {} : { deathReason: undefined }) });
      }),
      kernel.on('ready', (info) => {
        this.executionOrder = 0;
        this.update({ backend: info.backend, pid: info.pid, deathReason: undefined });
      }),
      kernel.on('status', (status) => this.update({ rssBytes: status.rssBytes, numTensors: status.numTensors })),
      kernel.on('panelEvent', (event) => this.events.onPanelEvent(event)),
      kernel.on('exit', (exit: KernelExit) => {
        this.update({ pid: undefined, rssBytes: undefined, numTensors: undefined });
        if (!exit.expected) {
          const reason = describeExit(exit);
          this.update({ state: 'dead', deathReason: reason });
          this.events.onDied(reason);
        }
      }),
      kernel.on('restarted', () => {
        this.executionOrder = 0;
      }),
    ];
    return kernel;
  }

  private update(change: Partial<KernelSnapshot>): void {
    this.snapshotValue = { ...this.snapshotValue, ...change };
    this.events.onDidChange();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let next = this.queue.shift(); next && !this.disposed; next = this.queue.shift()) {
        this.running = next;
        const ok = await this.run(next);
        this.running = undefined;
        // As in Jupyter, a failing cell stops the rest of a Run All.
        if (!ok) this.dropQueue();
      }
    } finally {
      this.draining = false;
    }
  }

  /** Runs one cell to its end; true when it succeeded. */
  private async run({ cell, execution }: QueuedCell): Promise<boolean> {
    const writer = new CellOutputWriter(execution);
    try {
      await this.process.start();
    } catch {
      // execute() below reports the start failure as the cell's error
    }
    execution.executionOrder = ++this.executionOrder;
    execution.start(Date.now());
    await writer.clear();
    const result = await this.process.execute(
      cell.document.getText(),
      {
        onStream: (name, text) => void writer.stream(name, text),
        onDisplay: (output, update) => void writer.display(output, update),
        onInput: (request, cancelled) => askInputBox(request, cancelled, `cell ${cell.index + 1}`),
      },
      `cell ${cell.index + 1}`,
    );
    if (result.error) {
      await writer.error(result.error);
    } else if (result.status === 'interrupted') {
      await writer.error({
        name: 'Interrupted',
        message: 'The cell was interrupted. The kernel and its variables are kept.',
      });
    }
    if (result.stateLost) this.executionOrder = 0;
    await writer.flushed();
    const ok = result.status === 'ok';
    execution.end(ok, Date.now());
    return ok;
  }

  private cancelQueued(queued: QueuedCell): void {
    const index = this.queue.indexOf(queued);
    if (index >= 0) {
      this.queue.splice(index, 1);
      queued.execution.end(undefined);
    } else if (this.running === queued) {
      this.process.interrupt();
    }
  }

  private dropQueue(): void {
    for (const queued of this.queue.splice(0)) queued.execution.end(undefined);
  }

  dispose(): void {
    this.disposed = true;
    this.dropQueue();
    const subscriptions = this.subscriptions;
    // Listen until the process is gone: it ends its open training runs (trainEnd) on the way out.
    void this.process.shutdown().finally(() => subscriptions.forEach((subscription) => subscription.dispose()));
  }
}
