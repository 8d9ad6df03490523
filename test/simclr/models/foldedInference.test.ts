/**
 * The folded inference path (conv -> batch norm -> ReLU run as one fused conv) against the model's
 * own `predict` (separate BatchNorm and ReLU kernels) and against cpu's stock kernels: seeded
 * models with random batch-norm statistics, on cpu and wasm; the cache follows weight changes;
 * the tensor count returns to where it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../../src/simclr/tf';
import { createSimclrModel, type SimclrModel, type SimclrModelOptions } from '../../../src/simclr/models/simclrModel';
import { FoldedInference } from '../../../src/simclr/models/foldedInference';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { pretrain } from '../../../src/simclr/train/pretrain';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { relMaxError } from '../backend/helpers';

const TOLERANCE = 1e-4;

/**
 * Gives every bias, gamma, beta and moving statistic seeded random values (they start at 0 or 1,
 * which would make folding an identity and hide mistakes in it). Variances stay positive.
 */
function randomiseAffine(model: tf.LayersModel, seed: number): void {
  model.layers.forEach((layer, l) => {
    const values = layer.getWeights().map((w, i) => {
      const name = layer.weights[i].originalName;
      if (name.endsWith('/kernel')) return w.clone();
      const [lo, hi] = name.endsWith('/moving_variance') ? [0.2, 3] : name.endsWith('/gamma') ? [0.3, 2] : [-0.8, 0.8];
      return tf.randomUniform(w.shape, lo, hi, 'float32', seed * 1000 + l * 10 + i);
    });
    layer.setWeights(values);
    tf.dispose(values);
  });
}

async function use(backend: string): Promise<void> {
  await tf.setBackend(backend);
  await tf.ready();
}

/** Runs `fn` and returns the values of the tensors it returns, disposing them. */
function values(fn: () => tf.Tensor | tf.Tensor[]): Float32Array[] {
  const out = [fn()].flat();
  const data = out.map((t) => t.dataSync() as Float32Array);
  tf.dispose(out);
  return data;
}

const encoders: { name: string; options: SimclrModelOptions; folded: number }[] = [
  // stem + 2 chains in the 32->32 block (no shortcut conv) + 3 each in the 64 and 128 blocks
  { name: 'default resnet', options: {}, folded: 9 },
  { name: 'default cnn', options: { encoder: 'cnn' }, folded: 3 },
  // without BN only conv(+bias) -> ReLU fuses: the stem and each block's first conv
  { name: 'resnet without batch norm', options: { batchNorm: false }, folded: 4 },
  { name: 'cnn without batch norm', options: { encoder: 'cnn', batchNorm: false }, folded: 3 },
  {
    name: 'resnet 2 blocks per stage, rgb',
    options: {
      encoder: { kind: 'resnet', stemWidth: 16, widths: [16, 24], blocksPerStage: 2 },
      inputShape: [20, 20, 3],
    },
    folded: 1 + 4 + 5,
  },
];

for (const backend of ['cpu', 'wasm']) {
  for (const { name, options, folded } of encoders) {
    test(`${backend}: embed equals encoder.predict for the ${name}`, async () => {
      await use('cpu');
      const model = createSimclrModel({ ...options, seed: 5 });
      randomiseAffine(model.encoder, 5);
      const images = tf.randomUniform([7, ...model.inputShape], 0, 1, 'float32', 11) as tf.Tensor4D;
      const [stock] = values(() => model.encoder.predict(images, { batchSize: 256 }) as tf.Tensor);
      await use(backend);
      const before = tf.memory().numTensors;
      assert.equal(new FoldedInference(model.encoder).foldedChains, folded);
      const [reference] = values(() => model.encoder.predict(images, { batchSize: 256 }) as tf.Tensor);
      const [whole] = values(() => model.embed(images));
      // 3 + 3 + 1 rows: the batching path and its concatenation
      const [batched] = values(() => model.embed(images, 3));
      for (const [what, got] of [
        ['embed', whole],
        ['embed by 3', batched],
      ] as const) {
        assert.ok(
          relMaxError(reference, got) <= TOLERANCE,
          `${what} vs predict on ${backend}: ${relMaxError(reference, got)}`,
        );
        assert.ok(
          relMaxError(stock, got) <= TOLERANCE,
          `${what} on ${backend} vs cpu's stock predict: ${relMaxError(stock, got)}`,
        );
      }
      const cached = tf.memory().numTensors;
      values(() => model.embed(images));
      assert.equal(tf.memory().numTensors, cached, 'a second embed allocates nothing that stays');
      model.dispose();
      images.dispose();
      assert.ok(tf.memory().numTensors < before, 'dispose frees the model and the folded weights');
    });
  }
}

test('no tensor leaks: embed (also inside a tidy), weight changes, dispose', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await use(backend);
    const before = tf.memory().numTensors;
    const model = createSimclrModel({ encoder: 'cnn', seed: 2 });
    const images = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    // The first embed folds inside the caller's tidy: the cache must survive it.
    tf.tidy(() => {
      model.embed(images);
      model.project(images);
    });
    const counts = [tf.memory().numTensors];
    for (let i = 0; i < 3; i++) {
      values(() => model.embed(images, 3));
      counts.push(tf.memory().numTensors);
    }
    model.setWeights(model.namedWeights().map((w) => w.tensor));
    values(() => model.embed(images));
    counts.push(tf.memory().numTensors);
    assert.ok(
      counts.every((c) => c === counts[0]),
      `${backend}: tensor counts ${counts}`,
    );
    model.dispose();
    images.dispose();
    assert.equal(tf.memory().numTensors, before, `${backend}: tensors left after dispose`);
  }
});

/** Embeddings from embed and from predict, after whatever changed the weights. */
function both(model: SimclrModel, images: tf.Tensor4D): { folded: Float32Array; reference: Float32Array } {
  const [folded] = values(() => model.embed(images));
  const [reference] = values(() => model.encoder.predict(images) as tf.Tensor);
  return { folded, reference };
}

test('the folded weights follow Variable.assign and setWeights', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await use(backend);
    const model = createSimclrModel({ seed: 4 });
    randomiseAffine(model.encoder, 4);
    const images = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 8) as tf.Tensor4D;
    const first = both(model, images);
    const bn = model.encoder.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    const variance = bn.weights.find((w) => w.originalName.endsWith('/moving_variance'))!.read() as tf.Variable;
    const mean = bn.weights.find((w) => w.originalName.endsWith('/moving_mean'))!.read() as tf.Variable;
    tf.tidy(() => {
      variance.assign(tf.mul(variance, 4));
      mean.assign(tf.add(mean, 0.5));
    });
    const afterAssign = both(model, images);
    assert.ok(
      relMaxError(first.reference, afterAssign.reference) > 1e-2,
      `${backend}: the assign changed predict's output`,
    );
    assert.ok(
      relMaxError(afterAssign.reference, afterAssign.folded) <= TOLERANCE,
      `${backend}: embed after assign: ${relMaxError(afterAssign.reference, afterAssign.folded)}`,
    );
    // Back to the first weights through setWeights (a new dataId again).
    const other = createSimclrModel({ seed: 4 });
    randomiseAffine(other.encoder, 4);
    model.setWeights(other.namedWeights().map((w) => w.tensor));
    other.dispose();
    const restored = both(model, images);
    assert.ok(
      relMaxError(first.folded, restored.folded) <= TOLERANCE,
      `${backend}: embed after setWeights: ${relMaxError(first.folded, restored.folded)}`,
    );
    model.dispose();
    images.dispose();
  }
});

test('any LayersModel: shared layers, unfoldable chains, multiple outputs and unknown layers match predict', async () => {
  for (const backend of ['cpu', 'wasm']) {
    await use(backend);
    const input = tf.input({ shape: [12, 12, 3] });
    const conv = (filters: number, useBias = false) =>
      tf.layers.conv2d({
        filters,
        kernelSize: 3,
        padding: 'same',
        useBias,
        kernelInitializer: tf.initializers.glorotNormal({ seed: filters }),
      });
    const bn = () => tf.layers.batchNormalization({ epsilon: 1e-3 });
    const call = <T>(
      layer: { apply: (x: tf.SymbolicTensor | tf.SymbolicTensor[]) => unknown },
      x: tf.SymbolicTensor | tf.SymbolicTensor[],
    ) => layer.apply(x) as T & tf.SymbolicTensor;
    // 1: conv with bias -> BN -> Activation('relu'), folded
    const a = call(tf.layers.activation({ activation: 'relu' }), call(bn(), call(conv(8, true), input)));
    // conv whose output two layers read: not folded
    const c2 = call(conv(8, true), a);
    const b2 = call(bn(), c2);
    const side = call(tf.layers.maxPooling2d({ poolSize: 2 }), c2);
    // 2: BN -> capped ReLU: BN folds, the capped ReLU runs as a layer
    const capped = call(tf.layers.reLU({ maxValue: 0.5 }), call(bn(), call(conv(8), b2)));
    // a shared conv -> BN -> ReLU unit called twice (3 and 4: each call is its own chain)
    const shared = [conv(8), bn(), tf.layers.reLU()];
    const through = (x: tf.SymbolicTensor) => shared.reduce((y, l) => call(l, y), x);
    const u = through(capped),
      v = through(call(tf.layers.dropout({ rate: 0.5 }), capped));
    const pooled = call(tf.layers.globalAveragePooling2d({}), call(tf.layers.concatenate(), [u, v]));
    const flat = call(
      tf.layers.dense({ units: 5, kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }) }),
      call(tf.layers.flatten(), side),
    );
    const model = tf.model({ inputs: input, outputs: [pooled, flat, b2] });
    randomiseAffine(model, 9);
    const x = tf.randomUniform([5, 12, 12, 3], 0, 1, 'float32', 2);
    const inference = new FoldedInference(model);
    assert.equal(inference.foldedChains, 4);
    const reference = values(() => model.predict(x, { batchSize: 2 }) as tf.Tensor[]);
    const before = tf.memory().numTensors;
    const folded = values(() => inference.predict(x, 2));
    const cached = tf.memory().numTensors;
    values(() => inference.predict(x, 2));
    assert.equal(tf.memory().numTensors, cached, `${backend}: a second run leaves nothing behind`);
    folded.forEach((f, k) =>
      assert.ok(relMaxError(reference[k], f) <= TOLERANCE, `${backend} output ${k}: ${relMaxError(reference[k], f)}`),
    );
    inference.dispose();
    assert.equal(tf.memory().numTensors, before, `${backend}: dispose frees the folded weights`);
    model.dispose();
    x.dispose();
  }
});

test('embed after pretrain steps reflects the trained weights and statistics', async () => {
  const data = loadFashionMnist({ split: 'train', limit: 64 });
  // wasm trains through initBackend (the library's gradient kernels); cpu trains a smaller model (slow kernels).
  const runs: { backend: string; options: SimclrModelOptions }[] = [
    { backend: 'cpu', options: { encoder: { kind: 'cnn', widths: [8, 16], strides: [2, 2] } } },
    { backend: 'wasm', options: { encoder: { kind: 'resnet', stemWidth: 8, widths: [8, 16] } } },
  ];
  for (const { backend, options } of runs) {
    if (backend === 'wasm') await initBackend({ backend: 'wasm' });
    else await use(backend);
    assert.equal(tf.getBackend(), backend);
    const model = createSimclrModel({ ...options, headWidths: [16, 8], seed: 6 });
    const images = tf.tidy(() =>
      tf.div(tf.tensor4d(data.pixels.subarray(0, 6 * 784), [6, 28, 28, 1], 'int32'), 255),
    ) as tf.Tensor4D;
    const before = both(model, images);
    await pretrain(model, data, { batchSize: 16, steps: 3, seed: 1, learningRate: 0.05 });
    const after = both(model, images);
    assert.ok(relMaxError(before.folded, after.folded) > 1e-2, `${backend}: training changed the embeddings`);
    assert.ok(
      relMaxError(after.reference, after.folded) <= TOLERANCE,
      `${backend}: embed after training vs predict: ${relMaxError(after.reference, after.folded)}`,
    );
    const stats = model.statisticsVariables();
    assert.ok(
      stats.some((v) => v.dataSync().some((x) => x !== 0 && x !== 1)),
      'training moved the batch-norm statistics',
    );
    model.dispose();
    images.dispose();
  }
});

/** A layer the executor does not know: returns a copy of its input and records the live tensor count. */
class CountingIdentity extends tf.layers.Layer {
  static className = 'CountingIdentity';
  readonly counts: number[] = [];
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    this.counts.push(tf.memory().numTensors);
    return tf.clone(Array.isArray(inputs) ? inputs[0] : inputs);
  }
}

test('an unknown layer runs through apply; intermediates are freed as the pass goes, as predict frees them', async () => {
  await use('cpu');
  const probe = new CountingIdentity({});
  const input = tf.input({ shape: [10, 10, 2] });
  let y: tf.SymbolicTensor = input;
  for (let i = 0; i < 4; i++) {
    for (const layer of [
      tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false }),
      tf.layers.batchNormalization(),
      tf.layers.reLU(),
    ]) {
      y = layer.apply(y) as tf.SymbolicTensor;
    }
  }
  const output = tf.layers.globalAveragePooling2d({}).apply(probe.apply(y)) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  randomiseAffine(model, 1);
  const x = tf.randomUniform([3, 10, 10, 2], 0, 1, 'float32', 4);
  const inference = new FoldedInference(model);
  values(() => inference.predict(x)); // folds and caches
  const start = tf.memory().numTensors;
  const [reference] = values(() => model.predict(x) as tf.Tensor);
  const [folded] = values(() => inference.predict(x));
  const [predictLive, foldedLive] = probe.counts.slice(-2).map((c) => c - start);
  assert.ok(relMaxError(reference, folded) <= TOLERANCE, `vs predict: ${relMaxError(reference, folded)}`);
  assert.equal(inference.foldedChains, 4);
  assert.ok(foldedLive <= predictLive, `live tensors at the probe: folded ${foldedLive}, predict ${predictLive}`);
  inference.dispose();
  model.dispose();
  x.dispose();
});
