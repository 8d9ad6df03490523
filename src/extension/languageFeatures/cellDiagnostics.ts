/**
 * Diagnostics of Look Twice cells: the notebook's TypeScript service is their one source (VS Code's
 * own TypeScript extension reports no semantic errors in notebook cells). Recomputed shortly after
 * the notebook's cells change, and when a notebook opens.
 */
import * as vscode from 'vscode';
import type { CellDiagnostic } from '../../notebookLanguage/notebookLanguageService';
import { isLookTwiceNotebook } from '../notebookKind';
import { cellRange, type NotebookLanguageServices } from './notebookLanguageServices';

const DEBOUNCE_MS = 250;

const SEVERITY: Record<CellDiagnostic['category'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  suggestion: vscode.DiagnosticSeverity.Hint,
  message: vscode.DiagnosticSeverity.Information,
};

export function registerCellDiagnostics(services: NotebookLanguageServices): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('look-twice');
  const timers = new Map<vscode.NotebookDocument, NodeJS.Timeout>();
  const published = new Map<vscode.NotebookDocument, vscode.Uri[]>();

  const refresh = (notebook: vscode.NotebookDocument): void => {
    const key = notebook;
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (notebook.isClosed) return;
        const { service, cells } = services.forNotebook(notebook);
        const byCell = new Map<number, vscode.Diagnostic[]>();
        for (const diagnostic of service.diagnostics()) {
          const item = new vscode.Diagnostic(
            cellRange(cells, diagnostic).range,
            diagnostic.message,
            SEVERITY[diagnostic.category],
          );
          item.source = 'ts';
          item.code = diagnostic.code;
          item.tags = diagnostic.tags.map((tag) =>
            tag === 'unnecessary' ? vscode.DiagnosticTag.Unnecessary : vscode.DiagnosticTag.Deprecated,
          );
          byCell.set(diagnostic.cell, [...(byCell.get(diagnostic.cell) ?? []), item]);
        }
        for (const uri of published.get(key) ?? []) collection.delete(uri);
        const uris = cells.map((cell) => cell.document.uri);
        cells.forEach((cell, index) => collection.set(cell.document.uri, byCell.get(index) ?? []));
        published.set(key, uris);
      }, DEBOUNCE_MS),
    );
  };
  const refreshCellOf = (document: vscode.TextDocument): void => {
    const notebook = services.notebookOf(document);
    if (notebook) refresh(notebook);
  };
  const clear = (notebook: vscode.NotebookDocument): void => {
    const key = notebook;
    clearTimeout(timers.get(key));
    for (const uri of published.get(key) ?? []) collection.delete(uri);
    published.delete(key);
  };

  for (const notebook of vscode.workspace.notebookDocuments) if (isLookTwiceNotebook(notebook)) refresh(notebook);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenNotebookDocument((notebook) => isLookTwiceNotebook(notebook) && refresh(notebook)),
    vscode.workspace.onDidChangeNotebookDocument(
      (event) => isLookTwiceNotebook(event.notebook) && refresh(event.notebook),
    ),
    vscode.workspace.onDidChangeTextDocument((event) => refreshCellOf(event.document)),
    vscode.workspace.onDidCloseNotebookDocument(clear),
    { dispose: () => timers.forEach((timer) => clearTimeout(timer)) },
  );
}
