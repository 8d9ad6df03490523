import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { checkWasmBatch, estimateTrainingBytes, largestWasmBatch } from '../../../src/simclr/train/memoryEstimate';
import { pretrain } from '../../../src/simclr/train/pretrain';

const GiB = 1024 ** 3;

test('wasm memory estimate agrees with the measured heap of the default model', () => {
  const bn = createSimclrModel(),
    noBn = createSimclrModel({ batchNorm: false });
  // measured wasm heap after one step: BN b64 0.57, b128 1.13, b256 2.16 GiB; no BN b256 0.82 GiB
  const cases: [typeof bn, number, number][] = [
    [bn, 64, 0.57],
    [bn, 128, 1.13],
    [bn, 256, 2.16],
    [noBn, 256, 0.82],
  ];
  for (const [model, batch, measuredGiB] of cases) {
    const estimate = estimateTrainingBytes(model, batch) / GiB;
    assert.ok(
      estimate >= measuredGiB && estimate < 1.25 * measuredGiB,
      `b${batch}: estimate ${estimate} GiB vs measured ${measuredGiB}`,
    );
    assert.doesNotThrow(() => checkWasmBatch(model, batch));
  }
  // 4 GiB is the hard limit: a batch whose estimate passes 80% of it is refused, naming the way out.
  assert.throws(
    () => checkWasmBatch(bn, 512),
    /batchSize 512 needs about 4\.\d GiB on the wasm backend.*batchSize <= 3\d\d, gradient caching \(microBatch <= 3\d\d\)/,
  );
  assert.ok(largestWasmBatch(bn) >= 300 && largestWasmBatch(bn) < 400, `largest ${largestWasmBatch(bn)}`);
  assert.ok(largestWasmBatch(noBn) > largestWasmBatch(bn));
  bn.dispose();
  noBn.dispose();
});

test('pretrain on wasm refuses a batch that would abort the process, before allocating anything', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  const data = loadFashionMnist({ split: 'train', limit: 512 });
  const model = createSimclrModel();
  const before = tf.memory().numTensors;
  await assert.rejects(
    pretrain(model, data, { batchSize: 512, steps: 1 }),
    /batchSize 512 needs about .* GiB on the wasm backend/,
  );
  assert.equal(tf.memory().numTensors, before);
  // with gradient caching the same batch passes the check (the micro-batch is what must fit)
  assert.doesNotThrow(() => checkWasmBatch(model, 128));
  model.dispose();
});
