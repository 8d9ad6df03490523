/** The extension loads in a real VS Code and contributes its commands and notebook renderer. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CONTROLLER, errorOf, runCells } from './helpers';

const EXTENSION_ID = 'look-twice.look-twice';

suite('activation', () => {
  test('the extension activates and registers its commands', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded`);
    await extension.activate();
    assert.equal(extension.isActive, true);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['lookTwice.newNotebook', 'lookTwice.restartKernel', 'lookTwice.selectBackend'])
      assert.ok(commands.includes(id), `command ${id} registered`);
  });

  test('New Notebook opens an untitled ipynb with the look-twice kernelspec, and its cells run', async () => {
    const notebook = await vscode.commands.executeCommand<vscode.NotebookDocument>('lookTwice.newNotebook');
    assert.equal(notebook.notebookType, 'jupyter-notebook');
    assert.equal(notebook.isUntitled, true);
    const metadata = notebook.metadata as { metadata?: { kernelspec?: { name?: string } } };
    assert.equal(metadata.metadata?.kernelspec?.name, 'look-twice');
    assert.ok(
      notebook
        .getCells()
        .some((cell) => cell.kind === vscode.NotebookCellKind.Code && cell.document.languageId === 'typescript'),
    );
    await vscode.commands.executeCommand('notebook.selectKernel', {
      notebookEditor: vscode.window.activeNotebookEditor,
      ...CONTROLLER,
    });
    const cells = await runCells(notebook, 0, notebook.cellCount);
    for (const cell of cells.filter((c) => c.kind === vscode.NotebookCellKind.Code)) {
      assert.equal(
        cell.executionSummary?.success,
        true,
        `template cell ${cell.index + 1}: ${JSON.stringify(errorOf(cell))}`,
      );
      assert.ok(cell.outputs.length > 0, `template cell ${cell.index + 1} shows something`);
    }
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
