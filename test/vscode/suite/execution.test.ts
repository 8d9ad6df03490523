/**
 * Cells run in a real kernel process through the Look Twice controller: outputs (stdout, values, errors,
 * in-place display updates), execution order, timing and success, the status bar, and one kernel per notebook.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  api,
  closeNotebook,
  errorOf,
  openNotebook,
  outputItems,
  processAlive,
  runCells,
  textOf,
  waitFor,
  workspaceFile,
} from './helpers';

suite('execution', () => {
  test('a sample notebook runs: stdout, last-expression values, execution order, timing, success', async () => {
    const notebook = await openNotebook(workspaceFile('basics.ipynb'));
    const [first, second] = await runCells(notebook, 0, 2);
    assert.equal(textOf(first, 'application/vnd.code.notebook.stdout'), 'hello from the kernel\n');
    assert.equal(textOf(first, 'text/plain'), '42');
    assert.equal(textOf(second, 'text/plain'), '43');
    assert.deepEqual([first.executionSummary?.executionOrder, second.executionSummary?.executionOrder], [1, 2]);
    for (const cell of [first, second]) {
      assert.equal(cell.executionSummary?.success, true);
      const timing = cell.executionSummary?.timing;
      assert.ok(timing && timing.endTime >= timing.startTime, 'timing recorded');
    }
    assert.ok(timingOrdered(first, second), 'the second cell started after the first ended');
    const snapshot = (await api()).kernelSnapshot(notebook);
    assert.equal(snapshot?.state, 'idle');
    assert.ok(snapshot?.pid && processAlive(snapshot.pid), 'the kernel process runs');
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await closeNotebook(notebook);
  });

  test('a failing cell ends unsuccessfully with its error and stops the rest of the run', async () => {
    const notebook = await openNotebook(['const x = 1;\nthrow new Error(`boom ${x}`);', '"not reached"']);
    const [failing, after] = await runCells(notebook, 0, 2);
    assert.equal(failing.executionSummary?.success, false);
    const error = errorOf(failing);
    assert.equal(error?.message, 'boom 1');
    assert.match(error?.stack ?? '', /cell 1.*:2:/, `stack points at the cell's line 2: ${error?.stack}`);
    assert.equal(after.outputs.length, 0, 'the cell after the error did not run');
    assert.notEqual(after.executionSummary?.success, true);
    await closeNotebook(notebook);
  });

  test('display updates replace their output in place, other outputs append in order', async () => {
    const notebook = await openNotebook([
      "console.log('before');\ndisplay('step 0', { displayId: 'p' });\nfor (let i = 1; i <= 5; i++) { await new Promise((r) => setTimeout(r, 20)); display.update('p', `step ${i}`); }\nconsole.log('after');\ndisplay('second');",
    ]);
    const [cell] = await runCells(notebook, 0);
    assert.equal(cell.executionSummary?.success, true);
    const texts = outputItems(cell).map(
      ([mime, text]) => `${mime.replace('application/vnd.code.notebook.', '')}:${text.trim()}`,
    );
    assert.deepEqual(
      texts.filter((t) => !t.startsWith('text/html')),
      ['stdout:before', 'text/plain:step 5', 'stdout:after', 'text/plain:second'],
    );
    await closeNotebook(notebook);
  });

  test('the status bar shows backend, state and memory while a Look Twice notebook is active', async () => {
    const notebook = await openNotebook(['1 + 1']);
    await runCells(notebook, 0);
    const lookTwice = await api();
    const snapshot = lookTwice.kernelSnapshot(notebook);
    assert.ok(snapshot?.backend, 'the kernel said which backend runs');
    const status = await waitFor(
      'memory in the status bar',
      () => {
        const current = lookTwice.statusBar();
        return /\d+ (MB|GB)/.test(current.text) && current;
      },
      10_000,
    );
    assert.equal(status.visible, true);
    assert.match(status.text, new RegExp(`${snapshot.backend.name}.*idle`));
    await closeNotebook(notebook);
    const python = new vscode.NotebookData([
      new vscode.NotebookCellData(vscode.NotebookCellKind.Code, 'print(1)', 'python'),
    ]);
    python.metadata = {
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const other = await vscode.workspace.openNotebookDocument('jupyter-notebook', python);
    await vscode.window.showNotebookDocument(other);
    await waitFor(
      'the status bar item to hide for a notebook of another kernel',
      () => !lookTwice.statusBar().visible,
      5_000,
    );
    const metadata = other.metadata as { metadata?: { kernelspec?: { name?: string } } };
    assert.equal(metadata.metadata?.kernelspec?.name, 'python3', 'a python notebook keeps its kernelspec');
    await closeNotebook(other);
  });

  test('each notebook has its own kernel process, shut down when the notebook closes', async () => {
    const lookTwice = await api();
    const a = await openNotebook(['const owner = "a"; owner']);
    await runCells(a, 0);
    const b = await openNotebook(['typeof owner']);
    const [cell] = await runCells(b, 0);
    assert.equal(textOf(cell, 'text/plain'), "'undefined'", "notebook b does not see notebook a's variables");
    const pidA = lookTwice.kernelSnapshot(a)?.pid;
    const pidB = lookTwice.kernelSnapshot(b)?.pid;
    assert.ok(pidA && pidB && pidA !== pidB, `two processes (${pidA}, ${pidB})`);
    await closeNotebook(a);
    await waitFor('kernel a to exit', () => !processAlive(pidA), 10_000);
    assert.ok(processAlive(pidB), 'kernel b still runs');
    await closeNotebook(b);
    await waitFor('kernel b to exit', () => !processAlive(pidB), 10_000);
  });
});

function timingOrdered(first: vscode.NotebookCell, second: vscode.NotebookCell): boolean {
  const a = first.executionSummary?.timing;
  const b = second.executionSummary?.timing;
  return a !== undefined && b !== undefined && b.startTime >= a.endTime;
}
