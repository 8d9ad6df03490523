/**
 * Saving what the panel exports (CSV of points, PNG of the projector view): a webview cannot
 * download, so it posts a validated 'save' message and the host asks the user where to write it.
 * The dialog starts in the active notebook's folder (else the first workspace folder) with the
 * panel's suggested name; cancelling is an outcome, not an error.
 */
import * as vscode from 'vscode';
import type { SaveFile, SaveOutcome } from '../../protocol/webviewMessages';
import { saveFileBytes } from './saveFileBytes';

const FILTERS: Record<SaveFile['format'], Record<string, string[]>> = {
  csv: { CSV: ['csv'] },
  png: { 'PNG image': ['png'] },
};

export async function saveWebviewFile(file: SaveFile, near: vscode.Uri | undefined): Promise<SaveOutcome> {
  const folder = near ? vscode.Uri.joinPath(near, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, file.name) : undefined,
    filters: FILTERS[file.format],
    title: `Save ${file.name}`,
  });
  if (!target) return { status: 'cancelled' };
  try {
    await vscode.workspace.fs.writeFile(target, saveFileBytes(file));
    return { status: 'saved', path: target.fsPath };
  } catch (error) {
    return { status: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}
