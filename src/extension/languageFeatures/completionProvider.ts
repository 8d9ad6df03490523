/** Completions in Look Twice cells from the notebook's TypeScript service; details and docs on resolve. */
import * as vscode from 'vscode';
import type ts from 'typescript';
import { cellRange, type NotebookLanguageServices } from './notebookLanguageServices';

/** TypeScript's element kinds as VS Code's icons (the subset TypeScript emits in practice). */
const KINDS: Record<string, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  script: vscode.CompletionItemKind.File,
  module: vscode.CompletionItemKind.Module,
  'external module name': vscode.CompletionItemKind.Module,
  class: vscode.CompletionItemKind.Class,
  'local class': vscode.CompletionItemKind.Class,
  interface: vscode.CompletionItemKind.Interface,
  type: vscode.CompletionItemKind.TypeParameter,
  'type parameter': vscode.CompletionItemKind.TypeParameter,
  enum: vscode.CompletionItemKind.Enum,
  'enum member': vscode.CompletionItemKind.EnumMember,
  var: vscode.CompletionItemKind.Variable,
  'local var': vscode.CompletionItemKind.Variable,
  let: vscode.CompletionItemKind.Variable,
  const: vscode.CompletionItemKind.Constant,
  parameter: vscode.CompletionItemKind.Variable,
  alias: vscode.CompletionItemKind.Variable,
  function: vscode.CompletionItemKind.Function,
  'local function': vscode.CompletionItemKind.Function,
  method: vscode.CompletionItemKind.Method,
  getter: vscode.CompletionItemKind.Property,
  setter: vscode.CompletionItemKind.Property,
  property: vscode.CompletionItemKind.Property,
  constructor: vscode.CompletionItemKind.Constructor,
  string: vscode.CompletionItemKind.Constant,
  directory: vscode.CompletionItemKind.Folder,
};

class CellCompletionItem extends vscode.CompletionItem {
  constructor(
    readonly document: vscode.TextDocument,
    readonly position: vscode.Position,
    readonly entry: ts.CompletionEntry,
  ) {
    super(entry.name, KINDS[entry.kind] ?? vscode.CompletionItemKind.Text);
  }
}

export function registerCompletionProvider(
  services: NotebookLanguageServices,
  selector: vscode.DocumentSelector,
): vscode.Disposable {
  const provider: vscode.CompletionItemProvider<CellCompletionItem> = {
    provideCompletionItems(document, position, _token, context) {
      const at = services.at(document, position);
      if (!at) return undefined;
      const trigger = context.triggerCharacter as ts.CompletionsTriggerCharacter | undefined;
      const result = at.service.completions(at.cell, at.offset, trigger);
      if (!result) return undefined;
      const word = cellRange(at.cells, result.word).range;
      const items = result.entries.map((entry) => {
        const item = new CellCompletionItem(document, position, entry);
        item.sortText = entry.sortText;
        item.filterText = entry.filterText;
        if (entry.insertText !== undefined)
          item.insertText = entry.isSnippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
        item.range = entry.replace ? cellRange(at.cells, entry.replace).range : word;
        if (entry.kindModifiers?.includes('deprecated')) item.tags = [vscode.CompletionItemTag.Deprecated];
        if (entry.labelDetails) item.label = { label: entry.name, ...entry.labelDetails };
        return item;
      });
      return new vscode.CompletionList(items, result.isIncomplete);
    },
    resolveCompletionItem(item) {
      const at = services.at(item.document, item.position);
      const details = at?.service.completionDetails(at.cell, at.offset, item.entry);
      if (details) {
        item.detail = details.detail;
        item.documentation = new vscode.MarkdownString(details.documentation);
      }
      return item;
    },
  };
  return vscode.languages.registerCompletionItemProvider(selector, provider, '.', '"', "'", '/', '@', '<');
}
