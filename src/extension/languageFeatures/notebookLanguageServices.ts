/**
 * One NotebookLanguageService per open Look Twice notebook, fed with its TypeScript code cells, and
 * the translation of a cell document + position into the engine's (cell index, offset).
 * Cells of other notebooks (and other languages) are left to whatever handles them.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NotebookLanguageService } from '../../notebookLanguage/notebookLanguageService';
import type { LibraryTypes } from '../../notebookLanguage/kernelModules';
import { isLookTwiceNotebook } from '../notebookKind';

export const CELL_LANGUAGE = 'typescript';

/** A request at a position of a cell, resolved against its notebook's language service. */
export interface CellContext {
  service: NotebookLanguageService;
  /** The notebook's TypeScript code cells, in the order the service knows them. */
  cells: vscode.NotebookCell[];
  cell: number;
  offset: number;
}

export class NotebookLanguageServices implements vscode.Disposable {
  /** Keyed by the document object: an untitled notebook's uri is reused after it closes. */
  private readonly services = new Map<vscode.NotebookDocument, NotebookLanguageService>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly types: LibraryTypes) {
    this.subscription = vscode.workspace.onDidCloseNotebookDocument((notebook) => {
      this.services.get(notebook)?.dispose();
      this.services.delete(notebook);
    });
  }

  /** The notebook a cell document belongs to, if it is a Look Twice notebook. */
  notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
    if (document.uri.scheme !== 'vscode-notebook-cell') return undefined;
    const notebook = vscode.workspace.notebookDocuments.find((candidate) =>
      candidate.getCells().some((cell) => cell.document === document),
    );
    return notebook && isLookTwiceNotebook(notebook) ? notebook : undefined;
  }

  /** The service of a notebook, updated to its cells' current text. */
  forNotebook(notebook: vscode.NotebookDocument): { service: NotebookLanguageService; cells: vscode.NotebookCell[] } {
    let service = this.services.get(notebook);
    if (!service) {
      const dir =
        notebook.uri.scheme === 'file'
          ? path.dirname(notebook.uri.fsPath)
          : (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd());
      service = new NotebookLanguageService(dir, this.types);
      this.services.set(notebook, service);
    }
    const cells = notebook
      .getCells()
      .filter((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === CELL_LANGUAGE);
    service.update(cells.map((cell) => ({ text: cell.document.getText() })));
    return { service, cells };
  }

  at(document: vscode.TextDocument, position: vscode.Position): CellContext | undefined {
    const notebook = this.notebookOf(document);
    if (!notebook) return undefined;
    const { service, cells } = this.forNotebook(notebook);
    const cell = cells.findIndex((candidate) => candidate.document === document);
    if (cell < 0) return undefined;
    return { service, cells, cell, offset: document.offsetAt(position) };
  }

  dispose(): void {
    this.subscription.dispose();
    for (const service of this.services.values()) service.dispose();
    this.services.clear();
  }
}

/** A span of a cell as a VS Code location. */
export function cellRange(
  cells: vscode.NotebookCell[],
  span: { cell: number; start: number; length: number },
): { uri: vscode.Uri; range: vscode.Range } {
  const document = cells[span.cell].document;
  return {
    uri: document.uri,
    range: new vscode.Range(document.positionAt(span.start), document.positionAt(span.start + span.length)),
  };
}
