// The library in a real kernel: pretrain streams progress (replaced in place) and panel events with
// no cell code, stops on interrupt at a step boundary keeping the model's weights; show.* outputs
// carry their custom MIME type and a standard fallback; the augmentation explorer's requests.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelProcess } from '../../src/host';
import { LookTwiceMime } from '../../src/protocol/outputs';
import type { PanelEvent } from '../../src/protocol/panelMessages';
import { mimes, run, sourceKernel, text } from './kernelHarness';

let kernel: KernelProcess;
const events: PanelEvent[] = [];

before(async () => {
  kernel = sourceKernel({ backend: 'wasm' });
  kernel.on('panelEvent', (event) => events.push(event));
  await kernel.start();
  const setup = await run(
    kernel,
    [
      'import { loadFashionMnist, createSimclrModel, pretrain, tf } from "look-twice"',
      'const train = loadFashionMnist({ split: "train", limit: 64, prefer: "embedded" })',
      'const model = createSimclrModel({ encoder: "cnn", seed: 0 })',
      'const fresh = model.encoder.getWeights().map((w) => Float32Array.from(w.dataSync()))',
    ].join('\n'),
  );
  assert.equal(setup.status, 'ok', setup.error?.stack);
});

after(async () => {
  await kernel.shutdown();
});

test('training: interrupting pretrain stops at a step boundary, the cell ends "interrupted", the weights are kept', async () => {
  events.length = 0;
  const firstStep = new Promise<void>((resolve) => {
    const sub = kernel.on('panelEvent', (e) => {
      if (e.kind === 'trainStep' && e.step >= 2) {
        sub.dispose();
        resolve();
      }
    });
  });
  const running = run(
    kernel,
    'const result = await pretrain(model, train, { steps: 10000, batchSize: 8, seed: 0 })\nresult.status',
  );
  await firstStep;
  kernel.interrupt();
  const cell = await running;
  assert.equal(cell.status, 'interrupted');
  assert.equal(cell.stateLost, false);
  assert.equal(
    text(cell.outputs.at(-1)),
    "'interrupted'",
    'the loop returned at its step boundary and the cell finished',
  );
  const progress = cell.outputs.find((o) => mimes(o).includes(LookTwiceMime.progress));
  assert.ok(progress, 'a progress output');
  assert.match(
    text(progress) ?? '',
    /^step \d+\/10000 · epoch 0 · loss [\d.]+ · lr [\d.e+-]+ · [\d.]+ img\/s · .*interrupted$/,
  );
  assert.doesNotMatch(text(progress) ?? '', /ETA/, 'a stopped run shows no ETA');
  const progressMessages = cell.displays.filter((d) => mimes(d.output).includes(LookTwiceMime.progress));
  assert.ok(
    progressMessages.slice(1).every((d) => d.update),
    'progress is replaced in place',
  );
  const curve = cell.outputs.find((o) => mimes(o).includes(LookTwiceMime.lossCurve));
  assert.deepEqual(mimes(curve), [LookTwiceMime.lossCurve, 'image/svg+xml', 'text/plain']);
  // Other panel events (the Variables view's, after the cell) are not the run's.
  const runEvents = events.filter((e) => e.kind === 'trainStart' || e.kind === 'trainStep' || e.kind === 'trainEnd');
  assert.deepEqual([...new Set(runEvents.map((e) => e.kind))], ['trainStart', 'trainStep', 'trainEnd']);
  const end = runEvents.at(-1);
  assert.ok(end?.kind === 'trainEnd' && end.status === 'interrupted', JSON.stringify(end));

  const kept = await run(
    kernel,
    [
      'const now = model.encoder.getWeights().map((w) => w.dataSync())',
      'const changed = now.some((w, i) => w.some((v, j) => v !== fresh[i][j]))',
      'const checks = [result.steps > 0, result.steps === result.history.length, changed]',
      'checks',
    ].join('\n'),
  );
  assert.equal(kept.status, 'ok', kept.error?.stack);
  assert.deepEqual(
    JSON.parse(text(kept.outputs[0], 'application/json') ?? 'null'),
    [true, true, true],
    JSON.stringify(kept.outputs.map((o) => [mimes(o), text(o)])),
  );
});

test('training: every method trains from a notebook cell by name; events carry the method and its scalars', async () => {
  events.length = 0;
  const cell = await run(
    kernel,
    [
      'const names = ["rotation", "instdisc", "cpc", "simclr", "moco-v2", "simsiam", "byol", "barlow-twins"]',
      'const runs = []',
      'for (const method of names) {',
      '  const m = createSimclrModel({ encoder: "cnn", seed: 1 })',
      '  const r = await pretrain(m, train, { method, steps: 2, batchSize: 8, seed: 0 })',
      '  runs.push([method, r.status, r.steps, Number.isFinite(r.history[1].loss)])',
      '  m.dispose()',
      '}',
      'runs',
    ].join('\n'),
  );
  assert.equal(cell.status, 'ok', cell.error?.stack);
  const runs = JSON.parse(text(cell.outputs.at(-1), 'application/json') ?? 'null') as [
    string,
    string,
    number,
    boolean,
  ][];
  assert.deepEqual(
    runs.map((r) => r.slice(1)),
    runs.map(() => ['done', 2, true]),
    JSON.stringify(runs),
  );
  const started = events
    .filter((e): e is Extract<PanelEvent, { kind: 'trainStart' }> => e.kind === 'trainStart')
    .map((e) => e.config.method);
  assert.deepEqual(
    started,
    runs.map((r) => r[0]),
  );
  const metricNames = new Set(events.flatMap((e) => (e.kind === 'trainStep' ? Object.keys(e.metrics) : [])));
  for (const name of ['representationStd', 'queueFill', 'targetMomentum', 'rotationAccuracy'])
    assert.ok(metricNames.has(name), `no ${name} event reached the panel`);
});

test('training: show.lossCurve of a pretrain result', async () => {
  const cell = await run(kernel, 'show.lossCurve(result, { title: "NT-Xent" });');
  assert.equal(cell.status, 'ok', cell.error?.stack);
  assert.deepEqual(mimes(cell.outputs[0]), [LookTwiceMime.lossCurve, 'image/svg+xml', 'text/plain']);
  const payload = JSON.parse(text(cell.outputs[0], LookTwiceMime.lossCurve) ?? '{}') as {
    series: { values: number[] }[];
    done: boolean;
  };
  assert.ok(payload.series[0].values.length > 0);
  assert.equal(payload.done, true);
  assert.match(text(cell.outputs[0], 'image/svg+xml') ?? '', /^<svg[\s\S]*<path d="M/);
});

test('training: show.augmentations draws a grid, publishes the sources, and the explorer can resample them', async () => {
  events.length = 0;
  const cell = await run(kernel, 'show.augmentations(train, { rows: 3, views: 4, seed: 1 });');
  assert.equal(cell.status, 'ok', cell.error?.stack);
  assert.deepEqual(mimes(cell.outputs[0]), [LookTwiceMime.augmentations, 'image/svg+xml', 'image/png', 'text/plain']);
  const grid = JSON.parse(text(cell.outputs[0], LookTwiceMime.augmentations) ?? '{}') as {
    rows: number;
    cols: number;
    columnTitles: string[];
    rowLabels: string[];
  };
  assert.equal(grid.rows, 3);
  assert.equal(grid.cols, 5);
  assert.equal(grid.columnTitles[0], 'original');
  assert.equal(grid.rowLabels.length, 3);
  const published = events.find((e) => e.kind === 'augmentations');
  assert.ok(published && published.kind === 'augmentations');
  assert.ok(published.images instanceof Uint8Array);
  assert.equal(published.images.length, 3 * 28 * 28);
  const views = await kernel.panelRequest({
    kind: 'augment',
    augmentationsId: published.id,
    index: 1,
    views: 4,
    seed: 7,
    params: { cropMinScale: 0.5 },
  });
  assert.equal(views.kind, 'augment', views.kind === 'error' ? views.message : '');
  if (views.kind === 'augment') {
    assert.equal(views.views.length, 4 * 28 * 28);
    assert.match(views.pipeline, /scale 0\.5-1/);
  }
  const bad = await kernel.panelRequest({
    kind: 'augment',
    augmentationsId: published.id,
    index: 1,
    views: 2,
    seed: 7,
    params: { nonsense: 1 },
  });
  assert.equal(bad.kind, 'error');
});

test('training: tensors do not leak across displays and projections', async () => {
  // The model's first embed caches its folded conv weights (kept until model.dispose): warm it first.
  await run(kernel, 'tf.dispose(model.embed(tf.zeros([1, 28, 28, 1])))');
  const before = await run(kernel, 'tf.memory().numTensors');
  await run(
    kernel,
    'show.augmentations(train, { rows: 2, views: 2 }); await show.embeddings({ model, dataset: train }, { maxPoints: 32 });',
  );
  const after = await run(kernel, 'tf.memory().numTensors');
  assert.equal(text(after.outputs[0]), text(before.outputs[0]));
});

test('training: panel projections still work after an interrupted cell (they do not use its aborted signal)', async () => {
  assert.equal(
    (await run(kernel, 'await show.embeddings({ model, dataset: train }, { id: "before-interrupt", maxPoints: 16 })'))
      .status,
    'ok',
  );
  const stuck = run(kernel, 'await new Promise(() => {})');
  await new Promise((r) => setTimeout(r, 200));
  kernel.interrupt();
  assert.equal((await stuck).status, 'interrupted');
  const response = await kernel.panelRequest({
    kind: 'project',
    embeddingsId: 'before-interrupt',
    method: 'umap',
    dims: 2,
  });
  assert.equal(response.kind, 'project', response.kind === 'error' ? response.message : '');
});
