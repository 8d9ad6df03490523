#!/usr/bin/env node
// Self-supervised pre-training from a plain Node script: load Fashion-MNIST, pre-train (SimCLR, or
// any method of the library: --method moco-v2, byol, ...) on the best backend that loads, then judge
// the frozen representation with a linear probe against a raw-pixel baseline.
//   node notebooks/pretrain-and-probe.mjs [--method simclr] [--steps 300] [--batch 128] [--train 10000] [--test 2000]
// Run `npm run build` first: the library is the package's `look-twice/simclr` export.
import { parseArgs } from 'node:util';
import {
  initBackend,
  loadFashionMnist,
  createSimclrModel,
  pretrain,
  linearProbe,
  pixelBaseline,
} from 'look-twice/simclr';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '300' },
    batch: { type: 'string', default: '128' },
    train: { type: 'string', default: '10000' },
    test: { type: 'string', default: '2000' },
    encoder: { type: 'string', default: 'resnet' },
    method: { type: 'string', default: 'simclr' },
  },
});
const steps = Number(values.steps),
  batchSize = Number(values.batch);

const backend = await initBackend();
console.log(`backend: ${backend.name} (${backend.reason})`);

const train = loadFashionMnist({ split: 'train', limit: Number(values.train) });
const test = loadFashionMnist({ split: 'test', limit: Number(values.test) });
console.log(`data: ${train.shape[0]} train / ${test.shape[0]} test images from ${train.source}`);

const model = createSimclrModel({ encoder: values.encoder, seed: 0 });
const result = await pretrain(model, train, {
  method: values.method,
  steps,
  batchSize,
  seed: 0,
  onStep: ({ step, loss, imagesPerSec }) => {
    if (step === 1 || step % 25 === 0 || step === steps) {
      console.log(`step ${step}/${steps}  loss ${loss.toFixed(4)}  ${imagesPerSec.toFixed(0)} img/s`);
    }
  },
});
const first = result.history[0].loss,
  last = result.history.at(-1).loss;
console.log(
  `${values.method} pre-training ${result.status}: loss ${first.toFixed(3)} -> ${last.toFixed(3)} in ${result.seconds.toFixed(0)} s`,
);

const probe = await linearProbe(model, train, test, { seed: 0 });
const pixels = await pixelBaseline(train, test, { methods: ['linear'], probe: { seed: 0 } });
console.log(`linear probe on ${values.method} features: ${(100 * probe.testAccuracy).toFixed(1)}% test accuracy`);
console.log(`linear probe on raw pixels:      ${(100 * pixels.linear.testAccuracy).toFixed(1)}% test accuracy`);
model.dispose();
