import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { pixelBaseline } from '../../../src/simclr/eval/pixelBaseline';
import { quadrantImages } from './synthetic';

test('pixel baseline: flattened pixels through the same probe and kNN', async () => {
  const before = tf.memory().numTensors;
  const result = await pixelBaseline(quadrantImages(300, 1), quadrantImages(100, 2), { knn: { k: 20 } });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(result.featureDim, 64);
  assert.ok(result.linear!.testAccuracy > 0.95, `linear ${result.linear!.testAccuracy}`);
  assert.ok(result.knnAccuracy! > 0.95, `knn ${result.knnAccuracy}`);
});

test('pixel baseline runs only the methods asked for, and needs labels', async () => {
  const result = await pixelBaseline(quadrantImages(40, 1), quadrantImages(20, 2), { methods: ['knn'] });
  assert.equal(result.linear, undefined);
  assert.equal(typeof result.knnAccuracy, 'number');
  const unlabelled = { ...quadrantImages(10, 3), labels: undefined };
  await assert.rejects(pixelBaseline(unlabelled, quadrantImages(10, 4)), /has no labels/);
});
