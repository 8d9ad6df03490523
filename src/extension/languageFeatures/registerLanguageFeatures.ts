/**
 * TypeScript language features in Look Twice cells (issue 16): completions, hover, signature help,
 * definitions, rename and diagnostics, all from one TypeScript language service per notebook over its
 * cells laid out by the kernel's REPL rules (src/notebookLanguage). Why this route and not a plugin of
 * VS Code's TypeScript server: see README, "TypeScript in cells".
 */
import * as vscode from 'vscode';
import { registerCellDiagnostics } from './cellDiagnostics';
import { registerCompletionProvider } from './completionProvider';
import { registerNavigationProviders } from './navigationProviders';
import { CELL_LANGUAGE, NotebookLanguageServices } from './notebookLanguageServices';
import { NOTEBOOK_TYPE } from '../notebookKind';

export function registerLanguageFeatures(context: vscode.ExtensionContext): vscode.Disposable {
  const services = new NotebookLanguageServices({
    typesDir: context.asAbsolutePath('dist/types'),
    packagesDir: context.extensionPath,
  });
  const selector: vscode.DocumentSelector = { notebookType: NOTEBOOK_TYPE, language: CELL_LANGUAGE };
  return vscode.Disposable.from(
    services,
    registerCompletionProvider(services, selector),
    registerNavigationProviders(services, selector),
    registerCellDiagnostics(services),
  );
}
