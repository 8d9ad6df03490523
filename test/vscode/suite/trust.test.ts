/**
 * Workspace trust: in Restricted Mode no cell runs and no kernel process starts. VS Code itself asks for trust
 * before it calls a controller; the controller refuses too (src/extension/workspaceTrust.ts), in case it is called.
 * Runs for real when the runner starts code-server with trust enabled (`runCodeServer.mjs --untrusted`);
 * in a trusted workspace it is skipped.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { EXTENSION_ID, api, openNotebook, startCells, workspaceFile } from './helpers';

suite('workspace trust', () => {
  test('no cell runs in an untrusted workspace and no kernel process starts', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    const capability = (extension?.packageJSON as { capabilities?: { untrustedWorkspaces?: { supported?: unknown } } })
      .capabilities?.untrustedWorkspaces;
    assert.equal(capability?.supported, 'limited', 'notebooks open and render in Restricted Mode; cells do not run');
    const notebook = await openNotebook(["require('node:fs').writeFileSync('ran.txt', 'x')"]);
    console.log('untrusted: notebook open, running its cell');
    // VS Code asks for trust in a modal before it calls any controller; nobody answers it here.
    void startCells(notebook, 0);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const cell = notebook.cellAt(0);
    assert.notEqual(cell.executionSummary?.success, true, 'the cell did not run');
    assert.ok(
      cell.outputs.every((output) => output.items.every((item) => item.mime === 'application/vnd.code.notebook.error')),
      'no output of the cell itself',
    );
    assert.equal((await api()).kernelSnapshot(notebook), undefined, 'no kernel process was started');
    assert.equal(existsSync(workspaceFile('ran.txt').fsPath), false, 'the cell had no effect');
    assert.match((await api()).statusBar().text, /Restricted Mode, cells do not run/, 'the status bar says why');
  });

  // Issue 12, item 18: the same rule for every way a kernel starts, not only running a cell.
  test('Restart Kernel and Select Backend start no kernel process in an untrusted workspace', async function () {
    if (vscode.workspace.isTrusted) this.skip();
    const notebook = await openNotebook(['1 + 1']);
    const restarted = await vscode.commands.executeCommand('lookTwice.restartKernel', notebook.uri);
    assert.equal(restarted, undefined, 'Restart Kernel refused');
    assert.equal((await api()).kernelSnapshot(notebook), undefined, 'no kernel process was started by Restart Kernel');
    await vscode.commands.executeCommand('lookTwice.selectBackend', 'cpu');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal((await api()).kernelSnapshot(notebook), undefined, 'no kernel process was started by Select Backend');
  });
});
