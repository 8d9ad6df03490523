/**
 * Every method on the one loop: tensor count flat over steps and restored after the run, an abort
 * stops at a step boundary, and a run interrupted, checkpointed and resumed ends bit-identical to an
 * uninterrupted one (weights, losses and the method's own state: target network, queue, bank,
 * predictor, classifier), with the optimiser state of the method's extra networks.
 */
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
import { pretrain } from '../../../src/simclr/train/pretrain';
import type { PretrainOptions } from '../../../src/simclr/train/pretrainOptions';
import { disposeCheckpointContents, readCheckpoint } from '../../../src/simclr/train/checkpoint';
import { METHOD_NAMES, createMethod } from '../../../src/simclr/methods/createMethod';
import { imageBatch } from '../../../src/simclr/data/dataset';
import { Random } from '../../../src/simclr/random';
import { simclrAugment } from '../../../src/simclr/augment/simclrAugment';
import { defaultAugmentConfig } from '../../../src/simclr/augment/augmentConfig';

const dir = mkdtempSync(join(tmpdir(), 'look-twice-methods-'));
const data = loadFashionMnist({ split: 'train', limit: 64 });
const tiny = (seed = 1) =>
  createSimclrModel({ encoder: { kind: 'cnn', widths: [8, 16], strides: [2, 2] }, headWidths: [16, 8], seed });
/** Small queue and bank sizes so the queue wraps within the test. */
const methodOf = (name: (typeof METHOD_NAMES)[number]): PretrainOptions['method'] =>
  name === 'moco-v2' ? { name, queueSize: 40 } : name === 'instdisc' ? { name, negatives: 32 } : name;
const fast: PretrainOptions = { batchSize: 16, seed: 3 };

test.before(async () => {
  await initBackend();
});
test.after(() => {
  rmSync(dir, { recursive: true, force: true });
  setRunContext({});
});

const weightsOf = (model: SimclrModel) => model.namedWeights().map((w) => Array.from(w.tensor.dataSync()));

async function methodStateOf(path: string): Promise<number[][]> {
  const contents = await readCheckpoint(path);
  const values = contents.methodState.map((w) => Array.from(w.tensor.dataSync()));
  disposeCheckpointContents(contents);
  return values;
}

test('every method: tensor count flat over steps, restored after the run; events name the method and carry its scalars', async () => {
  for (const name of METHOD_NAMES) {
    const model = tiny();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const events: TrainingEvent[] = [];
    setRunContext({ emit: (e) => events.push(e) });
    const result = await pretrain(model, data, {
      ...fast,
      steps: 5,
      method: methodOf(name),
      onStep: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    setRunContext({});
    assert.equal(result.status, 'done', name);
    assert.ok(
      result.history.every((h) => Number.isFinite(h.loss)),
      `${name}: losses ${result.history.map((h) => h.loss)}`,
    );
    assert.equal(new Set(counts).size, 1, `${name}: tensor counts per step ${counts}`);
    assert.equal(tf.memory().numTensors, before, `${name}: tensors left after pretrain`);
    const start = events[0] as Extract<TrainingEvent, { kind: 'trainStart' }>;
    assert.equal(start.config.method, name);
    const metricNames = new Set(events.flatMap((e) => (e.kind === 'trainStep' ? Object.keys(e.metrics) : [])));
    const expected: Partial<Record<string, string[]>> = {
      'moco-v2': ['queueFill', 'targetMomentum'],
      byol: ['targetMomentum'],
      rotation: ['rotationAccuracy'],
      instdisc: ['bankAge', 'bankCosine'],
    };
    for (const metric of expected[name] ?? [])
      assert.ok(metricNames.has(metric), `${name}: no ${metric} metric event (${[...metricNames]})`);
    model.dispose();
  }
});

test('every method: an abort stops at the step boundary, and the resumed run is bit-identical to an uninterrupted one', async () => {
  for (const name of METHOD_NAMES) {
    const path = join(dir, `${name}.ckpt`);
    const options: PretrainOptions = { ...fast, steps: 5, warmupSteps: 1, method: methodOf(name) };
    const controller = new AbortController();
    const first = tiny(7);
    const interrupted = await pretrain(first, data, {
      ...options,
      signal: controller.signal,
      checkpoint: { path },
      onStep: (s) => {
        if (s.step === 2) controller.abort();
      },
    });
    assert.equal(interrupted.status, 'interrupted', name);
    assert.equal(interrupted.steps, 2, `${name}: stopped after ${interrupted.steps} steps`);

    const resumed = tiny(7);
    const rest = await pretrain(resumed, data, {
      ...options,
      resumeFrom: path,
      checkpoint: { path: `${path}.resumed` },
    });
    const straight = tiny(7);
    const whole = await pretrain(straight, data, { ...options, checkpoint: { path: `${path}.straight` } });
    assert.equal(rest.steps, 5, name);
    assert.deepEqual(
      rest.history.map((h) => h.loss),
      whole.history.map((h) => h.loss),
      `${name}: losses`,
    );
    assert.deepEqual(
      rest.history.map((h) => h.metrics),
      whole.history.map((h) => h.metrics),
      `${name}: metrics`,
    );
    assert.deepEqual(weightsOf(resumed), weightsOf(straight), `${name}: weights`);
    const [a, b] = [await methodStateOf(`${path}.resumed`), await methodStateOf(`${path}.straight`)];
    assert.deepEqual(a, b, `${name}: method state`);
    // The interrupted run saved the method's state at step 2: it differs from the final one where the method has state.
    const early = await methodStateOf(path);
    if (early.length > 0) assert.notDeepEqual(early, b, `${name}: the method state did not change after step 2`);
    [first, resumed, straight].forEach((m) => m.dispose());
  }
});

test("InstDisc reports its bank's staleness: entries an epoch old (n / batch - 1 steps) once every image was written", async () => {
  const model = tiny(5);
  const steps = 12; // 64 images in batches of 16: 4 steps an epoch
  const { history } = await pretrain(model, data, { ...fast, steps, method: methodOf('instdisc') });
  const age = history.map((h) => h.metrics?.bankAge);
  const cosine = history.map((h) => h.metrics?.bankCosine as number);
  // Epoch 0 reads entries nobody has written since the random start, step 0: their age is the step.
  assert.deepEqual(age.slice(0, 4), [0, 1, 2, 3]);
  // Each later epoch reads every entry once, written once in the epoch before: the mean age is 64 / 16 - 1.
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  for (const epoch of [1, 2]) assert.equal(mean(age.slice(4 * epoch, 4 * epoch + 4) as number[]), 3, `ages ${age}`);
  // Random entries are unrelated to the features; written ones point near them (momentum 0.5 keeps half of the old).
  assert.ok(
    cosine.every((c) => c >= -1 && c <= 1),
    `cosines ${cosine}`,
  );
  assert.ok(mean(cosine.slice(4)) > mean(cosine.slice(0, 4)) + 0.2, `cosines ${cosine}`);
  model.dispose();
});

test('every method: one step gives a finite loss and finite, non-zero gradients for the encoder and its own networks', () => {
  const config = defaultAugmentConfig(28, 1);
  for (const name of METHOD_NAMES) {
    const model = tiny(4);
    const before = tf.memory().numTensors;
    const trainer = createMethod(methodOf(name)).attach(model, {
      augment: (x, rng) => simclrAugment(x, config, rng),
      batchSize: 16,
      microBatch: 16,
      totalSteps: 10,
      seed: 1,
      datasetSize: 64,
    });
    const indices = Int32Array.from({ length: 16 }, (_, i) => i);
    const images = imageBatch(data, indices);
    const step = trainer.gradients({ images, indices, step: 0, rng: new Random(5) });
    assert.ok(Number.isFinite(step.loss.dataSync()[0]), `${name}: loss`);
    const grads = Object.entries(step.grads);
    const encoderNames = new Set(model.encoder.trainableWeights.map((w) => (w.read() as tf.Variable).name));
    assert.ok(
      grads.filter(([n]) => encoderNames.has(n)).length === encoderNames.size,
      `${name}: the encoder gets a gradient for every weight`,
    );
    for (const [n, g] of grads)
      assert.ok(g.dataSync().every(Number.isFinite), `${name}: gradient of ${n} is not finite`);
    assert.ok(
      grads.some(([, g]) => g.dataSync().some((v) => v !== 0)),
      `${name}: all gradients are zero`,
    );
    tf.dispose([
      images,
      step.loss,
      ...Object.values(step.grads),
      ...(step.representation ? [step.representation] : []),
      ...(step.pending ?? []),
      ...Object.values(step.scalars ?? {}).filter((v): v is tf.Scalar => typeof v !== 'number'),
    ]);
    trainer.dispose();
    assert.equal(tf.memory().numTensors, before, `${name}: attach/gradients/dispose leaked`);
    model.dispose();
  }
});

test('a checkpoint of one method does not resume another, and a damaged method state is refused', async () => {
  const path = join(dir, 'byol.ckpt');
  const model = tiny(2);
  await pretrain(model, data, { ...fast, steps: 1, method: 'byol', checkpoint: { path } });
  await assert.rejects(
    pretrain(tiny(2), data, { ...fast, steps: 2, method: 'moco-v2', resumeFrom: path }),
    /trained with method byol, this run asks for moco-v2/,
  );
  // Same method, but the queue the checkpoint holds has another size.
  const mocoPath = join(dir, 'moco.ckpt');
  await pretrain(tiny(2), data, {
    ...fast,
    steps: 1,
    method: { name: 'moco-v2', queueSize: 32 },
    checkpoint: { path: mocoPath },
  });
  await assert.rejects(
    pretrain(tiny(2), data, { ...fast, steps: 2, method: { name: 'moco-v2', queueSize: 48 }, resumeFrom: mocoPath }),
    /moco-v2: checkpoint queue must be \[48,8\], got \[32,8\]/,
  );
  model.dispose();
});

test('method options are checked, naming the method and the option', () => {
  const cases: [Parameters<typeof createMethod>[0], RegExp][] = [
    [{ name: 'moco-v2', queueSize: 0 }, /moco-v2: queueSize must be a positive integer, got 0/],
    [{ name: 'moco-v2', momentum: 1.5 }, /moco-v2: momentum must be in \[0, 1\], got 1.5/],
    [{ name: 'byol', momentum: -0.1 }, /byol: momentum must be in \[0, 1\]/],
    [{ name: 'instdisc', temperature: 0 }, /instdisc: temperature must be a positive number/],
    [{ name: 'barlow-twins', lambda: Number.NaN }, /barlow-twins: lambda must be a finite number >= 0/],
    [{ name: 'simsiam', stopGradient: 'no' as unknown as boolean }, /simsiam: stopGradient must be true or false/],
    [
      { name: 'swav' } as never,
      /method must be one of 'rotation', 'instdisc', 'cpc', 'simclr', 'moco-v2', 'simsiam', 'byol', 'barlow-twins' or a Method object, got "swav"/,
    ],
  ];
  for (const [spec, message] of cases) assert.throws(() => createMethod(spec), message, JSON.stringify(spec));
  // pretrain's temperature reaches methods that have one, and only those; the method's own option wins.
  assert.equal(createMethod('moco-v2', { temperature: 0.1 }).config.temperature, 0.1);
  assert.equal(createMethod({ name: 'moco-v2', temperature: 0.3 }, { temperature: 0.1 }).config.temperature, 0.3);
  assert.equal(createMethod('byol', { temperature: 0.1 }).config.temperature, undefined);
});
