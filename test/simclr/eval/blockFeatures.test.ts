import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { encoderBlocks } from '../../../src/simclr/eval/blockFeatures';
import { createCnnEncoder } from '../../../src/simclr/models/cnnEncoder';
import { createResnetEncoder } from '../../../src/simclr/models/resnetEncoder';

const images = tf.randomUniform([5, 28, 28, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

test('cnn encoder: one block per stage; the last block pooled to 1x1 is the representation', () => {
  const encoder = createCnnEncoder({ widths: [8, 16, 32] }, 1);
  const blocks = encoderBlocks(encoder, { featureDim: 32 });
  assert.deepEqual(
    blocks.map((b) => b.shape),
    [
      [28, 28, 8],
      [14, 14, 16],
      [7, 7, 32],
    ],
  );
  assert.deepEqual(
    blocks.map((b) => [b.index, b.grid, b.featureDim]),
    [
      [1, 2, 32],
      [2, 1, 16],
      [3, 1, 32],
    ],
  );
  const representation = encoder.predict(images) as tf.Tensor;
  const last = blocks[2].features(images);
  assert.ok(maxDifference(last, representation) < 1e-6);
  tf.dispose([representation, last]);
  encoder.dispose();
});

test("resnet encoder: the stem and each residual block, not a block's inner ReLU that its shortcut bypasses", () => {
  const encoder = createResnetEncoder({ stemWidth: 8, widths: [8, 16, 32] }, 2);
  const relus = encoder.layers.filter((l) => l.getClassName() === 'ReLU').length;
  const blocks = encoderBlocks(encoder);
  assert.equal(relus, 7, 'stem + two per residual block');
  assert.deepEqual(
    blocks.map((b) => b.shape),
    [
      [28, 28, 8],
      [28, 28, 8],
      [14, 14, 16],
      [7, 7, 32],
    ],
  );
  // grids 8, 8, 6, 4 of pools 4, 4, 3, 2 ('same' padding): 7, 7, 5, 4 cells a side
  assert.deepEqual(
    blocks.map((b) => b.featureDim),
    [7 * 7 * 8, 7 * 7 * 8, 5 * 5 * 16, 4 * 4 * 32],
  );
  encoder.dispose();
});

test('a block is average-pooled over a grid of equal cells: the cells average to the whole map, and no tensor is left', () => {
  const encoder = createCnnEncoder({ widths: [8, 16] }, 3);
  const [first] = encoderBlocks(encoder, { featureDim: 128 }); // [28, 28, 8] -> 4 x 4 cells of 7 x 7
  assert.equal(first.grid, 4);
  const map = tf.model({
    inputs: encoder.inputs,
    outputs: encoder.getLayer(first.layerName).output as tf.SymbolicTensor,
  });
  const before = tf.memory().numTensors;
  const pooled = first.features(images);
  assert.equal(tf.memory().numTensors, before + 1);
  assert.deepEqual(pooled.shape, [5, 128]);
  const cellMean = tf.tidy(() => tf.mean(pooled.reshape([5, 16, 8]), 1));
  const wholeMean = tf.tidy(() => tf.mean(map.predict(images) as tf.Tensor4D, [1, 2]));
  assert.ok(maxDifference(cellMean, wholeMean) < 1e-5);
  // One cell by hand: rows 7..13, columns 14..20 of image 2, channel 3.
  const cell = tf.tidy(
    () => tf.mean((map.predict(images) as tf.Tensor4D).slice([2, 7, 14, 3], [1, 7, 7, 1])).dataSync()[0],
  );
  assert.ok(Math.abs(pooled.dataSync()[2 * 128 + (1 * 4 + 2) * 8 + 3] - cell) < 1e-5);
  tf.dispose([pooled, cellMean, wholeMean]);
  encoder.dispose();
});

test('encoderBlocks refuses a model without a ReLU block and a bad featureDim', () => {
  const dense = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 3 })],
  });
  assert.throws(() => encoderBlocks(dense), /has no ReLU on its main path/);
  const encoder = createCnnEncoder({ widths: [8] }, 1);
  assert.throws(() => encoderBlocks(encoder, { featureDim: 0 }), /featureDim must be a positive integer, got 0/);
  tf.dispose([...dense.weights.map((w) => w.read())]);
  encoder.dispose();
});
