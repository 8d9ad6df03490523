/**
 * Entry of the Look Twice extension (dist/extension.js). activate() only wires the contributions together;
 * each lives in its own file. The returned API is what the integration tests observe (kernel snapshots, the
 * status bar text, open training notifications).
 */
import * as vscode from 'vscode';
import { registerNewNotebookCommand } from './commands/newNotebook';
import { registerRestartKernelCommand } from './commands/restartKernel';
import { registerSelectBackendCommand } from './commands/selectBackend';
import { createKernelController } from './kernelController';
import { registerLanguageFeatures } from './languageFeatures/registerLanguageFeatures';
import type { KernelSnapshot } from './kernelState';
import { isLookTwiceNotebook } from './notebookKind';
import { NotebookKernels } from './notebookKernels';
import { registerPanel } from './panel/panelViewProvider';
import { backendSetting } from './settings';
import { KernelStatusBar } from './statusBar';
import { TrainingProgress } from './trainingProgress';

export interface LookTwiceApi {
  kernelSnapshot(notebook: vscode.NotebookDocument): KernelSnapshot | undefined;
  statusBar(): { visible: boolean; text: string };
  trainingNotifications(): string[];
}

export function activate(context: vscode.ExtensionContext): LookTwiceApi {
  const kernels = new NotebookKernels(context.asAbsolutePath('dist/kernel.js'));
  const statusBar = new KernelStatusBar(kernels, isLookTwiceNotebook, () => backendSetting());
  const panel = registerPanel(context, kernels);
  const training = new TrainingProgress(kernels, () => panel);
  context.subscriptions.push(
    kernels,
    kernels.observeProcesses((notebook, process) => panel.attachKernel(notebook.uri, process)),
    createKernelController(kernels),
    statusBar,
    training,
    registerNewNotebookCommand(),
    registerRestartKernelCommand(kernels),
    registerSelectBackendCommand(),
    registerLanguageFeatures(context),
  );
  return {
    kernelSnapshot: (notebook) => kernels.snapshot(notebook),
    statusBar: () => statusBar.current,
    trainingNotifications: () => training.activeRuns,
  };
}

export function deactivate(): void {}
