import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import {
  createSimclrModel,
  resolveSimclrModelConfig,
  type SimclrModelOptions,
} from '../../../src/simclr/models/simclrModel';
import { createResnetEncoder } from '../../../src/simclr/models/resnetEncoder';
import { createCnnEncoder } from '../../../src/simclr/models/cnnEncoder';
import { createProjectionHead } from '../../../src/simclr/models/projectionHead';

function weightsOf(model: tf.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync() as Float32Array);
}

test('default SimCLR model matches the probe architecture (parameter counts, shapes)', () => {
  const before = tf.memory().numTensors;
  const model = createSimclrModel();
  // conv3x3-32+BN, blocks 32/64/128 with 1x1 projection shortcuts, GAP; head 128->128->64.
  assert.equal(model.encoder.countParams(), 308128);
  assert.equal(model.head.countParams(), 128 * 128 + 128 + 128 * 64 + 64);
  assert.deepEqual(model.inputShape, [28, 28, 1]);
  assert.equal(model.representationDim, 128);
  assert.equal(model.projectionDim, 64);
  tf.tidy(() => {
    const x = tf.randomUniform([3, 28, 28, 1]) as tf.Tensor4D;
    assert.deepEqual(model.embed(x).shape, [3, 128]);
    assert.deepEqual(model.project(x).shape, [3, 64]);
    assert.deepEqual(model.projectForTraining(x).shape, [3, 64]);
  });
  // embed keeps its folded conv weights until dispose (foldedInference.test.ts checks them).
  model.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('model variants build with the requested shapes', () => {
  const cases: { options: SimclrModelOptions; input: [number, number, number]; d: number; p: number }[] = [
    { options: { encoder: 'cnn' }, input: [28, 28, 1], d: 128, p: 64 },
    { options: { inputShape: [32, 32, 3], batchNorm: false }, input: [32, 32, 3], d: 128, p: 64 },
    {
      options: {
        encoder: { kind: 'resnet', widths: [16, 32], blocksPerStage: 2, stemWidth: 16 },
        headWidths: [64, 32, 16],
      },
      input: [28, 28, 1],
      d: 32,
      p: 16,
    },
    {
      options: { encoder: { kind: 'cnn', widths: [8, 16, 24, 40], inputShape: [32, 32, 3] } },
      input: [32, 32, 3],
      d: 40,
      p: 64,
    },
  ];
  for (const c of cases) {
    const model = createSimclrModel(c.options);
    tf.tidy(() => {
      const x = tf.randomUniform([2, ...c.input]) as tf.Tensor4D;
      assert.deepEqual(model.embed(x).shape, [2, c.d], JSON.stringify(c.options));
      assert.deepEqual(model.project(x).shape, [2, c.p], JSON.stringify(c.options));
    });
    model.dispose();
  }
});

test('batchNorm: false removes every batch-norm layer; resolved configs round-trip', () => {
  const noBn = createSimclrModel({ batchNorm: false });
  assert.ok(noBn.encoder.layers.every((l) => l.getClassName() !== 'BatchNormalization'));
  const withBn = createSimclrModel();
  assert.ok(withBn.encoder.layers.some((l) => l.getClassName() === 'BatchNormalization'));
  const config = resolveSimclrModelConfig({ encoder: 'cnn', seed: 4 });
  assert.deepEqual(resolveSimclrModelConfig(JSON.parse(JSON.stringify(config))), config);
  noBn.dispose();
  withBn.dispose();
});

test('a seed fixes the initial weights; different seeds differ', () => {
  const builders: [string, (seed: number) => tf.LayersModel][] = [
    ['resnet', (s) => createResnetEncoder({}, s)],
    ['cnn', (s) => createCnnEncoder({}, s)],
    ['head', (s) => createProjectionHead({}, s)],
  ];
  for (const [name, build] of builders) {
    const [a, b, c] = [build(7), build(7), build(8)];
    const [wa, wb, wc] = [weightsOf(a), weightsOf(b), weightsOf(c)];
    wa.forEach((w, i) => assert.deepEqual(w, wb[i], `${name} weight ${i}`));
    assert.ok(
      wa.some((w, i) => w.some((v, k) => v !== wc[i][k])),
      `${name}: seeds 7 and 8 gave the same weights`,
    );
    [a, b, c].forEach((m) => m.dispose());
  }
});

test('bad configs and inputs give errors naming the field', () => {
  const cases: [SimclrModelOptions, RegExp][] = [
    [{ encoder: { kind: 'resnet', widths: [32, 60] } }, /widths\[1\] must be a positive multiple of 8/],
    [{ encoder: { kind: 'resnet', stemWidth: 12 } }, /stemWidth/],
    [{ encoder: { kind: 'cnn', widths: [16, 32], strides: [1, 3] } }, /strides/],
    [{ inputShape: [28, 28] as unknown as [number, number, number] }, /inputShape/],
    [{ headWidths: [] }, /headWidths|widths/],
    [{ encoder: 'vit' as 'cnn' }, /encoder kind/],
    [{ seed: 1.5 }, /seed/],
  ];
  for (const [options, message] of cases)
    assert.throws(() => createSimclrModel(options), message, JSON.stringify(options));
  const model = createSimclrModel({ encoder: 'cnn' });
  const wrong = tf.zeros([2, 32, 32, 1]) as tf.Tensor4D;
  assert.throws(() => model.embed(wrong), /embed: images must be \[B, 28, 28, 1\]/);
  wrong.dispose();
  model.dispose();
});

test('setWeights copies every weight (including BN statistics) and checks shapes', () => {
  const a = createSimclrModel({ seed: 1, encoder: 'cnn' }),
    b = createSimclrModel({ seed: 2, encoder: 'cnn' });
  b.setWeights(a.namedWeights().map((w) => w.tensor));
  tf.tidy(() => {
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
    assert.deepEqual(b.project(x).dataSync(), a.project(x).dataSync());
  });
  assert.throws(
    () =>
      b.setWeights(
        a
          .namedWeights()
          .slice(1)
          .map((w) => w.tensor),
      ),
    /expected/,
  );
  a.dispose();
  b.dispose();
});
