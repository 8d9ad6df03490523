/**
 * A cell's `await input()` in VS Code asks through an input box: dismissing the box, or interrupting the
 * cell, ends the cell with the reason and keeps the notebook's state.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closeNotebook, errorOf, openNotebook, runCells, startCells, textOf, waitFor } from './helpers';

function endedSince(cell: vscode.NotebookCell, since: number): boolean {
  return cell.executionSummary?.success !== undefined && (cell.executionSummary.timing?.endTime ?? 0) >= since;
}

suite('input', () => {
  test('dismissing the input box of a cell awaiting input() fails the cell with the reason; state is kept', async () => {
    const notebook = await openNotebook(['const kept = 7', 'const who = await input("Who? ")', 'kept * 6']);
    await runCells(notebook, 0);
    const since = Date.now();
    await startCells(notebook, 1);
    const asking = notebook.cellAt(1);
    // Escape, again and again, until the cell ends: it can end this way only once its input box was shown.
    await waitFor(
      'the cell to end when its input box is dismissed',
      async () => {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        return endedSince(asking, since);
      },
      120_000,
    );
    assert.equal(asking.executionSummary?.success, false);
    assert.equal(errorOf(asking)?.name, 'InputUnavailable');
    assert.equal(errorOf(asking)?.message, 'the input box was dismissed');
    const [after] = await runCells(notebook, 2);
    assert.equal(textOf(after, 'text/plain'), '42');
    await closeNotebook(notebook);
  });

  test('interrupting a cell that waits in the input box ends it as interrupted; state is kept', async () => {
    const notebook = await openNotebook([
      'const kept = "still here"',
      'console.log("asking")\nconst secret = await input("Key: ", { password: true })',
      'kept',
    ]);
    await runCells(notebook, 0);
    const since = Date.now();
    await startCells(notebook, 1);
    const asking = notebook.cellAt(1);
    // The kernel sends what the cell printed before it asks.
    await waitFor(
      'the cell to print before asking',
      () => textOf(asking, 'application/vnd.code.notebook.stdout') === 'asking\n',
      120_000,
    );
    await vscode.commands.executeCommand('notebook.cancelExecution');
    await waitFor('the cell to end when interrupted', () => endedSince(asking, since), 120_000);
    assert.equal(asking.executionSummary?.success, false);
    assert.equal(errorOf(asking)?.name, 'Interrupted');
    assert.match(errorOf(asking)?.message ?? '', /while waiting for input; the notebook's state is kept/);
    const [after] = await runCells(notebook, 2);
    assert.equal(textOf(after, 'text/plain'), "'still here'");
    await closeNotebook(notebook);
  });
});
