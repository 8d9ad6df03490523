/**
 * The kernel's life as the user drives it from VS Code: interrupting a training cell (state survives), a
 * synchronous loop that ignores the interrupt (kernel restarted, user told), the Restart Kernel command, a
 * kernel that dies (reported, restartable), and Select Backend.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  api,
  closeNotebook,
  errorOf,
  openNotebook,
  processAlive,
  runCells,
  startCells,
  textOf,
  waitFor,
} from './helpers';

async function interrupt(): Promise<void> {
  await vscode.commands.executeCommand('notebook.cancelExecution');
}

suite('kernel lifecycle', () => {
  test('interrupting a training cell stops it at a step boundary and keeps the model and its weights', async () => {
    const lookTwice = await api();
    const notebook = await openNotebook([
      [
        "import { createSimclrModel, loadFashionMnist, pretrain } from 'look-twice';",
        "const data = await loadFashionMnist({ split: 'train', limit: 256, prefer: 'embedded' });",
        "const model = createSimclrModel({ encoder: 'cnn', batchNorm: false, seed: 1 });",
        'const before = model.trainableVariables()[0].dataSync().slice();',
        'let result;',
      ].join('\n'),
      'result = await pretrain(model, data, { steps: 100000, batchSize: 32, seed: 1 });',
      "const after = model.trainableVariables()[0].dataSync();\n[result.status, result.steps > 0, after.some((v, i) => v !== before[i])].join(' ')",
    ]);
    const [setup] = await runCells(notebook, 0);
    assert.equal(setup.executionSummary?.success, true, JSON.stringify(errorOf(setup)));
    const pid = lookTwice.kernelSnapshot(notebook)?.pid;
    await startCells(notebook, 1);
    // the panel is hidden here, so training shows a progress notification
    await waitFor('a training notification', () => lookTwice.trainingNotifications().length > 0, 120_000);
    await waitFor('training progress in the cell', () => notebook.cellAt(1).outputs.length > 0, 60_000);
    const since = Date.now();
    await interrupt();
    const training = await waitFor(
      'the training cell to end',
      () => (notebook.cellAt(1).executionSummary?.timing?.endTime ?? 0) >= since && notebook.cellAt(1),
      30_000,
    );
    assert.equal(training.executionSummary?.success, false);
    assert.equal(errorOf(training)?.name, 'Interrupted');
    await waitFor('the notification to close', () => lookTwice.trainingNotifications().length === 0, 10_000);
    const [check] = await runCells(notebook, 2);
    assert.equal(
      textOf(check, 'text/plain'),
      "'interrupted true true'",
      'pretrain returned interrupted, after some steps, with trained weights',
    );
    assert.equal(lookTwice.kernelSnapshot(notebook)?.pid, pid, 'the same kernel process');
    await closeNotebook(notebook);
  });

  test('no training notification while the side panel (which draws the curves) is visible', async () => {
    const lookTwice = await api();
    const notebook = await openNotebook([
      "import { createSimclrModel, loadFashionMnist, pretrain } from 'look-twice';\nconst data = loadFashionMnist({ split: 'train', limit: 128, prefer: 'embedded' });\nconst model = createSimclrModel({ encoder: 'cnn', batchNorm: false, seed: 1 });",
      'const result = await pretrain(model, data, { steps: 12, batchSize: 32, seed: 1 }); result.status',
    ]);
    await runCells(notebook, 0);
    await vscode.commands.executeCommand('lookTwice.showPanel');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    let notified = false;
    const watch = setInterval(() => {
      notified ||= lookTwice.trainingNotifications().length > 0;
    }, 20);
    try {
      const [training] = await runCells(notebook, 1);
      assert.match(textOf(training, 'text/plain'), /'done'$/, 'the run finished');
    } finally {
      clearInterval(watch);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
    }
    assert.equal(notified, false, 'the panel shows the run, so no notification');
    await closeNotebook(notebook);
  });

  test('plain asynchronous code is interrupted too, keeping variables', async () => {
    const notebook = await openNotebook([
      'let ticks = 0;',
      'while (true) { ticks++; await new Promise((resolve) => setTimeout(resolve, 10)); }',
      'ticks > 0',
    ]);
    await runCells(notebook, 0);
    await startCells(notebook, 1);
    await waitFor('the loop to run', () => api().then((a) => a.kernelSnapshot(notebook)?.state === 'busy'), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await interrupt();
    await waitFor('the loop cell to end', () => notebook.cellAt(1).executionSummary?.success === false, 10_000);
    const [check] = await runCells(notebook, 2);
    assert.equal(textOf(check, 'text/plain'), 'true');
    await closeNotebook(notebook);
  });

  test('a synchronous loop that ignores the interrupt restarts the kernel and says the state was lost', async () => {
    const lookTwice = await api();
    const notebook = await openNotebook(['const kept = 1;', 'while (true) {}', 'typeof kept']);
    await runCells(notebook, 0);
    const pid = lookTwice.kernelSnapshot(notebook)?.pid;
    await startCells(notebook, 1);
    await waitFor('the loop to run', () => lookTwice.kernelSnapshot(notebook)?.state === 'busy', 10_000);
    await interrupt();
    const loop = await waitFor(
      'the loop cell to end',
      () => notebook.cellAt(1).executionSummary?.success === false && notebook.cellAt(1),
      20_000,
    );
    assert.match(errorOf(loop)?.message ?? '', /restarted.*state was lost/i);
    const [check] = await runCells(notebook, 2);
    assert.equal(textOf(check, 'text/plain'), "'undefined'", 'the variables went with the old process');
    assert.notEqual(lookTwice.kernelSnapshot(notebook)?.pid, pid);
    assert.ok(pid && !processAlive(pid), 'the stuck process was killed');
    await closeNotebook(notebook);
  });

  test('Restart Kernel starts a fresh process: variables gone, execution order from 1', async () => {
    const lookTwice = await api();
    const notebook = await openNotebook(['const before = 1; before', 'typeof before']);
    await runCells(notebook, 0, 2);
    const pid = lookTwice.kernelSnapshot(notebook)?.pid;
    assert.ok(pid);
    await vscode.commands.executeCommand('lookTwice.restartKernel', notebook.uri);
    const fresh = lookTwice.kernelSnapshot(notebook);
    assert.equal(fresh?.state, 'idle');
    assert.ok(fresh?.pid && fresh.pid !== pid, 'a new process');
    await waitFor('the old process to exit', () => !processAlive(pid), 10_000);
    const [check] = await runCells(notebook, 1);
    assert.equal(textOf(check, 'text/plain'), "'undefined'");
    assert.equal(check.executionSummary?.executionOrder, 1);
    await closeNotebook(notebook);
  });

  test('a kernel that dies is reported (cell error, status bar) and a fresh one starts', async () => {
    const lookTwice = await api();
    const notebook = await openNotebook(['process.exit(3)', '6 * 7']);
    const [dying] = await runCells(notebook, 0);
    assert.equal(dying.executionSummary?.success, false);
    const error = errorOf(dying);
    assert.equal(error?.name, 'KernelDied');
    assert.match(error?.message ?? '', /exited with code 3/);
    const dead = lookTwice.kernelSnapshot(notebook);
    assert.equal(dead?.state, 'dead');
    assert.match(dead?.deathReason ?? '', /code 3/);
    assert.match(lookTwice.statusBar().text, /dead/);
    const [next] = await runCells(notebook, 1);
    assert.equal(next.executionSummary?.success, true);
    assert.equal(textOf(next, 'text/plain'), '42');
    assert.equal(lookTwice.kernelSnapshot(notebook)?.state, 'idle');
    await closeNotebook(notebook);
  });

  test('Select Backend persists lookTwice.backend and the running kernel restarts with it (package.json promises it)', async () => {
    const lookTwice = await api();
    const notebook = await openNotebook(["import * as tf from '@tensorflow/tfjs';\ntf.getBackend()"]);
    try {
      await runCells(notebook, 0);
      const before = lookTwice.kernelSnapshot(notebook);
      assert.ok(before?.pid, 'a kernel runs');
      await vscode.commands.executeCommand('lookTwice.selectBackend', 'cpu');
      assert.equal(vscode.workspace.getConfiguration('lookTwice').get('backend'), 'cpu');
      // No restart command: the setting change restarts the running kernel.
      await waitFor('the kernel restarted on cpu', () => {
        const now = lookTwice.kernelSnapshot(notebook);
        return now?.pid !== undefined && now.pid !== before.pid && now.backend?.name === 'cpu' && now.state === 'idle';
      });
      const [cell] = await runCells(notebook, 0);
      assert.equal(textOf(cell, 'text/plain'), "'cpu'");
      assert.match(lookTwice.statusBar().text, /cpu/);
    } finally {
      await closeNotebook(notebook);
      await vscode.workspace
        .getConfiguration('lookTwice')
        .update('backend', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
