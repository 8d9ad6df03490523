// One event shape from the library to the webview: a method that reports a scalar nobody has heard of
// ('probeScalar') is seen, with no forwarding code anywhere, in the cell's progress line and loss-curve
// output (kernel), in the events the host re-emits, in the progress notification's line (extension),
// in the extension's retained history that the panel replays, in the panel's runs (webview reducer),
// and in the history pretrain returns.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { KernelProcess } from '../../src/host';
import { RetainedState } from '../../src/extension/panel/retainedState';
import { LookTwiceMime, type LossCurvePayload, type ProgressPayload } from '../../src/protocol/outputs';
import type { PanelEvent } from '../../src/protocol/panelMessages';
import { isTrainingEvent } from '../../src/protocol/trainingEvents';
import { stepMessage } from '../../src/protocol/trainingProgress';
import { applyTrainEvent, type Run } from '../../src/webview/panel/runs';
import { mimes, run, sourceKernel, text } from './kernelHarness';

let kernel: KernelProcess;
const events: PanelEvent[] = [];

before(async () => {
  kernel = sourceKernel({ backend: 'cpu' });
  kernel.on('panelEvent', (event) => events.push(event));
  await kernel.start();
});

after(async () => {
  await kernel.shutdown();
});

test('a new scalar reaches the progress line, the loss curve, the notification, the retained history, the panel and the returned history', async () => {
  const cell = await run(
    kernel,
    [
      'import { loadFashionMnist, createSimclrModel, pretrain, simclr, type Method } from "look-twice"',
      'const base = simclr()',
      // SimCLR plus one scalar of its own: probeScalar = step / 10.
      'const withProbe: Method = {',
      '  name: "simclr-probe", config: base.config,',
      '  attach(model, setup) {',
      '    const t = base.attach(model, setup)',
      '    return {',
      '      gradients: (batch) => t.gradients(batch), statisticsVariables: () => t.statisticsVariables(),',
      '      afterStep: (batch, pending) => t.afterStep?.(batch, pending), state: () => t.state(),',
      '      setState: (values) => t.setState(values), dispose: () => t.dispose(),',
      '      stateScalars: (step) => ({ ...(t.stateScalars?.(step) ?? {}), probeScalar: step / 10 }),',
      '    }',
      '  },',
      '}',
      'const train = loadFashionMnist({ split: "train", limit: 16, prefer: "embedded" })',
      'const model = createSimclrModel({ encoder: "cnn", seed: 0 })',
      'const result = await pretrain(model, train, { steps: 3, batchSize: 8, seed: 0, method: withProbe, runId: "probe-run" })',
      'result.history.map((h) => h.metrics?.probeScalar)',
    ].join('\n'),
  );
  assert.equal(cell.status, 'ok', cell.error?.stack);

  // The library's own history.
  assert.deepEqual(JSON.parse(text(cell.outputs.at(-1), 'application/json') ?? 'null'), [0.1, 0.2, 0.3]);

  // The cell: progress line (text and renderer payload) and the loss curve.
  const progress = cell.outputs.find((o) => mimes(o).includes(LookTwiceMime.progress));
  assert.match(text(progress) ?? '', /^step 3\/3 · .* · probeScalar 0\.3 · .*done$/);
  const payload = JSON.parse(text(progress, LookTwiceMime.progress) ?? '{}') as ProgressPayload;
  assert.equal(payload.metrics.probeScalar, 0.3);
  assert.equal(payload.method, 'simclr-probe');
  const curve = JSON.parse(
    text(
      cell.outputs.find((o) => mimes(o).includes(LookTwiceMime.lossCurve)),
      LookTwiceMime.lossCurve,
    ) ?? '{}',
  ) as LossCurvePayload;
  assert.deepEqual(
    curve.series.find((s) => s.name === 'probeScalar'),
    { name: 'probeScalar', steps: [1, 2, 3], values: [0.1, 0.2, 0.3] },
  );
  assert.ok(curve.series.some((s) => s.name === 'loss'));
  assert.ok(
    !curve.series.some((s) => s.name === 'learningRate' || s.name === 'imagesPerSec'),
    'rates stay in the progress line',
  );

  // The events the host re-emits, as the extension's one fan-out passes them on.
  const training = events.filter(isTrainingEvent).filter((e) => e.runId === 'probe-run');
  assert.deepEqual(
    training.map((e) => e.kind),
    ['trainStart', 'trainStep', 'trainStep', 'trainStep', 'trainEnd'],
  );
  const last = training[3];
  assert.ok(last.kind === 'trainStep');
  assert.equal(last.method, 'simclr-probe');
  assert.match(stepMessage(last), /^step 3\/3 · loss [\d.]+ · lr [\d.e+-]+ · [\d.]+ img\/s · probeScalar 0\.3( · |$)/);

  // The extension's retained history (replayed to the panel) and the panel's runs.
  const retained = new RetainedState();
  for (const e of events) retained.add(e);
  let runs: Run[] = [];
  for (const e of retained.events()) if (isTrainingEvent(e)) runs = applyTrainEvent(runs, e);
  const probeRun = runs.find((r) => r.id === 'probe-run');
  assert.deepEqual(probeRun?.series.probeScalar, { steps: [1, 2, 3], values: [0.1, 0.2, 0.3] });
  assert.equal(probeRun?.method, 'simclr-probe');
  assert.equal(probeRun?.status, 'done');
});

test("the monitor's snapshots cross the kernel process with their typed arrays, after their step, into the retained history and the panel's runs", async () => {
  const cell = await run(
    kernel,
    [
      'import { loadFashionMnist, createSimclrModel, pretrain } from "look-twice"',
      'const images = loadFashionMnist({ split: "train", limit: 24, prefer: "embedded" })',
      'const small = createSimclrModel({ encoder: { kind: "cnn", widths: [8, 16], strides: [2, 2] }, headWidths: [16, 8], seed: 0 })',
      'await pretrain(small, images, { steps: 4, batchSize: 8, seed: 0, runId: "snapshot-run", monitor: { every: 2, images: 16, healthImages: 8, k: 3 } })',
    ].join('\n'),
  );
  assert.equal(cell.status, 'ok', cell.error?.stack);
  const training = events.filter(isTrainingEvent).filter((e) => e.runId === 'snapshot-run');
  assert.deepEqual(
    training.map((e) => (e.kind === 'trainStep' || e.kind === 'trainSnapshot' ? `${e.kind}:${e.step}` : e.kind)),
    [
      'trainStart',
      'trainStep:1',
      'trainStep:2',
      'trainSnapshot:2',
      'trainStep:3',
      'trainStep:4',
      'trainSnapshot:4',
      'trainEnd',
    ],
  );
  const snapshot = training.flatMap((e) => (e.kind === 'trainSnapshot' ? [e.snapshot] : []))[1];
  assert.ok(
    snapshot.points instanceof Float32Array && snapshot.points.length === 2 * 16,
    'points: [16, 2] Float32Array',
  );
  assert.ok(snapshot.labels instanceof Int32Array && snapshot.thumbnails instanceof Uint8Array);
  assert.equal(
    snapshot.thumbnails.length,
    (8 * 3 + snapshot.knnErrors.length * 11) * 28 * 28,
    'pairs: 3 tiles each (8 pairs: all of them); errors: 11',
  );
  const retained = new RetainedState();
  for (const e of events) retained.add(e);
  let runs: Run[] = [];
  for (const e of retained.events()) if (isTrainingEvent(e)) runs = applyTrainEvent(runs, e);
  assert.deepEqual(
    runs.find((r) => r.id === 'snapshot-run')?.snapshots.map((s) => s.step),
    [2, 4],
  );
});
