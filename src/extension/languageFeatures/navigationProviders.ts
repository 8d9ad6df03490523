/** Hover, signature help, go to definition and rename in Look Twice cells, from the notebook's TypeScript service. */
import * as vscode from 'vscode';
import type { Location } from '../../notebookLanguage/notebookLanguageService';
import { cellRange, type NotebookLanguageServices } from './notebookLanguageServices';

export function registerNavigationProviders(
  services: NotebookLanguageServices,
  selector: vscode.DocumentSelector,
): vscode.Disposable {
  const toLocation = async (cells: vscode.NotebookCell[], location: Location): Promise<vscode.Location> => {
    if (location.kind === 'cell') {
      const { uri, range } = cellRange(cells, location);
      return new vscode.Location(uri, range);
    }
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(location.file));
    return new vscode.Location(
      document.uri,
      new vscode.Range(document.positionAt(location.start), document.positionAt(location.start + location.length)),
    );
  };

  return vscode.Disposable.from(
    vscode.languages.registerHoverProvider(selector, {
      provideHover(document, position) {
        const at = services.at(document, position);
        const hover = at?.service.hover(at.cell, at.offset);
        if (!at || !hover) return undefined;
        const contents = new vscode.MarkdownString().appendCodeblock(hover.display, 'typescript');
        if (hover.documentation) contents.appendMarkdown('\n\n' + hover.documentation);
        return new vscode.Hover(contents, cellRange(at.cells, hover.span).range);
      },
    }),
    vscode.languages.registerSignatureHelpProvider(
      selector,
      {
        provideSignatureHelp(document, position) {
          const at = services.at(document, position);
          const help = at?.service.signatureHelp(at.cell, at.offset);
          if (!help) return undefined;
          const result = new vscode.SignatureHelp();
          result.activeSignature = help.activeSignature;
          result.activeParameter = help.activeParameter;
          result.signatures = help.signatures.map((signature) => {
            const information = new vscode.SignatureInformation(
              signature.label,
              new vscode.MarkdownString(signature.documentation),
            );
            information.parameters = signature.parameters.map(
              (parameter) =>
                new vscode.ParameterInformation(parameter.label, new vscode.MarkdownString(parameter.documentation)),
            );
            return information;
          });
          return result;
        },
      },
      '(',
      ',',
    ),
    vscode.languages.registerDefinitionProvider(selector, {
      async provideDefinition(document, position) {
        const at = services.at(document, position);
        if (!at) return undefined;
        return Promise.all(at.service.definition(at.cell, at.offset).map((location) => toLocation(at.cells, location)));
      },
    }),
    vscode.languages.registerRenameProvider(selector, {
      prepareRename(document, position) {
        const at = services.at(document, position);
        if (!at) return undefined;
        const renamed = at.service.rename(at.cell, at.offset);
        if ('error' in renamed) throw new Error(renamed.error);
        const span = at.service.renameSpan(at.cell, at.offset);
        return span && cellRange(at.cells, span).range;
      },
      provideRenameEdits(document, position, newName) {
        const at = services.at(document, position);
        if (!at) return undefined;
        const renamed = at.service.rename(at.cell, at.offset);
        if ('error' in renamed) throw new Error(renamed.error);
        const edit = new vscode.WorkspaceEdit();
        for (const location of renamed.locations) {
          if (location.kind !== 'cell') continue;
          const { uri, range } = cellRange(at.cells, location);
          edit.replace(uri, range, newName);
        }
        return edit;
      },
    }),
  );
}
