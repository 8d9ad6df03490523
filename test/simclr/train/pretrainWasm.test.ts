/**
 * The acceptance test of issue 2: on the wasm backend, 20 steps of the default SimCLR model on real
 * Fashion-MNIST images lower the loss, with a constant tensor count. ~30-60 s on 2 shared cores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { pretrain } from '../../../src/simclr/train/pretrain';

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

test(
  'wasm: 20 steps of the default model on Fashion-MNIST lower the loss without leaking tensors',
  { timeout: 300_000 },
  async () => {
    const backend = await initBackend({ backend: 'wasm' });
    assert.equal(tf.getBackend(), 'wasm', backend.reason);
    const data = loadFashionMnist({ split: 'train', limit: 2048 });
    assert.deepEqual(data.shape.slice(1), [28, 28, 1]);
    const model = createSimclrModel({ seed: 1 }); // ResNet-style encoder with batch norm, head 128-128-64
    const counts: number[] = [];
    const result = await pretrain(model, data, {
      steps: 20,
      batchSize: 32,
      seed: 1,
      optimizer: 'adam',
      learningRate: 1e-3,
      onStep: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    assert.equal(result.status, 'done');
    const losses = result.history.map((h) => h.loss);
    const first = mean(losses.slice(0, 5)),
      last = mean(losses.slice(-5));
    // Chance level is log(2N - 1) = log(63) = 4.14 for N = 32.
    assert.ok(Math.abs(losses[0] - Math.log(63)) < 0.5, `first loss ${losses[0]}`);
    assert.ok(
      last < first - 0.2,
      `loss did not drop: first five ${first.toFixed(3)}, last five ${last.toFixed(3)} (${losses.map((l) => l.toFixed(2)).join(' ')})`,
    );
    assert.equal(new Set(counts).size, 1, `tensor count per step: ${counts.join(',')}`);
    model.dispose();
  },
);
