import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { setRunContext } from '../../../src/simclr/context';
import type { TrainingEvent } from '../../../src/simclr/train/trainingEvent';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { subset } from '../../../src/simclr/data/subset';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { pretrain } from '../../../src/simclr/train/pretrain';
import { Random } from '../../../src/simclr/random';
import { simclrAugment } from '../../../src/simclr/augment/simclrAugment';
import { defaultAugmentConfig } from '../../../src/simclr/augment/augmentConfig';
import { evaluateMonitor, monitorSlice } from '../../../src/simclr/monitor/trainingMonitor';
import { orthogonalProcrustes } from '../../../src/simclr/projections/procrustes';
import { METHOD_NAMES } from '../../../src/simclr/methods/createMethod';

const data = loadFashionMnist({ split: 'train', limit: 128 });
const heldOut = loadFashionMnist({ split: 'test', limit: 64 });
const tiny = () =>
  createSimclrModel({ encoder: { kind: 'cnn', widths: [8, 16], strides: [2, 2] }, headWidths: [16, 8], seed: 1 });
const MONITOR_KEYS = ['alignment', 'effectiveRank', 'healthStdRatio', 'knnAccuracy', 'uniformity'];

test.before(async () => {
  await initBackend();
});
test.after(() => setRunContext({}));

test('every 2 steps: kNN accuracy and health in the history and the events, training untouched, no tensor left', async () => {
  const events: TrainingEvent[] = [];
  setRunContext({ emit: (e) => events.push(e) });
  const before = tf.memory().numTensors;
  const monitored = tiny();
  const counts: number[] = [];
  const result = await pretrain(monitored, data, {
    batchSize: 16,
    steps: 4,
    seed: 3,
    monitor: { data: heldOut, every: 2, healthImages: 32 },
    onStep: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  setRunContext({});
  assert.equal(new Set(counts).size, 1, `tensor counts per step ${counts}`);
  for (const h of result.history) {
    const keys = Object.keys(h.metrics ?? {})
      .filter((k) => MONITOR_KEYS.includes(k))
      .sort();
    assert.deepEqual(keys, h.step % 2 === 0 ? MONITOR_KEYS : [], `step ${h.step}`);
  }
  const m = result.history[3].metrics as Record<string, number>;
  assert.ok(m.knnAccuracy >= 0 && m.knnAccuracy <= 1, `knnAccuracy ${m.knnAccuracy}`);
  // 16 held-out queries, 10 classes: accuracy is a multiple of 1/16.
  assert.equal(Math.round(m.knnAccuracy * 16), m.knnAccuracy * 16);
  assert.ok(m.alignment > 0 && m.alignment <= 4, `alignment ${m.alignment}`);
  assert.ok(m.uniformity < 0 && m.uniformity >= -8, `uniformity ${m.uniformity}`);
  assert.ok(m.effectiveRank >= 1 && m.effectiveRank <= 32, `effectiveRank ${m.effectiveRank}`);
  assert.ok(m.healthStdRatio > 0, `healthStdRatio ${m.healthStdRatio}`);
  const emitted = events.flatMap((e) =>
    e.kind === 'trainStep' && e.metrics.knnAccuracy !== undefined ? [e.step] : [],
  );
  assert.deepEqual(emitted, [2, 4]);
  // Each evaluation's pictures follow its step's event.
  const order = events.flatMap((e) =>
    e.kind === 'trainStep' || e.kind === 'trainSnapshot' ? [`${e.kind}:${e.step}`] : [],
  );
  assert.deepEqual(order, [
    'trainStep:1',
    'trainStep:2',
    'trainSnapshot:2',
    'trainStep:3',
    'trainStep:4',
    'trainSnapshot:4',
  ]);
  const snapshots = events.flatMap((e) => (e.kind === 'trainSnapshot' ? [e.snapshot] : []));
  for (const s of snapshots) {
    assert.equal(s.points.length, 2 * 64, 'the whole held-out slice, in 2-D');
    assert.deepEqual(Array.from(s.labels ?? []), Array.from(heldOut.labels ?? []));
    assert.equal(
      s.cosines.positive.reduce((a, b) => a + b, 0),
      32,
    );
    assert.equal(
      s.cosines.negative.reduce((a, b) => a + b, 0),
      32 * 31,
    );
    assert.equal(s.spectrum.length, 16, 'min(32 views, 16 encoder dims) singular values');
    assert.equal(s.pairs.length, 8, '4 hardest + 4 easiest');
  }
  assert.equal(snapshots[1].knnErrorCount, 16 - Math.round(m.knnAccuracy * 16));
  // The second projection is already turned onto the first: aligning it again changes nothing.
  const r = orthogonalProcrustes(snapshots[1].points, snapshots[0].points, 64, 2);
  assert.ok(r[0] > 0.999 && r[3] > 0.999, `R = ${Array.from(r)}`);
  assert.equal(result.monitor?.evaluations, 2);
  assert.ok((result.monitor?.fraction ?? 0) > 0);

  const plain = tiny();
  const quiet: TrainingEvent[] = [];
  setRunContext({ emit: (e) => quiet.push(e) });
  const unmonitored = await pretrain(plain, data, { batchSize: 16, steps: 4, seed: 3, monitor: false });
  setRunContext({});
  assert.ok(!quiet.some((e) => e.kind === 'trainSnapshot'));
  assert.equal(unmonitored.monitor, undefined);
  assert.deepEqual(
    result.history.map((h) => h.loss),
    unmonitored.history.map((h) => h.loss),
    'the monitor does not change training',
  );
  const weights = (model: typeof plain) => model.namedWeights().map((w) => Array.from(w.tensor.dataSync()));
  assert.deepEqual(weights(monitored), weights(plain));
  monitored.dispose();
  plain.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('the same fixed slice and views every evaluation: the same model scores the same twice', async () => {
  const model = tiny();
  const slice = monitorSlice(data, { images: 64, healthImages: 16 }, 9);
  const augment = (images: tf.Tensor4D, rng: Random) => simclrAugment(images, defaultAugmentConfig(28, 1), rng);
  const { metrics: a } = await evaluateMonitor(model, slice, augment, 4);
  const { metrics: b } = await evaluateMonitor(model, slice, augment, 4);
  assert.deepEqual(Object.keys(a).sort(), MONITOR_KEYS);
  assert.deepEqual(a, b);
  const { metrics: other } = await evaluateMonitor(model, slice, augment, 5);
  assert.notEqual(other.alignment, a.alignment, 'another view seed gives other views');
  model.dispose();
});

test('every method reports the monitor (method-agnostic)', { timeout: 120_000 }, async () => {
  for (const method of METHOD_NAMES) {
    const model = tiny();
    const result = await pretrain(model, data, {
      method,
      batchSize: 16,
      steps: 1,
      seed: 1,
      monitor: { every: 1, images: 64, healthImages: 16 },
    });
    const m = result.history[0].metrics ?? {};
    for (const key of MONITOR_KEYS) assert.ok(Number.isFinite(m[key]), `${method}: ${key} = ${m[key]}`);
    model.dispose();
  }
});

test('monitorSlice: the default samples labelled training images (3/4 bank), held-out data must match and carry labels', () => {
  const slice = monitorSlice(data, { images: 40, healthImages: 8 }, 5);
  assert.equal(slice.images.shape[0], 40);
  assert.equal(slice.bank?.shape[0], 30);
  assert.equal(slice.queries?.shape[0], 10);
  assert.equal(slice.health.shape[0], 8);
  assert.deepEqual(monitorSlice(data, { images: 40 }, 5).images.labels, slice.images.labels, 'seeded');
  const unlabelled = { ...data, labels: undefined };
  const healthOnly = monitorSlice(unlabelled, {}, 5);
  assert.equal(healthOnly.bank, undefined);
  assert.equal(healthOnly.images.shape[0], 128, 'capped at the dataset size');
  assert.throws(
    () => monitorSlice(data, { data: { ...heldOut, labels: undefined } }, 0),
    /monitor\.data \(fashion-mnist\/test\) has no labels/,
  );
  const wrongSize = { ...subset(heldOut, [0, 1]), shape: [1, 56, 14, 1] as [number, number, number, number] };
  assert.throws(
    () => monitorSlice(data, { data: wrongSize }, 0),
    /monitor\.data images are 56x14x1 but the training images 28x28x1/,
  );
  assert.throws(() => monitorSlice(data, { images: 1 }, 0), /monitor\.images must be an integer >= 2, got 1/);
});
