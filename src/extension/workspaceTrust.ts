/**
 * Workspace trust: a notebook cell is code that runs on the user's machine, so no cell runs in an untrusted
 * (Restricted Mode) workspace. package.json declares `capabilities.untrustedWorkspaces: limited`: notebooks and
 * their saved outputs still open and render; running a cell says why it cannot, in the cell and in a message.
 */
import * as vscode from 'vscode';

export const UNTRUSTED_MESSAGE =
  'Look Twice runs notebook cells as TypeScript on this machine, so it runs them only in a trusted workspace. Trust this folder to run cells.';

export function isTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Thrown by whatever would start a kernel process in an untrusted workspace (restart, backend change). */
export class UntrustedWorkspaceError extends Error {
  constructor() {
    super(UNTRUSTED_MESSAGE);
    this.name = 'UntrustedWorkspaceError';
  }
}

/**
 * The one rule, held wherever a kernel process starts (running a cell, warming up, Restart Kernel, a
 * backend change): not in an untrusted workspace.
 */
export function requireTrust(): void {
  if (!isTrusted()) throw new UntrustedWorkspaceError();
}

/** Says why nothing started, and offers the trust editor. */
export function explainUntrusted(): void {
  void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE, 'Manage Workspace Trust').then((action) => {
    if (action) void vscode.commands.executeCommand('workbench.trust.manage');
  });
}

/** Ends the cells' executions with the reason as their output, and offers the trust editor. */
export function refuseUntrusted(cells: readonly vscode.NotebookCell[], controller: vscode.NotebookController): void {
  for (const cell of cells) {
    const execution = controller.createNotebookCellExecution(cell);
    execution.start(Date.now());
    void execution
      .replaceOutput(
        new vscode.NotebookCellOutput([
          vscode.NotebookCellOutputItem.error({ name: 'Workspace not trusted', message: UNTRUSTED_MESSAGE }),
        ]),
      )
      .then(
        () => execution.end(false, Date.now()),
        () => execution.end(false, Date.now()),
      );
  }
  explainUntrusted();
}
