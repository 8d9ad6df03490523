/**
 * Helpers of the integration suite: open a notebook (fixture file or in-memory), select the Look Twice
 * controller, run cells and wait for their end, read outputs as text, and poll for a condition.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'look-twice.look-twice';
export const CONTROLLER = { id: 'look-twice-kernel', extension: EXTENSION_ID };

/** What the extension's activate() returns (src/extension/extension.ts LookTwiceApi). */
export interface LookTwiceApi {
  kernelSnapshot(
    notebook: vscode.NotebookDocument,
  ): { state: string; pid?: number; backend?: { name: string }; rssBytes?: number; deathReason?: string } | undefined;
  statusBar(): { visible: boolean; text: string };
  trainingNotifications(): string[];
}

export async function api(): Promise<LookTwiceApi> {
  const extension = vscode.extensions.getExtension<LookTwiceApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  return extension.activate();
}

export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder)
    throw new Error('the integration tests need a workspace folder (test/vscode/fixtures copied by the runner)');
  return vscode.Uri.file(path.join(folder.uri.fsPath, ...parts));
}

/** Opens and shows a notebook, selects the Look Twice controller for it. */
export async function openNotebook(source: vscode.Uri | string[]): Promise<vscode.NotebookDocument> {
  const notebook =
    source instanceof vscode.Uri
      ? await vscode.workspace.openNotebookDocument(source)
      : await vscode.workspace.openNotebookDocument('jupyter-notebook', lookTwiceNotebookData(source));
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('notebook.selectKernel', {
    notebookEditor: vscode.window.activeNotebookEditor,
    ...CONTROLLER,
  });
  return notebook;
}

/** An in-memory notebook of TypeScript code cells with the look-twice kernelspec. */
export function lookTwiceNotebookData(sources: string[]): vscode.NotebookData {
  const data = new vscode.NotebookData(
    sources.map((source) => new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'typescript')),
  );
  data.metadata = {
    metadata: { kernelspec: { name: 'look-twice', display_name: 'Look Twice (TypeScript)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return data;
}

/** Starts cells [start, end) and returns at once. */
export async function startCells(notebook: vscode.NotebookDocument, start: number, end = start + 1): Promise<void> {
  await vscode.commands.executeCommand('notebook.cell.execute', { ranges: [{ start, end }], document: notebook.uri });
}

/** Runs cells [start, end) and waits until the last one finished (its executionSummary ends after `since`). */
export async function runCells(
  notebook: vscode.NotebookDocument,
  start: number,
  end = start + 1,
  timeoutMs = 120_000,
): Promise<vscode.NotebookCell[]> {
  const since = Date.now();
  await startCells(notebook, start, end);
  const cells = notebook.getCells(new vscode.NotebookRange(start, end));
  // A failing cell ends the run: the cells after it are dropped without a result.
  const last = cells[cells.length - 1];
  await waitFor(
    `cells ${start}..${end - 1} to finish`,
    () => finishedSince(last, since) || cells.some((cell) => failedSince(cell, since)),
    timeoutMs,
  );
  return cells;
}

function finishedSince(cell: vscode.NotebookCell, since: number): boolean {
  const summary = cell.executionSummary;
  return summary?.success !== undefined && (summary.timing?.endTime ?? 0) >= since;
}

function failedSince(cell: vscode.NotebookCell, since: number): boolean {
  return finishedSince(cell, since) && cell.executionSummary?.success === false;
}

export const decoder = new TextDecoder();

/** Every output item of a cell as [mime, text]. */
export function outputItems(cell: vscode.NotebookCell): Array<[mime: string, text: string]> {
  return cell.outputs.flatMap((output) =>
    output.items.map((item): [string, string] => [item.mime, decoder.decode(item.data)]),
  );
}

export function textOf(cell: vscode.NotebookCell, mime: string): string {
  return outputItems(cell)
    .filter(([itemMime]) => itemMime === mime)
    .map(([, text]) => text)
    .join('');
}

export function errorOf(cell: vscode.NotebookCell): { name: string; message: string; stack?: string } | undefined {
  const text = textOf(cell, 'application/vnd.code.notebook.error');
  return text ? JSON.parse(text) : undefined;
}

/** Closes a notebook's editor without saving (untitled test notebooks would otherwise ask). */
export async function closeNotebook(notebook: vscode.NotebookDocument): Promise<void> {
  await vscode.window.showNotebookDocument(notebook);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/** Whether a process id is alive (signal 0 probes without killing). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
