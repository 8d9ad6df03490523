/**
 * The extension's settings (package.json `contributes.configuration`): the TensorFlow.js backend the kernel
 * starts with, and the dataset folder the library's loaders look in first.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BACKEND_CHOICES } from '../protocol/kernelMessages';

/** lookTwice.backend's values: 'auto' or one of the library's backends (package.json lists the same). */
export const BACKEND_SETTING_VALUES = ['auto', ...BACKEND_CHOICES] as const;
export type BackendSetting = (typeof BACKEND_SETTING_VALUES)[number];

const SECTION = 'lookTwice';

function isBackend(value: unknown): value is BackendSetting {
  return typeof value === 'string' && (BACKEND_SETTING_VALUES as readonly string[]).includes(value);
}

/** lookTwice.backend; an unknown value (hand-edited settings.json) counts as 'auto'. */
export function backendSetting(scope?: vscode.Uri): BackendSetting {
  const value = vscode.workspace.getConfiguration(SECTION, scope).get<string>('backend', 'auto');
  return isBackend(value) ? value : 'auto';
}

/** Persists lookTwice.backend where it is currently set (workspace or user), defaulting to the user settings. */
export async function updateBackendSetting(value: BackendSetting): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const inspected = config.inspect<string>('backend');
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await config.update('backend', value, target);
}

/** lookTwice.datasetFolder as an absolute path (relative paths resolve against `notebookFolder`), or undefined. */
export function datasetFolderSetting(notebookUri: vscode.Uri, notebookFolder: string): string | undefined {
  const value = vscode.workspace.getConfiguration(SECTION, notebookUri).get<string>('datasetFolder', '').trim();
  if (!value) return undefined;
  const expanded = value.startsWith('~/') ? path.join(process.env.HOME ?? '', value.slice(2)) : value;
  return path.resolve(notebookFolder, expanded);
}

/** True when an event changed lookTwice.backend (running kernels restart with the new one: NotebookKernels). */
export function affectsBackend(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${SECTION}.backend`);
}
