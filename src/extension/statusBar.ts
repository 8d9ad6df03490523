/**
 * The status bar item shown while a Look Twice notebook is the active editor: backend in use, kernel state
 * (starting/idle/busy/dead) and memory, updated from the kernel's 'ready' and periodic 'status' messages.
 * Clicking it runs "Look Twice: Select Backend"; a dead kernel offers "Restart Kernel" instead. In Restricted Mode
 * it says that cells do not run and opens the workspace-trust editor.
 */
import * as vscode from 'vscode';
import { describeKernel, type KernelSnapshot } from './kernelState';
import { UNTRUSTED_MESSAGE, isTrusted } from './workspaceTrust';

export interface StatusSource {
  /** The kernel snapshot of a notebook, or undefined when no kernel was started for it. */
  snapshot(notebook: vscode.NotebookDocument): KernelSnapshot | undefined;
  readonly onDidChangeKernel: vscode.Event<vscode.NotebookDocument>;
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
    this.item.backgroundColor =
      snapshot?.state === 'dead' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.command =
      snapshot?.state === 'dead'
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
