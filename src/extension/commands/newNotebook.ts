/** Command "Look Twice: New Notebook": an untitled .ipynb from the template, with the look-twice kernelspec. */
import * as vscode from 'vscode';
import { NOTEBOOK_TYPE, notebookTemplate } from '../notebookKind';

export const NEW_NOTEBOOK_COMMAND = 'lookTwice.newNotebook';

export function registerNewNotebookCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(NEW_NOTEBOOK_COMMAND, async (): Promise<vscode.NotebookDocument> => {
    const notebook = await vscode.workspace.openNotebookDocument(NOTEBOOK_TYPE, notebookTemplate());
    await vscode.window.showNotebookDocument(notebook);
    return notebook;
  });
}
