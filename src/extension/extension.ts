/**
 * Entry of the Look Twice extension (dist/extension.js). activate() only wires the contributions together;
 * each lives in its own file.
 */
import * as vscode from 'vscode';
import { registerNewNotebookCommand } from './commands/newNotebook';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(registerNewNotebookCommand());
}

export function deactivate(): void {}
