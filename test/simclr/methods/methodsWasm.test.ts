/**
 * Issue 13's acceptance test on the wasm backend: 20 steps of every method on real Fashion-MNIST
 * images lower its loss, with a constant tensor count. MoCo v2 and InstDisc compare against a
 * queue/bank of real keys (their loss first rises while random initial entries are replaced), so
 * their small queue/bank fills in the first steps and the comparison starts after that. Small model,
 * 96 images, batch 32: a few seconds per method.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { pretrain } from '../../../src/simclr/train/pretrain';
import type { PretrainOptions } from '../../../src/simclr/train/pretrainOptions';
import { METHOD_NAMES } from '../../../src/simclr/methods/createMethod';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Method spec and the first steps to leave out of the "before" window (queue/bank filling). */
const cases: Record<(typeof METHOD_NAMES)[number], [PretrainOptions['method'], number]> = {
  rotation: ['rotation', 0],
  instdisc: [{ name: 'instdisc', negatives: 64 }, 2],
  cpc: ['cpc', 0],
  simclr: ['simclr', 0],
  'moco-v2': [{ name: 'moco-v2', queueSize: 64 }, 2],
  simsiam: ['simsiam', 0],
  byol: ['byol', 0],
  'barlow-twins': ['barlow-twins', 0],
};

test(
  'wasm: 20 steps of every method on Fashion-MNIST lower its loss without leaking tensors',
  { timeout: 600_000 },
  async () => {
    const backend = await initBackend({ backend: 'wasm' });
    assert.equal(tf.getBackend(), 'wasm', backend.reason);
    const data = loadFashionMnist({ split: 'train', limit: 96 });
    for (const name of METHOD_NAMES) {
      const [method, skip] = cases[name];
      const model = createSimclrModel({
        encoder: { kind: 'cnn', widths: [16, 32], strides: [2, 2] },
        headWidths: [32, 16],
        seed: 1,
      });
      const counts: number[] = [];
      const result = await pretrain(model, data, {
        method,
        steps: 20,
        batchSize: 32,
        seed: 1,
        learningRate: 3e-3,
        onStep: () => {
          counts.push(tf.memory().numTensors);
        },
      });
      const losses = result.history.map((h) => h.loss);
      const before = mean(losses.slice(skip, skip + 5)),
        after = mean(losses.slice(-5));
      assert.ok(
        after < before - 0.02,
        `${name}: loss did not drop: ${before.toFixed(3)} -> ${after.toFixed(3)} (${losses.map((l) => l.toFixed(2)).join(' ')})`,
      );
      assert.equal(new Set(counts).size, 1, `${name}: tensor count per step ${counts.join(',')}`);
      model.dispose();
    }
  },
);
