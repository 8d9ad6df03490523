/**
 * The status bar item shown while a Look Twice notebook is the active editor: backend in use, kernel state
 * (starting/idle/busy/dead) and memory, updated from the kernel's 'ready' and periodic 'status' messages.
 * Clicking it runs "Look Twice: Select Backend"; a dead kernel offers "Restart Kernel" instead. In Restricted Mode
 * it says that cells do not run and opens the workspace-trust editor.
 */
import * as vscode from 'vscode';
import { formatBytes, type KernelSnapshot } from './kernelState';
import { UNTRUSTED_MESSAGE, isTrusted } from './workspaceTrust';

export interface StatusSource {
  /** The kernel snapshot of a notebook, or undefined when no kernel was started for it. */
  snapshot(notebook: vscode.NotebookDocument): KernelSnapshot | undefined;
  readonly onDidChangeKernel: vscode.Event<vscode.NotebookDocument>;
}

const ICONS: Record<KernelSnapshot['state'], string> = {
  starting: '$(loading~spin)',
  idle: '$(circle-outline)',
  busy: '$(circle-filled)',
  dead: '$(error)',
};

/** The item's text and tooltip for a snapshot (pure, so the format is easy to read and test). */
export function describeKernel(snapshot: KernelSnapshot | undefined, configuredBackend: string): { text: string; tooltip: string } {
  if (!snapshot) {
    return { text: `$(beaker) Look Twice: ${configuredBackend} · no kernel`, tooltip: `Backend setting: ${configuredBackend}. The kernel starts when a cell runs.` };
  }
  const backend = snapshot.backend?.name ?? configuredBackend;
  const parts = [`$(beaker) ${backend}`, `${ICONS[snapshot.state]} ${snapshot.state}`];
  if (snapshot.rssBytes !== undefined && snapshot.state !== 'dead') parts.push(formatBytes(snapshot.rssBytes));
  const tooltip = [
    `Look Twice kernel: ${snapshot.state}${snapshot.pid ? ` (pid ${snapshot.pid})` : ''}`,
    snapshot.backend ? `Backend: ${snapshot.backend.name}: ${snapshot.backend.reason}` : `Backend setting: ${configuredBackend}`,
    snapshot.rssBytes !== undefined ? `Memory: ${formatBytes(snapshot.rssBytes)} resident, ${snapshot.numTensors ?? 0} tensors` : undefined,
    snapshot.deathReason ? `Stopped: ${snapshot.deathReason}. Click to restart.` : 'Click to select the backend.',
  ].filter((line): line is string => line !== undefined);
  return { text: parts.join(' · '), tooltip: tooltip.join('\n') };
}

export class KernelStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lookTwice.kernel', vscode.StatusBarAlignment.Right, 100);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly source: StatusSource,
    private readonly isLookTwice: (notebook: vscode.NotebookDocument) => boolean,
    private readonly configuredBackend: () => string,
  ) {
    this.item.name = 'Look Twice Kernel';
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveNotebookEditor(() => this.update()),
      source.onDidChangeKernel((notebook) => {
        if (notebook === vscode.window.activeNotebookEditor?.notebook) this.update();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('lookTwice.backend')) this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    const snapshot = notebook ? this.source.snapshot(notebook) : undefined;
    if (!notebook || (!snapshot && !this.isLookTwice(notebook))) {
      this.item.hide();
      return;
    }
    if (!isTrusted()) {
      this.item.text = '$(shield) Look Twice: Restricted Mode, cells do not run';
      this.item.tooltip = UNTRUSTED_MESSAGE;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      this.item.command = 'workbench.trust.manage';
      this.item.show();
      return;
    }
    const { text, tooltip } = describeKernel(snapshot, this.configuredBackend());
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = snapshot?.state === 'dead' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command = snapshot?.state === 'dead'
      ? { title: 'Restart Kernel', command: 'lookTwice.restartKernel', arguments: [notebook.uri] }
      : 'lookTwice.selectBackend';
    this.item.show();
  }

  /** What the item shows now (for the integration tests). */
  get current(): { visible: boolean; text: string } {
    return { visible: this.visible, text: this.item.text };
  }

  private get visible(): boolean {
    const notebook = vscode.window.activeNotebookEditor?.notebook;
    return notebook !== undefined && (this.source.snapshot(notebook) !== undefined || this.isLookTwice(notebook));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
