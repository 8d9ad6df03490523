import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { setRunContext } from '../../../src/simclr/context';
import type { TrainingEvent } from '../../../src/simclr/train/trainingEvent';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel, type SimclrModel } from '../../../src/simclr/models/simclrModel';
import { pretrain, epochOrder } from '../../../src/simclr/train/pretrain';
import { defaultLearningRate, type PretrainOptions } from '../../../src/simclr/train/pretrainOptions';
import { learningRateAt } from '../../../src/simclr/train/schedule';
import { loadCheckpoint } from '../../../src/simclr/train/checkpoint';

const dir = mkdtempSync(join(tmpdir(), 'look-twice-pretrain-'));
const data = loadFashionMnist({ split: 'train', limit: 128 });
/** A small model with batch norm, so BN statistics take part in every check. */
const tiny = (seed = 1) =>
  createSimclrModel({ encoder: { kind: 'cnn', widths: [8, 16], strides: [2, 2] }, headWidths: [16, 8], seed });
const fast: PretrainOptions = { batchSize: 16, seed: 3 };

test.before(async () => {
  await initBackend();
});
test.after(() => {
  rmSync(dir, { recursive: true, force: true });
  setRunContext({});
});

const weightsOf = (model: SimclrModel) => model.namedWeights().map((w) => Array.from(w.tensor.dataSync()));

test('steps, epochs, callbacks and the learning-rate schedule', async () => {
  const model = tiny();
  const steps: number[] = [];
  const epochs: { epoch: number; step: number }[] = [];
  // 128 images / 16 = 8 steps per epoch
  const result = await pretrain(model, data, {
    ...fast,
    epochs: 2,
    learningRate: 2e-3,
    warmupSteps: 3,
    onStep: (s) => {
      steps.push(s.step);
    },
    onEpoch: (e) => {
      epochs.push({ epoch: e.epoch, step: e.step });
      assert.ok(Number.isFinite(e.meanLoss));
    },
  });
  assert.equal(result.status, 'done');
  assert.equal(result.steps, 16);
  assert.deepEqual(
    steps,
    Array.from({ length: 16 }, (_, i) => i + 1),
  );
  assert.deepEqual(epochs, [
    { epoch: 0, step: 8 },
    { epoch: 1, step: 16 },
  ]);
  result.history.forEach((h, i) => {
    assert.equal(h.epoch, i < 8 ? 0 : 1);
    assert.equal(h.learningRate, learningRateAt(i, { baseLearningRate: 2e-3, warmupSteps: 3, totalSteps: 16 }));
    assert.ok(h.loss > 0 && Number.isFinite(h.loss) && h.imagesPerSec > 0);
  });
  model.dispose();
});

test('tensor count is constant across steps and restored after the run', async () => {
  for (const optimizer of ['adam', 'sgd', 'lars'] as const) {
    const model = tiny();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    await pretrain(model, data, {
      ...fast,
      steps: 5,
      optimizer,
      onStep: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    assert.equal(new Set(counts).size, 1, `${optimizer}: tensor counts per step ${counts}`);
    assert.equal(tf.memory().numTensors, before, `${optimizer}: tensors left after pretrain`);
    model.dispose();
  }
});

test('run events reach the ambient run context in order', async () => {
  const events: TrainingEvent[] = [];
  setRunContext({ emit: (e) => events.push(e) });
  const model = tiny();
  await pretrain(model, data, { ...fast, steps: 3, runId: 'r1' });
  setRunContext({});
  assert.deepEqual(
    events.map((e) => e.kind),
    ['trainStart', 'trainStep', 'trainStep', 'trainStep', 'trainEnd'],
  );
  assert.ok(events.every((e) => e.runId === 'r1'));
  const start = events[0] as Extract<TrainingEvent, { kind: 'trainStart' }>;
  assert.equal(start.totalSteps, 3);
  assert.equal(start.method, 'simclr');
  assert.equal(start.config.optimizer, 'adam');
  assert.equal(start.config.method, 'simclr');
  assert.equal(start.config.temperature, 0.5);
  const steps = events.flatMap((e) => (e.kind === 'trainStep' ? [e] : []));
  assert.deepEqual(
    steps.map((e) => [e.step, e.totalSteps, e.method]),
    [
      [1, 3, 'simclr'],
      [2, 3, 'simclr'],
      [3, 3, 'simclr'],
    ],
  );
  for (const e of steps) {
    // Each step's metrics: the loop's three and the method's scalars (SimCLR: the representation std).
    assert.ok(e.metrics.representationStd > 0 && e.metrics.representationStd < 1.5, JSON.stringify(e.metrics));
    assert.ok(Number.isFinite(e.metrics.representationStdRatio), JSON.stringify(e.metrics));
    for (const name of ['loss', 'learningRate', 'imagesPerSec'])
      assert.ok(Number.isFinite(e.metrics[name]), `${name} in ${JSON.stringify(e.metrics)}`);
  }
  assert.deepEqual(events[4], { kind: 'trainEnd', runId: 'r1', status: 'done', step: 3 });
  model.dispose();
});

test('an abort stops at the next step boundary and keeps the trained weights', async () => {
  // Aborted from a callback: stops right after that step.
  const model = tiny();
  const initial = weightsOf(model);
  const controller = new AbortController();
  const result = await pretrain(model, data, {
    ...fast,
    steps: 50,
    signal: controller.signal,
    onStep: (s) => {
      if (s.step === 2) controller.abort();
    },
  });
  assert.equal(result.status, 'interrupted');
  assert.equal(result.steps, 2);
  assert.notDeepEqual(weightsOf(model), initial);
  // Aborted by a timer while training, through the run context's default signal: at most one more step.
  const fromContext = new AbortController();
  const events: TrainingEvent[] = [];
  setRunContext({ signal: fromContext.signal, emit: (e) => events.push(e) });
  let abortedAt = -1;
  const second = await pretrain(model, data, {
    ...fast,
    steps: 50,
    onStep: (s) => {
      if (s.step === 3)
        setTimeout(() => {
          abortedAt = s.step;
          fromContext.abort();
        }, 0);
    },
  });
  setRunContext({});
  assert.equal(second.status, 'interrupted');
  assert.ok(abortedAt === 3 && second.steps >= 3 && second.steps <= 4, `stopped after ${second.steps} steps`);
  assert.deepEqual(events.at(-1), { kind: 'trainEnd', runId: second.runId, status: 'interrupted', step: second.steps });
  // Already aborted: no step at all.
  const third = await pretrain(model, data, { ...fast, steps: 5, signal: AbortSignal.abort() });
  assert.equal(third.steps, 0);
  model.dispose();
});

test('an interrupted run resumed from its checkpoint ends exactly where an uninterrupted run does', async () => {
  for (const optimizer of ['adam', 'sgd', 'lars'] as const) {
    const path = join(dir, `resume-${optimizer}.ckpt`);
    const controller = new AbortController();
    const options: PretrainOptions = { ...fast, steps: 6, warmupSteps: 2, optimizer };
    const first = tiny(7);
    const interrupted = await pretrain(first, data, {
      ...options,
      signal: controller.signal,
      checkpoint: { path, everySteps: 100 },
      onStep: (s) => {
        if (s.step === 3) controller.abort();
      },
    });
    assert.equal(interrupted.status, 'interrupted');
    const saved = await loadCheckpoint(path); // saved on stopping
    assert.equal(saved.step, 3);
    assert.deepEqual(weightsOf(saved.model), weightsOf(first));
    saved.model.dispose();

    const resumed = tiny(7);
    const rest = await pretrain(resumed, data, { ...options, resumeFrom: path, checkpoint: { path: `${path}.final` } });
    const straight = tiny(7);
    const whole = await pretrain(straight, data, options);
    assert.equal(rest.status, 'done');
    assert.equal(rest.steps, 6);
    assert.deepEqual(
      rest.history.map((h) => h.loss),
      whole.history.map((h) => h.loss),
      optimizer,
    );
    assert.deepEqual(weightsOf(resumed), weightsOf(straight), optimizer);
    const final = await loadCheckpoint(`${path}.final`);
    assert.equal(final.step, 6);
    assert.deepEqual(weightsOf(final.model), weightsOf(resumed));
    final.model.dispose();
    // A mismatched model or optimiser is refused, naming the file.
    const other = createSimclrModel({ encoder: { kind: 'cnn', widths: [8, 24] }, headWidths: [16, 8] });
    await assert.rejects(
      pretrain(other, data, { ...options, resumeFrom: path }),
      new RegExp(`${path}: checkpoint was saved from a different model`),
    );
    const otherOptimizer = optimizer === 'adam' ? 'sgd' : 'adam';
    const another = tiny(7);
    await assert.rejects(
      pretrain(another, data, { ...options, optimizer: otherOptimizer, resumeFrom: path }),
      new RegExp(`checkpoint used optimizer ${optimizer}`),
    );
    [first, resumed, straight, other, another].forEach((m) => m.dispose());
  }
});

test('default learning rates follow SimCLR scaling and reach the run config', async () => {
  const cases: [PretrainOptions['optimizer'] & string, number, number][] = [
    ['adam', 64, 1e-3],
    ['sgd', 256, 0.3],
    ['sgd', 64, 0.075],
    ['lars', 64, 0.6],
    ['lars', 16, 0.3],
  ];
  for (const [optimizer, batchSize, expected] of cases)
    assert.ok(Math.abs(defaultLearningRate(optimizer, batchSize) - expected) < 1e-12, `${optimizer} b${batchSize}`);
  const events: TrainingEvent[] = [];
  setRunContext({ emit: (e) => events.push(e) });
  const model = tiny();
  const result = await pretrain(model, data, {
    ...fast,
    optimizer: 'lars',
    steps: 2,
    warmupSteps: 0,
    decay: 'constant',
  });
  setRunContext({});
  assert.equal((events[0] as Extract<TrainingEvent, { kind: 'trainStart' }>).config.learningRate, 0.3);
  assert.deepEqual(
    result.history.map((h) => h.learningRate),
    [0.3, 0.3],
  );
  model.dispose();
});

test('a failing step or a non-finite loss ends the run with an error event and no leaked tensors', async () => {
  const model = tiny();
  const before = tf.memory().numTensors;
  const events: TrainingEvent[] = [];
  setRunContext({ emit: (e) => events.push(e) });
  let calls = 0;
  const failing = (images: tf.Tensor4D) => {
    if (++calls > 4) throw new Error('augmentation broke');
    return tf.clone(images);
  };
  await assert.rejects(
    pretrain(model, data, { ...fast, steps: 5, augment: failing, runId: 'bad' }),
    /augmentation broke/,
  );
  assert.deepEqual(
    events.map((e) => e.kind),
    ['trainStart', 'trainStep', 'trainStep', 'trainEnd'],
  );
  assert.deepEqual(events.at(-1), {
    kind: 'trainEnd',
    runId: 'bad',
    status: 'error',
    step: 2,
    message: 'augmentation broke',
  });
  const nan = (images: tf.Tensor4D) => tf.fill(images.shape, Number.NaN) as tf.Tensor4D;
  const kept = weightsOf(model);
  await assert.rejects(
    pretrain(model, data, { ...fast, steps: 5, augment: nan }),
    /the loss became NaN at step 1; the weights are kept/,
  );
  assert.deepEqual(weightsOf(model), kept);
  setRunContext({});
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('a time budget plans warm-up and cosine decay over the clock and ends when the time is up', async () => {
  const model = tiny();
  const events: TrainingEvent[] = [];
  setRunContext({
    emit: (event) => {
      events.push(event);
    },
  });
  const budgetSeconds = 1.5;
  const started = performance.now();
  // Each step waits 100 ms more, so the budget holds several steps on any machine.
  const result = await pretrain(model, data, {
    ...fast,
    learningRate: 1e-3,
    budget: { minutes: budgetSeconds / 60, warmup: 0.3 },
    onStep: () => new Promise((resolve) => setTimeout(resolve, 100)),
  });
  const elapsed = (performance.now() - started) / 1000;
  setRunContext({});
  assert.equal(result.status, 'done');
  assert.ok(elapsed >= budgetSeconds, `ended after ${elapsed} s, before the ${budgetSeconds} s budget`);
  assert.equal(result.totalSteps, result.steps);
  const lrs = result.history.map((h) => h.learningRate);
  assert.ok(lrs.length >= 3, `${lrs.length} steps`);
  assert.ok(lrs[0] < 0.1e-3, `the first step is at the start of warm-up (${lrs[0]})`);
  assert.ok(lrs.every((lr) => lr > 0 && lr <= 1e-3));
  const peak = lrs.indexOf(Math.max(...lrs));
  for (let i = 1; i <= peak; i++) assert.ok(lrs[i] >= lrs[i - 1], `warm-up rises: ${lrs}`);
  for (let i = peak + 1; i < lrs.length; i++) assert.ok(lrs[i] <= lrs[i - 1], `then decays: ${lrs}`);
  assert.ok(lrs.at(-1)! < 0.5e-3, `the last step is late in the cosine (${lrs.at(-1)})`);
  const start = events.find((e) => e.kind === 'trainStart');
  assert.ok(
    start && start.kind === 'trainStart' && start.totalSteps === 0 && start.config.budgetMinutes === budgetSeconds / 60,
  );
  for (const e of events)
    if (e.kind === 'trainStep') assert.ok(e.totalSteps >= e.step, 'each step carries an estimate of the total');
  // Steps, when given, cap a budgeted run.
  const capped = await pretrain(model, data, { ...fast, steps: 2, budget: { minutes: 60 } });
  assert.equal(capped.steps, 2);
  await assert.rejects(
    pretrain(model, data, { ...fast, budget: { minutes: 0 } }),
    /budget.minutes must be a positive number/,
  );
  await assert.rejects(
    pretrain(model, data, { ...fast, budget: { minutes: 1, warmup: 1 } }),
    /budget.warmup must be a fraction/,
  );
  model.dispose();
});

test('epochOrder is a seeded permutation', () => {
  const a = epochOrder(1, 0, 50),
    b = epochOrder(1, 0, 50),
    c = epochOrder(1, 1, 50);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(
    [...a].sort((x, y) => x - y),
    Array.from({ length: 50 }, (_, i) => i),
  );
});

test('bad options give errors naming the option', async () => {
  const model = tiny();
  const cases: [PretrainOptions, RegExp][] = [
    [{ batchSize: 1000 }, /fewer than batchSize 1000/],
    [{ batchSize: 0 }, /batchSize must be a positive integer/],
    [{ steps: 2.5 }, /steps must be a positive integer/],
    [{ optimizer: 'rmsprop' as 'adam' }, /optimizer must be/],
    [{ temperature: 0 }, /temperature must be positive/],
    [{ learningRate: -1 }, /baseLearningRate must be positive/],
    [{ checkpoint: { path: join(dir, 'x.ckpt'), everySteps: 0 } }, /checkpoint.everySteps must be a positive integer/],
    [{ microBatch: 2.5 }, /microBatch must be a positive integer/],
    [
      { method: 'simclr-v9' as 'simclr' },
      /method must be one of 'rotation', .*'simclr'.* or a Method object, got "simclr-v9"/,
    ],
    [{ method: { name: 'simclr', temperature: -1 } }, /simclr: temperature must be a positive number, got -1/],
    [
      { augment: { crop: { p: 1, scale: [0.2, 1], ratio: [0.75, 1.33], size: 32 } } as never },
      /views are 32x32 but the model expects 28x28/,
    ],
  ];
  for (const [options, message] of cases)
    await assert.rejects(pretrain(model, data, { ...fast, ...options }), message, JSON.stringify(options));
  const rgb = createSimclrModel({ encoder: 'cnn', inputShape: [28, 28, 3] });
  await assert.rejects(pretrain(rgb, data, fast), /has 1 channels but the model expects 3/);
  [model, rgb].forEach((m) => m.dispose());
});
