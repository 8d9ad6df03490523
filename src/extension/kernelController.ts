/**
 * The Look Twice NotebookController for VS Code's built-in Jupyter notebook type (`jupyter-notebook`, the .ipynb
 * serializer that ships with VS Code). Supported language: TypeScript. Preferred for notebooks whose kernelspec
 * is `look-twice`; selecting it for a notebook without any kernelspec (a new one) writes that kernelspec so the
 * choice sticks; a notebook of another kernel (python3, ...) is never rewritten, since VS Code may select this
 * controller by itself when it is the only one installed. Execution, interrupt and the per-notebook kernel live
 * in NotebookKernels.
 */
import * as vscode from 'vscode';
import { LOOK_TWICE_KERNELSPEC, LOOK_TWICE_LANGUAGE_INFO } from '../host';
import { NOTEBOOK_TYPE, isLookTwiceNotebook } from './notebookKind';
import type { NotebookKernels } from './notebookKernels';
import { isTrusted, refuseUntrusted } from './workspaceTrust';

export const CONTROLLER_ID = 'look-twice-kernel';
export const CONTROLLER_LABEL = 'Look Twice (TypeScript)';

/** Writes the look-twice kernelspec and language_info into the ipynb metadata of a notebook that has no kernelspec. */
async function adoptKernelspec(notebook: vscode.NotebookDocument): Promise<void> {
  if (notebook.notebookType !== NOTEBOOK_TYPE) return;
  const top = notebook.metadata as {
    metadata?: Record<string, unknown>;
    custom?: { metadata?: Record<string, unknown> };
  };
  if ((top.metadata ?? top.custom?.metadata)?.kernelspec !== undefined) return;
  const ipynbMetadata = {
    ...(top.metadata ?? top.custom?.metadata ?? {}),
    kernelspec: { ...LOOK_TWICE_KERNELSPEC },
    language_info: { ...LOOK_TWICE_LANGUAGE_INFO },
  };
  const metadata =
    top.custom && !top.metadata
      ? { ...top, custom: { ...top.custom, metadata: ipynbMetadata } }
      : { ...top, metadata: ipynbMetadata };
  const edit = new vscode.WorkspaceEdit();
  edit.set(notebook.uri, [vscode.NotebookEdit.updateNotebookMetadata(metadata)]);
  await vscode.workspace.applyEdit(edit);
}

export function createKernelController(kernels: NotebookKernels): vscode.Disposable {
  const controller = vscode.notebooks.createNotebookController(CONTROLLER_ID, NOTEBOOK_TYPE, CONTROLLER_LABEL);
  controller.supportedLanguages = ['typescript'];
  controller.supportsExecutionOrder = true;
  controller.description = 'SimCLR on TensorFlow.js';
  controller.detail = 'TypeScript cells in a Node process of their own, with the look-twice library and tfjs';
  controller.executeHandler = (cells, notebook) => {
    if (!isTrusted()) return refuseUntrusted(cells, controller);
    kernels.kernelFor(notebook).enqueue(cells, controller);
  };
  controller.interruptHandler = (notebook) => kernels.interrupt(notebook);

  const prefer = (notebook: vscode.NotebookDocument): void => {
    if (isLookTwiceNotebook(notebook))
      controller.updateNotebookAffinity(notebook, vscode.NotebookControllerAffinity.Preferred);
  };
  vscode.workspace.notebookDocuments.forEach(prefer);
  const subscriptions = [
    controller,
    vscode.workspace.onDidOpenNotebookDocument(prefer),
    controller.onDidChangeSelectedNotebooks(({ notebook, selected }) => {
      if (!selected) {
        kernels.shutdown(notebook);
        return;
      }
      void adoptKernelspec(notebook);
      // Start early only for notebooks made for this kernel: opening someone's python notebook spawns nothing.
      if (isTrusted() && isLookTwiceNotebook(notebook)) kernels.kernelFor(notebook).warmUp();
    }),
  ];
  return vscode.Disposable.from(...subscriptions);
}
