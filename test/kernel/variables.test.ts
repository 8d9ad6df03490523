// The Variables view's kernel side: summaries of top-level values (read from the objects, never their data),
// the tensors a cell leaves alive, tensor images, and the 'variables' report a real kernel sends after each cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/simclr/tf';
import { createSimclrModel } from '../../src/simclr/models/simclrModel';
import { summariseValue, isImageShape } from '../../src/kernel/variables/summariseValue';
import { TensorTracker } from '../../src/kernel/variables/tensorTracker';
import { tensorImage } from '../../src/kernel/variables/tensorImage';
import { summariseScope } from '../../src/kernel/variables/variablesReport';
import type { PanelEvent } from '../../src/protocol/panelMessages';
import { run, sourceKernel } from './kernelHarness';

test('summaries of plain values: table', () => {
  const rows: Array<[unknown, string, string, string | undefined]> = [
    [42, 'number', 'number', '42'],
    ['hi', 'string', 'string (2)', '"hi"'],
    [true, 'boolean', 'boolean', 'true'],
    [undefined, 'undefined', 'undefined', 'undefined'],
    [null, 'null', 'null', 'null'],
    [10n, 'bigint', 'bigint', '10n'],
    [[1, 2.123456, 3], 'array', 'number[] (3)', '[1, 2.123, 3]'],
    [new Float32Array([0.5, 1]), 'typedArray', 'Float32Array (2)', '[0.5, 1]'],
    [{ a: 1, b: 2 }, 'object', 'Object', '{ a, b }'],
    [new Map([[1, 2]]), 'object', 'Map (1)', undefined],
    [
      function area(w: number, h: number) {
        return w * h;
      },
      'function',
      'function area(2 args)',
      undefined,
    ],
    [class Box {}, 'class', 'class Box', undefined],
    [Promise.resolve(1), 'promise', 'Promise', undefined],
  ];
  for (const [value, kind, type, preview] of rows) {
    const summary = summariseValue('v', value);
    assert.deepEqual([summary.kind, summary.type, summary.preview], [kind, type, preview], `${String(value)}`);
  }
  assert.equal(summariseValue('long', 'x'.repeat(1000)).preview?.length, 80, 'previews are clipped');
});

test('a tensor: shape, dtype, bytes, backend, image-shaped; disposed ones say so', () => {
  const t = tf.zeros([2, 28, 28, 1]);
  const summary = summariseValue('images', t);
  assert.equal(summary.kind, 'tensor');
  assert.equal(summary.type, 'Tensor4D float32');
  assert.deepEqual(summary.tensor, {
    shape: [2, 28, 28, 1],
    dtype: 'float32',
    bytes: 2 * 28 * 28 * 4,
    backend: tf.getBackend(),
    disposed: false,
    image: true,
  });
  t.dispose();
  assert.equal(summariseValue('images', t).tensor?.disposed, true);
  const table: Array<[number[], boolean]> = [
    [[28, 28], true],
    [[28, 28, 3], true],
    [[28, 28, 2], false],
    [[10], false],
    [[1, 5, 5, 4], true],
    [[4, 8], true],
    [[1, 8], false],
  ];
  for (const [shape, image] of table) assert.equal(isImageShape(shape), image, `[${shape}]`);
});

test('a dataset (size and source) and a model (parameter count)', () => {
  const dataset = { name: 'tiny', source: 'test pixels', pixels: new Uint8Array(3 * 4 * 4), shape: [3, 4, 4, 1] };
  const summary = summariseValue('data', dataset);
  assert.deepEqual(
    [summary.kind, summary.dataset],
    ['dataset', { size: 3, source: 'test pixels', shape: [3, 4, 4, 1] }],
  );
  const model = createSimclrModel({ encoder: 'cnn', seed: 0 });
  const expected = model.encoder.countParams() + model.head.countParams();
  const modelSummary = summariseValue('model', model);
  assert.deepEqual(
    [modelSummary.kind, modelSummary.type, modelSummary.model],
    ['model', 'SimclrModel', { parameters: expected }],
  );
  assert.ok(expected > 1000);
  assert.equal(summariseValue('encoder', model.encoder).model?.parameters, model.encoder.countParams());
});

test('a scope lists names alphabetically, hides the kernel names, and survives a throwing getter', () => {
  const scope: Record<string, unknown> = { b: 1, a: 2, show: {} };
  Object.defineProperty(scope, 'bad', {
    enumerable: true,
    get: () => {
      throw new Error('no');
    },
  });
  const list = summariseScope(scope, new Set(['show']));
  assert.deepEqual(
    list.map((v) => v.name),
    ['a', 'b', 'bad'],
  );
  assert.equal(list[2].type, 'unreadable');
});

test('the tracker lists tensors created and left alive, not the disposed or tidied ones', () => {
  const before = tf.memory().numTensors;
  const tracker = new TensorTracker();
  const outside = tf.ones([2]);
  tracker.begin();
  const kept = tf.ones([3]);
  tf.ones([4]).dispose();
  const fromTidy = tf.tidy(() => tf.ones([5]).add(1));
  const alive = tracker.end();
  assert.deepEqual(alive.map((t) => t.shape[0]).sort(), [3, 5]);
  assert.ok(!alive.includes(outside));
  tf.dispose([outside, kept, fromTidy]);
  assert.equal(tf.memory().numTensors, before);
});

test('a tensor image: the first of a batch, scaled to 0-255, at most 128 px; refused for other shapes', () => {
  const before = tf.memory().numTensors;
  const batch = tf.tidy(() => tf.linspace(0, 1, 2 * 4 * 4).reshape([2, 4, 4, 1]));
  const { pixels, shape } = tensorImage(batch);
  assert.deepEqual(shape, [4, 4, 1]);
  assert.equal(pixels[0], 0);
  assert.equal(pixels[15], 255);
  const large = tf.zeros([300, 150, 3]);
  assert.deepEqual(tensorImage(large).shape, [128, 64, 3]);
  const vector = tf.zeros([7]);
  assert.throws(() => tensorImage(vector), /not an image/);
  tf.dispose([batch, large, vector]);
  assert.equal(tf.memory().numTensors, before);
});

test('a real kernel reports variables and the live tensors of each cell', async () => {
  const kernel = sourceKernel();
  const events: PanelEvent[] = [];
  kernel.on('panelEvent', (event) => events.push(event));
  try {
    await kernel.start();
    const first = await run(
      kernel,
      "import * as tf from '@tensorflow/tfjs'\nconst images = tf.zeros([2, 8, 8, 1])\ntf.ones([3])\nconst n = 5",
    );
    assert.equal(first.status, 'ok');
    const report = events.filter((e): e is Extract<PanelEvent, { kind: 'variables' }> => e.kind === 'variables').at(-1);
    assert.ok(report, 'a variables report');
    const images = report.variables.find((v) => v.name === 'images');
    assert.deepEqual(images?.tensor?.shape, [2, 8, 8, 1]);
    assert.equal(report.variables.find((v) => v.name === 'n')?.preview, '5');
    assert.ok(
      !report.variables.some((v) => v.name === 'show' || v.name === 'display'),
      'kernel names are not variables',
    );
    assert.equal(report.memory.after.numTensors - report.memory.before.numTensors, 2);
    assert.deepEqual(report.memory.live.map((t) => t.name ?? `unnamed [${t.shape}]`).sort(), ['images', 'unnamed [3]']);
    const weights = await run(kernel, 'const w = tf.variable(tf.zeros([2]))\nconst c = 1');
    assert.equal(weights.status, 'ok');
    const second = events.filter((e): e is Extract<PanelEvent, { kind: 'variables' }> => e.kind === 'variables').at(-1);
    // The variable is marked as one; the tf.zeros it was made from stays alive unnamed (a real leak: nobody disposes it).
    assert.deepEqual(second?.memory.live.map((t) => `${t.name ?? 'unnamed'}:${t.variable ?? false}`).sort(), [
      'unnamed:false',
      'w:true',
    ]);
    const image = await kernel.panelRequest({ kind: 'tensorImage', name: 'images' });
    assert.equal(image.kind, 'tensorImage');
    assert.deepEqual(image.kind === 'tensorImage' && image.shape, [8, 8, 1]);
    const refused = await kernel.panelRequest({ kind: 'tensorImage', name: 'n' });
    assert.deepEqual(refused, { kind: 'error', message: "'n' is not a tensor (any more)" });
  } finally {
    await kernel.shutdown();
  }
});
