import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { embedDataset, embedDatasetArray, type Encoder } from '../../../src/simclr/eval/embed';
import { imageBatch } from '../../../src/simclr/data/dataset';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { quadrantImages } from './synthetic';

const images = quadrantImages(70, 5);
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({
      inputShape: [8, 8, 1],
      filters: 3,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
    tf.layers.globalAveragePooling2d({}),
  ],
});
const encoders: Array<[string, Encoder]> = [
  ['a tf.LayersModel', model],
  ['an object with .encoder', { encoder: model }],
  ['a function', (x) => model.predict(x) as tf.Tensor],
];

for (const [name, encoder] of encoders) {
  test(`embedDataset with ${name}: batches of 32 equal one full pass, no leaked tensors`, async () => {
    const full = tf.tidy(
      () =>
        model.predict(
          imageBatch(
            images,
            Array.from({ length: 70 }, (_, i) => i),
          ),
        ) as tf.Tensor2D,
    );
    const before = tf.memory().numTensors;
    const done: number[] = [];
    const features = await embedDataset(encoder, images, { batchSize: 32, onProgress: (d) => done.push(d) });
    assert.equal(tf.memory().numTensors, before + 1);
    assert.deepEqual(features.shape, [70, 3]);
    assert.deepEqual(done, [32, 64, 70]);
    const a = features.dataSync(),
      b = full.dataSync();
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5));
    tf.dispose([features, full]);
  });
}

test('embedDatasetArray flattens any feature shape and stops when aborted', async () => {
  const { vectors, n, dim } = await embedDatasetArray((x) => tf.mul(x, 2), images, { batchSize: 50 });
  assert.equal(n, 70);
  assert.equal(dim, 64);
  assert.ok(Math.abs(vectors[64 * 3 + 5] - (2 * images.pixels[64 * 3 + 5]) / 255) < 1e-6);
  const controller = new AbortController();
  controller.abort(new Error('cell interrupted'));
  await assert.rejects(embedDatasetArray(model, images, { signal: controller.signal }), /cell interrupted/);
});

test('embedDataset rejects a bad encoder, batch size, or row count', async () => {
  await assert.rejects(embedDataset({} as Encoder, images), /must be a function, have predict\(\)/);
  await assert.rejects(embedDataset(model, images, { batchSize: 0 }), /batchSize must be a positive integer/);
  await assert.rejects(
    embedDataset((x) => tf.zeros([x.shape[0] + 1, 2]), images),
    /returned 71 rows for 70 images/,
  );
});

test('embedDataset on the SimCLR model uses its encoder (representation), not its head', async () => {
  const simclr = createSimclrModel({
    encoder: { kind: 'cnn', widths: [8, 16], strides: [2, 2] },
    inputShape: [8, 8, 1],
    seed: 3,
  });
  const features = await embedDataset(simclr, images, { batchSize: 64 });
  assert.deepEqual(features.shape, [70, simclr.representationDim]);
  // Read through embed (batch norm folded), equal to the encoder's own predict.
  const reference = tf.tidy(
    () =>
      simclr.encoder.predict(
        imageBatch(
          images,
          Array.from({ length: 70 }, (_, i) => i),
        ),
      ) as tf.Tensor2D,
  );
  const error = tf.tidy(
    () => tf.max(tf.abs(tf.sub(features, reference))).dataSync()[0] / tf.max(tf.abs(reference)).dataSync()[0],
  );
  assert.ok(error <= 1e-4, `embedDataset(simclr) vs encoder.predict: ${error}`);
  reference.dispose();
  // An object offering both predict() and .encoder is read through .encoder.
  const both = { predict: () => tf.zeros([1, 1]), encoder: model };
  const viaEncoder = await embedDatasetArray(both, images);
  assert.equal(viaEncoder.dim, 3);
  features.dispose();
  simclr.dispose();
});
