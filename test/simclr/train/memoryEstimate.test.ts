import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { checkWasmBatch, estimateTrainingBytes, largestWasmBatch } from '../../../src/simclr/train/memoryEstimate';
import { pretrain } from '../../../src/simclr/train/pretrain';

const GiB = 1024 ** 3;

test('wasm memory estimate agrees with the probe measurements of the default model', () => {
  const bn = createSimclrModel(), noBn = createSimclrModel({ batchNorm: false });
  // measured: BN b128 2.83 GiB, b160 3.46 GiB (fits), b192 crashed; no BN b256 2.2 GiB (fits)
  const cases: [typeof bn, number, number, boolean][] = [
    [bn, 128, 2.83, true], [bn, 160, 3.46, true], [bn, 192, 4.2, false], [noBn, 256, 2.2, true],
  ];
  for (const [model, batch, measuredGiB, fits] of cases) {
    const estimate = estimateTrainingBytes(model, batch) / GiB;
    if (model === bn) assert.ok(Math.abs(estimate - measuredGiB) / measuredGiB < 0.15, `b${batch}: estimate ${estimate} GiB vs ${measuredGiB}`);
    else assert.ok(estimate >= measuredGiB, `no BN b${batch}: estimate ${estimate} GiB below the measured ${measuredGiB}`);
    if (fits) assert.doesNotThrow(() => checkWasmBatch(model, batch));
    else assert.throws(() => checkWasmBatch(model, batch), /batchSize 192 needs about 4\.\d GiB on the wasm backend.*batchSize <= 16\d/);
  }
  assert.ok(largestWasmBatch(bn) >= 160 && largestWasmBatch(bn) < 192);
  assert.ok(largestWasmBatch(noBn) >= 256);
  bn.dispose();
  noBn.dispose();
});

test('pretrain on wasm refuses a batch that would abort the process, before allocating anything', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  const data = loadFashionMnist({ split: 'train', limit: 256 });
  const model = createSimclrModel();
  const before = tf.memory().numTensors;
  await assert.rejects(pretrain(model, data, { batchSize: 256, steps: 1 }), /batchSize 256 needs about .* GiB on the wasm backend/);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});
