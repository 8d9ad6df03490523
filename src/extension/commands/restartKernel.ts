/**
 * Command "Look Twice: Restart Kernel" (palette and notebook toolbar): a fresh kernel process for the notebook,
 * with the current backend and dataset settings; the old one's variables are gone.
 */
import * as vscode from 'vscode';
import type { NotebookKernels } from '../notebookKernels';
import { notebookFromArgument } from './notebookArgument';
import { explainUntrusted, isTrusted } from '../workspaceTrust';

export const RESTART_KERNEL_COMMAND = 'lookTwice.restartKernel';

export function registerRestartKernelCommand(kernels: NotebookKernels): vscode.Disposable {
  return vscode.commands.registerCommand(RESTART_KERNEL_COMMAND, async (argument?: unknown) => {
    const notebook = notebookFromArgument(argument);
    if (!notebook) {
      void vscode.window.showWarningMessage('Look Twice: open a notebook to restart its kernel.');
      return undefined;
    }
    if (!isTrusted()) {
      explainUntrusted();
      return undefined;
    }
    const ready = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Look Twice: restarting kernel' },
      () => kernels.restart(notebook),
    );
    return { pid: ready.pid, backend: ready.backend.name };
  });
}
