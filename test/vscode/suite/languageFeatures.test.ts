/**
 * TypeScript in Look Twice cells, through VS Code's own command API (what the editor asks every provider):
 * completion of `pretrain` with its signature, hover docs, diagnostics that follow the REPL rules and a
 * real type error reported on its own cell and line.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeNotebook, openNotebook, waitFor } from './helpers';

const CELLS = [
  "import { createSimclrModel, pretrain, loadFashionMnist } from 'look-twice'\nconst train = loadFashionMnist({ split: 'train', limit: 64 })",
  "const model = createSimclrModel({ encoder: 'cnn', seed: 0 })\nconst r = await pretrain(model, train, { steps: 1, batchSize: 8 })",
  "const note = 'a deliberate type error on the next line'\ncreateSimclrModel({ encoder: 42 })",
  'pre',
];

const errorsOf = (cell: vscode.NotebookCell): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(cell.document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);

suite('TypeScript in cells', () => {
  test('diagnostics: imports from earlier cells and top-level await are fine, a type error is on cell 3 line 2', async () => {
    const notebook = await openNotebook(CELLS);
    const cells = notebook.getCells();
    const [error] = await waitFor(
      'the type error in cell 3',
      () => errorsOf(cells[2]).length > 0 && errorsOf(cells[2]),
      120_000,
    );
    assert.equal(error.range.start.line, 1, `line 2 of cell 3: ${error.message}`);
    assert.equal(error.range.start.character, 'createSimclrModel({ '.length);
    assert.match(error.message, /number.*not assignable/);
    assert.deepEqual(
      errorsOf(cells[1]).map((d) => d.message),
      [],
      'cell 2 uses names imported in cell 1 and top-level await',
    );
    assert.deepEqual(
      errorsOf(cells[0]).map((d) => d.message),
      [],
    );
    await closeNotebook(notebook);
  });

  test('completion offers pretrain with its signature; hover on createSimclrModel shows its doc', async () => {
    const notebook = await openNotebook(CELLS);
    const [, second, , last] = notebook.getCells();
    const list = await waitFor(
      'completions with pretrain',
      async () => {
        const result = await vscode.commands.executeCommand<vscode.CompletionList>(
          'vscode.executeCompletionItemProvider',
          last.document.uri,
          new vscode.Position(0, 3),
          undefined,
          50,
        );
        return (
          result.items.some(
            (item) => (typeof item.label === 'string' ? item.label : item.label.label) === 'pretrain',
          ) && result
        );
      },
      120_000,
    );
    const item = list.items.find(
      (candidate) =>
        (typeof candidate.label === 'string' ? candidate.label : candidate.label.label) === 'pretrain' &&
        candidate.detail,
    );
    assert.match(
      item?.detail ?? '',
      /pretrain\(model: SimclrModel, dataset: ImageDataset, options\?: PretrainOptions\): Promise<PretrainResult>/,
    );

    const column = second.document.getText().indexOf('createSimclrModel') + 3;
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      second.document.uri,
      new vscode.Position(0, column),
    );
    const text = hovers
      .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value)))
      .join('\n');
    assert.match(text, /createSimclrModel\(options\?: SimclrModelOptions\): SimclrModel/);
    assert.match(text, /Builds a SimCLR model/);

    const signatures = await vscode.commands.executeCommand<vscode.SignatureHelp>(
      'vscode.executeSignatureHelpProvider',
      second.document.uri,
      new vscode.Position(1, second.document.lineAt(1).text.indexOf('model,') + 1),
    );
    assert.match(signatures?.signatures[signatures.activeSignature]?.label ?? '', /^pretrain\(model: SimclrModel/);

    const definitions = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
      'vscode.executeDefinitionProvider',
      second.document.uri,
      new vscode.Position(0, column),
    );
    const targets = definitions.map((d) => ('targetUri' in d ? d.targetUri : d.uri).path);
    assert.ok(
      targets.some((target) => target.endsWith('dist/types/simclr/models/simclrModel.d.ts')),
      `into the library's declarations: ${targets}`,
    );
    await closeNotebook(notebook);
  });
});
