/**
 * The notebook a command is about: VS Code passes a Uri (command palette callers, tests), a toolbar context
 * (`{ notebookEditor: { notebookUri } }` from the notebook toolbar) or nothing (the active notebook editor).
 */
import * as vscode from 'vscode';

interface ToolbarContext {
  notebookEditor?: { notebookUri?: vscode.Uri };
  notebookUri?: vscode.Uri;
}

export function notebookFromArgument(argument: unknown): vscode.NotebookDocument | undefined {
  let uri: vscode.Uri | undefined;
  if (argument instanceof vscode.Uri) uri = argument;
  else if (argument && typeof argument === 'object') {
    const context = argument as ToolbarContext;
    uri = context.notebookEditor?.notebookUri ?? context.notebookUri;
  }
  if (!uri) return vscode.window.activeNotebookEditor?.notebook;
  const key = uri.toString();
  return vscode.workspace.notebookDocuments.find((notebook) => notebook.uri.toString() === key);
}
