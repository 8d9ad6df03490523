// Kernel process lifecycle with real processes: deaths are reported and survivable, interrupts keep
// state (async code) or restart the kernel (a synchronous loop), large binary payloads travel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { KernelExit, KernelProcess } from '../../src/host';
import { LookTwiceMime, type LossCurvePayload } from '../../src/protocol/outputs';
import type { PanelEvent } from '../../src/protocol/panelMessages';
import { mimes, run, sourceKernel, text } from '../kernel/kernelHarness';

const deaths: {
  name: string;
  code: string;
  execArgv?: string[];
  expect: (exit: KernelExit) => void;
  message: RegExp;
}[] = [
  {
    name: 'process.exit(3)',
    code: 'process.exit(3)',
    expect: (e) => assert.equal(e.code, 3),
    message: /exited with code 3/,
  },
  {
    name: 'a hard crash (SIGKILL)',
    code: 'process.kill(process.pid, "SIGKILL")',
    expect: (e) => assert.equal(e.signal, 'SIGKILL'),
    message: /killed by SIGKILL/,
  },
  {
    name: 'running out of memory',
    code: 'const hog: number[][] = []\nwhile (true) hog.push(new Array(1e5).fill(Math.random()))',
    execArgv: ['--max-old-space-size=64'],
    expect: (e) => assert.ok(e.code !== 0 || e.signal !== null),
    message: /out of memory/,
  },
];

for (const death of deaths) {
  test(`lifecycle: ${death.name} kills the kernel, not the host; a fresh kernel starts`, async () => {
    const kernel = sourceKernel(death.execArgv ? { execArgv: death.execArgv } : {});
    try {
      const first = await kernel.start();
      assert.equal((await run(kernel, 'const state = 1')).status, 'ok');
      const exited = kernel.once('exit');
      const result = await run(kernel, death.code);
      assert.equal(result.status, 'error');
      assert.equal(result.stateLost, true);
      assert.equal(result.error?.name, 'KernelDied');
      assert.match(result.error?.message ?? '', death.message);
      const exit = await exited;
      assert.equal(exit.expected, false);
      death.expect(exit);
      assert.equal(kernel.state, 'dead');
      const again = await run(kernel, 'typeof state');
      assert.equal(again.status, 'ok');
      assert.equal(text(again.outputs[0]), "'undefined'");
      assert.notEqual(kernel.info?.pid, first.pid);
    } finally {
      await kernel.shutdown();
    }
  });
}

test('lifecycle: interrupting plain async code ends the cell "interrupted" and keeps state', async () => {
  const kernel = sourceKernel();
  try {
    await run(kernel, 'const kept = { n: 5 }');
    const running = run(kernel, 'await new Promise(() => {})');
    await new Promise((r) => setTimeout(r, 200));
    kernel.interrupt();
    const result = await running;
    assert.equal(result.status, 'interrupted');
    assert.equal(result.stateLost, false);
    assert.equal(text((await run(kernel, 'kept.n')).outputs[0]), '5');
  } finally {
    await kernel.shutdown();
  }
});

test('lifecycle: a loop that watches the ambient signal stops at its next step with state kept', async () => {
  const kernel = sourceKernel();
  try {
    await kernel.start();
    const running = run(
      kernel,
      [
        'import { currentRunContext, tf } from "look-twice"',
        'const w = tf.variable(tf.zeros([4]))',
        'let steps = 0',
        'const signal = currentRunContext().signal',
        'while (!signal?.aborted) { tf.tidy(() => w.assign(w.add(1))); steps++; await tf.nextFrame() }',
      ].join('\n'),
    );
    await new Promise((r) => setTimeout(r, 300));
    kernel.interrupt();
    const result = await running;
    assert.equal(result.status, 'interrupted');
    const after = await run(kernel, 'w.dataSync()[0] === steps && steps > 0');
    assert.equal(text(after.outputs[0]), 'true');
  } finally {
    await kernel.shutdown();
  }
});

test('lifecycle: a synchronous infinite loop is ended by a restart after the grace period, state lost', async () => {
  const kernel = sourceKernel({ interruptGraceMs: 500 });
  try {
    const first = await kernel.start();
    await run(kernel, 'const kept = 1');
    const restarted = kernel.once('restarted');
    const running = run(kernel, 'while (true) {}');
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    kernel.interrupt();
    const result = await running;
    assert.ok(Date.now() - started >= 450, 'waited for the grace period');
    assert.equal(result.status, 'interrupted');
    assert.equal(result.stateLost, true);
    assert.match(result.error?.message ?? '', /state was lost/);
    assert.match((await restarted).reason, /did not stop/);
    const after = await run(kernel, 'typeof kept');
    assert.equal(text(after.outputs[0]), "'undefined'");
    assert.notEqual(kernel.info?.pid, first.pid);
  } finally {
    await kernel.shutdown();
  }
});

test('lifecycle: a cell sent the moment a stuck cell is reported restarted runs in the fresh kernel', async () => {
  const kernel = sourceKernel({ interruptGraceMs: 500 });
  try {
    await kernel.start();
    const running = run(kernel, 'while (true) {}');
    await new Promise((r) => setTimeout(r, 300));
    kernel.interrupt();
    assert.equal((await running).error?.name, 'KernelRestarted');
    // No wait for the 'restarted' event: the old process may still be exiting.
    const after = await run(kernel, '1 + 1');
    assert.equal(after.status, 'ok', JSON.stringify(after));
    assert.equal(text(after.outputs[0]), '2');
  } finally {
    await kernel.shutdown();
  }
});

test('lifecycle: 10k x 128 embeddings reach the host as a Float32Array, and neighbours are answered', async () => {
  const kernel = sourceKernel();
  try {
    const event = new Promise<Float32Array>((resolve) => {
      kernel.on('panelEvent', (e) => {
        if (e.kind === 'embeddings') resolve(e.vectors);
      });
    });
    const result = await run(
      kernel,
      [
        'const n = 10000, dim = 128',
        'const v = new Float32Array(n * dim)',
        'for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) v[i * dim + d] = Math.sin(i * 1e-4 + d)',
        'await show.embeddings(v, { dim, id: "big", labels: Int32Array.from({ length: n }, (_, i) => i % 10), maxPoints: 500 })',
      ].join('\n'),
    );
    assert.equal(result.status, 'ok', result.error?.stack);
    const vectors = await event;
    assert.ok(vectors instanceof Float32Array);
    assert.equal(vectors.length, 10000 * 128);
    assert.ok(Math.abs(vectors[5 * 128 + 3] - Math.fround(Math.sin(5 * 1e-4 + 3))) < 1e-7);
    const output = result.outputs.at(-1);
    assert.ok(output?.items.some((i) => i.mime === 'image/svg+xml'));
    assert.match(text(output) ?? '', /500 shown/);
    const answer = await kernel.panelRequest({ kind: 'nearestNeighbours', embeddingsId: 'big', index: 0, k: 3 });
    assert.equal(answer.kind, 'nearestNeighbours');
    if (answer.kind === 'nearestNeighbours') {
      assert.deepEqual(Array.from(answer.indices), [1, 2, 3]);
      assert.ok(answer.similarities[0] >= answer.similarities[1]);
    }
    const progress: number[] = [];
    kernel.on('panelEvent', (e) => {
      if (e.kind === 'requestProgress' && e.requestId === 'pca-1') progress.push(e.fraction);
    });
    const projected = await kernel.panelRequest(
      { kind: 'project', embeddingsId: 'big', method: 'pca', dims: 2 },
      'pca-1',
    );
    assert.equal(projected.kind, 'project', projected.kind === 'error' ? projected.message : '');
    if (projected.kind === 'project') {
      assert.ok(projected.points instanceof Float32Array);
      assert.equal(projected.points.length, 10000 * 2);
      assert.ok(projected.points.every(Number.isFinite));
    }
    assert.deepEqual(progress, [0, 1]);
    const missing = await kernel.panelRequest({ kind: 'nearestNeighbours', embeddingsId: 'nope', index: 0, k: 3 });
    assert.equal(missing.kind, 'error');
  } finally {
    await kernel.shutdown();
  }
});

test('lifecycle: interrupt while the kernel starts drops the waiting cell', async () => {
  const kernel = sourceKernel();
  try {
    const waiting = run(kernel, '1 + 1');
    kernel.interrupt();
    const result = await waiting;
    assert.equal(result.status, 'interrupted');
    assert.equal(result.outputs.length, 0);
    assert.equal(text((await run(kernel, '2 + 2')).outputs[0]), '4');
  } finally {
    await kernel.shutdown();
  }
});

test('lifecycle: a loop of long synchronous steps (like wasm training) is interrupted at a step boundary, not restarted', async () => {
  const kernel = sourceKernel({ interruptGraceMs: 500 });
  try {
    await kernel.start();
    await run(kernel, 'const kept = "still here"');
    const running = run(
      kernel,
      [
        'import { currentRunContext } from "look-twice"',
        'const stepSignal = currentRunContext().signal',
        'let longSteps = 0',
        // 1.2 s of blocking work per step, more than the 500 ms base grace.
        'while (!stepSignal?.aborted) { const t = Date.now(); while (Date.now() - t < 1200) {} longSteps++; await new Promise((r) => setTimeout(r, 0)) }',
      ].join('\n'),
    );
    await new Promise((r) => setTimeout(r, 3000));
    kernel.interrupt();
    const result = await running;
    assert.equal(result.status, 'interrupted');
    assert.equal(result.stateLost, false, result.error?.message);
    assert.equal(text((await run(kernel, 'kept + " after " + (longSteps > 1)')).outputs[0]), "'still here after true'");
  } finally {
    await kernel.shutdown();
  }
});

// Issue 12, item 2: heartbeats come from a timer, so a kernel that lost its execute requests still
// sends them. Both ways of noticing: an interrupt unanswered past the deadline, and "idle" reports.
test(
  'lifecycle: an interrupt the kernel never answers restarts it even while it sends heartbeats',
  { timeout: 30_000 },
  async () => {
    const kernel = sourceKernel({ interruptGraceMs: 2500 });
    try {
      await kernel.start();
      const deaf = run(kernel, 'process.removeAllListeners("message"); await new Promise(() => {})');
      await new Promise((r) => setTimeout(r, 300));
      const restarted = kernel.once('restarted');
      kernel.interrupt();
      const result = await deaf;
      assert.equal(result.status, 'interrupted');
      assert.equal(result.stateLost, true);
      assert.match((await restarted).reason, /status messages but did not answer/);
      assert.equal((await run(kernel, '1 + 1')).status, 'ok');
    } finally {
      await kernel.shutdown();
    }
  },
);

test(
  'lifecycle: a kernel that reports itself idle while a cell waits is restarted, without any interrupt',
  { timeout: 30_000 },
  async () => {
    const kernel = sourceKernel();
    try {
      await kernel.start();
      assert.equal((await run(kernel, 'process.removeAllListeners("message")')).status, 'ok');
      const lost = await run(kernel, '1 + 1');
      assert.equal(lost.status, 'interrupted');
      assert.equal(lost.stateLost, true);
      assert.match(lost.error?.message ?? '', /lost the request/);
      assert.equal((await run(kernel, '2 + 2')).status, 'ok');
    } finally {
      await kernel.shutdown();
    }
  },
);

test(
  'lifecycle: a cell still in flight when the kernel reports idle is not taken for a lost one',
  { timeout: 60_000 },
  async () => {
    // The first cell leaves a 5 s synchronous stretch behind: the next cell's request waits in the
    // pipe while the kernel's overdue heartbeat fires first and says "idle" (a second idle report).
    const kernel = sourceKernel();
    try {
      await kernel.start();
      const restarts: string[] = [];
      kernel.on('restarted', ({ reason }) => restarts.push(reason));
      const block =
        'setTimeout(() => { const t = Date.now(); while (Date.now() - t < 5000); }, 0); globalThis.kept = 7;';
      assert.equal((await run(kernel, block)).status, 'ok');
      const next = await run(kernel, 'kept * 6');
      assert.equal(next.status, 'ok', next.error?.message);
      assert.equal(text(next.outputs[0]), '42');
      assert.deepEqual(restarts, []);
    } finally {
      await kernel.shutdown();
    }
  },
);

test('lifecycle: a shutdown during a restart starts no new kernel', { timeout: 30_000 }, async () => {
  const kernel = sourceKernel();
  await kernel.start();
  const restart = kernel.restart('test');
  await kernel.shutdown();
  await assert.rejects(restart, /shut down during the restart/);
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(kernel.state, 'stopped');
  assert.equal(kernel.info, undefined);
});

// Runs a kernel process leaves open end everywhere: the host sends their trainEnd (for the panel and the
// progress notification) and replaces the run's progress and loss-curve outputs in its cell.
const openRunEndings: {
  name: string;
  end: (kernel: KernelProcess) => Promise<unknown>;
  status: string;
  message: RegExp;
}[] = [
  {
    name: 'the kernel dies',
    end: async (kernel) => process.kill(kernel.info?.pid ?? -1, 'SIGKILL'),
    status: 'error',
    message: /killed by SIGKILL/,
  },
  {
    name: 'the kernel is restarted',
    end: (kernel) => kernel.restart('restarted by the test'),
    status: 'interrupted',
    message: /restarted by the test/,
  },
];
for (const ending of openRunEndings) {
  test(`lifecycle: a training run open when ${ending.name} ends with trainEnd '${ending.status}' in the events and in its cell`, async () => {
    const kernel = sourceKernel();
    const events: PanelEvent[] = [];
    kernel.on('panelEvent', (e) => events.push(e));
    try {
      await kernel.start();
      let curveShown!: () => void;
      const stepShown = new Promise<void>((resolve) => (curveShown = resolve));
      const training = run(
        kernel,
        [
          'import { currentRunContext } from "look-twice"',
          'const emit = currentRunContext().emit',
          'emit?.({ kind: "trainStart", runId: "open", method: "simclr", totalSteps: 10, startedAt: Date.now(), config: {} })',
          'emit?.({ kind: "trainStep", runId: "open", method: "simclr", step: 4, totalSteps: 10, epoch: 0, metrics: { loss: 2.5, learningRate: 0.1, imagesPerSec: 9, extra: 7 } })',
          'await new Promise(() => {})',
        ].join('\n'),
        (output) => mimes(output).includes(LookTwiceMime.lossCurve) && curveShown(),
      );
      await stepShown;
      await ending.end(kernel);
      const cell = await training;
      const end = events.at(-1);
      assert.ok(end?.kind === 'trainEnd', JSON.stringify(end));
      assert.equal(end.runId, 'open');
      assert.equal(end.status, ending.status);
      assert.equal(end.step, 4);
      assert.match(end.message ?? '', ending.message);
      const progress = cell.outputs.filter((o) => mimes(o).includes(LookTwiceMime.progress));
      assert.equal(progress.length, 1, 'the progress output was replaced in place');
      assert.match(
        text(progress[0]) ?? '',
        new RegExp(`^step 4/10 · epoch 0 · loss 2\\.5 · lr 0\\.1 · 9 img/s · extra 7 · ${ending.status}: `),
      );
      const curves = cell.outputs.filter((o) => mimes(o).includes(LookTwiceMime.lossCurve));
      assert.equal(curves.length, 1, 'the loss curve was replaced in place');
      const curve = JSON.parse(text(curves[0], LookTwiceMime.lossCurve) ?? '{}') as LossCurvePayload;
      assert.deepEqual([curve.done, curve.status], [true, ending.status], 'the curve no longer shows a running run');
      assert.match(curve.message ?? '', ending.message);
      assert.deepEqual(
        curve.series.map((s) => [s.name, s.values]),
        [
          ['loss', [2.5]],
          ['extra', [7]],
        ],
        'the points drawn before the end stay',
      );
      assert.equal(events.filter((e) => e.kind === 'trainEnd').length, 1, 'one end per run');
    } finally {
      await kernel.shutdown();
    }
  });
}

test('lifecycle: the pair inspector and the selection reach a real kernel; a kernel stuck in a cell times out, a restarted one has no model', async () => {
  const kernel = sourceKernel();
  const flag = path.join(mkdtempSync(path.join(tmpdir(), 'lt-pair-')), 'go');
  try {
    const shown = await run(
      kernel,
      [
        'import { createSimclrModel, loadFashionMnist } from "look-twice"',
        'const model = createSimclrModel({ encoder: { kind: "cnn", widths: [8], strides: [2] }, headWidths: [8, 8] })',
        'const dataset = loadFashionMnist({ split: "test", limit: 40, prefer: "embedded" })',
        'await show.embeddings({ model, dataset }, { id: "pairs", batchSize: 8, maxPoints: 40 })',
      ].join('\n'),
    );
    assert.equal(shown.status, 'ok', shown.error?.stack);
    const request = { kind: 'inspectPair', embeddingsId: 'pairs', index: 5, seed: 3, negatives: 4 } as const;
    const answer = await kernel.panelRequest(request);
    assert.equal(answer.kind, 'inspectPair', answer.kind === 'error' ? answer.message : '');
    if (answer.kind === 'inspectPair') {
      assert.ok(answer.views instanceof Uint8Array, 'views cross the IPC as bytes');
      assert.equal(answer.views.length, 2 * 28 * 28);
      assert.equal(answer.negatives.indices.length, 4);
      assert.equal(answer.batchSize, 8);
    }
    // The panel's selection, told by a 'select' request, is what a cell's `panel` reads.
    assert.equal(
      (await kernel.panelRequest({ kind: 'select', embeddingsId: 'pairs', indices: [3, 1] })).kind,
      'select',
    );
    const read = await run(kernel, 'console.log(JSON.stringify(Array.from(panel.selection("pairs").indices)))');
    assert.equal(read.stdout.trim(), '[3,1]', read.error?.stack);
    // A cell in synchronous code never reads the request: the host stops waiting and says why.
    const started = `${flag}-started`;
    const stuck = run(
      kernel,
      [
        'import * as fs from "node:fs"',
        `fs.writeFileSync(${JSON.stringify(started)}, "")`,
        `while (!fs.existsSync(${JSON.stringify(flag)})) {}`,
      ].join('\n'),
    );
    while (!existsSync(started)) await new Promise((resolve) => setTimeout(resolve, 20));
    const busy = await kernel.panelRequest(request, 'pair-busy', 300);
    assert.equal(busy.kind, 'error');
    assert.match(busy.kind === 'error' ? busy.message : '', /did not answer within 0\.3 s: it is busy running a cell/);
    writeFileSync(flag, '');
    assert.equal((await stuck).status, 'ok');
    assert.equal((await kernel.panelRequest(request)).kind, 'inspectPair', 'answered again once the cell ended');
    await kernel.restart();
    const restarted = await kernel.panelRequest(request);
    assert.match(restarted.kind === 'error' ? restarted.message : '', /no published embeddings 'pairs'/);
  } finally {
    await kernel.shutdown();
  }
});
