/**
 * What the training monitor costs (issue 17): pre-trains SimCLR on Fashion-MNIST with the monitor's
 * default schedule ('auto', budget 10% of training time) and a held-out labelled slice, and reports the
 * measured fraction of training time the monitor took, its evaluations and the kNN accuracy it saw.
 * Then the cost of the snapshot each evaluation streams (the Inspect tab's data): the trained model's
 * evaluation timed with and without it, interleaved, `--repeats` times each, as a ratio, and the
 * snapshot event's size as it crosses the kernel's IPC (v8 serialization).
 * Not a test. Usage: npm run bench:monitor -- [--images 4096] [--steps 120] [--batch 64] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { serialize } from 'node:v8';
import {
  createSimclrModel,
  defaultAugmentConfig,
  evaluateMonitor,
  initBackend,
  loadFashionMnist,
  monitorSlice,
  pretrain,
  Random,
  simclrAugment,
  tf,
  type SimclrModel,
} from '../../src/simclr/index';
import type { ImageDataset } from '../../src/simclr/data/dataset';

const { values: args } = parseArgs({
  options: {
    images: { type: 'string', default: '4096' },
    steps: { type: 'string', default: '120' },
    batch: { type: 'string', default: '64' },
    repeats: { type: 'string', default: '3' },
    json: { type: 'string' },
  },
});

/** Seconds of one evaluation without and with its snapshot (medians of interleaved repeats), and the snapshot's bytes. */
async function snapshotCost(
  model: SimclrModel,
  data: ImageDataset,
  heldOut: ImageDataset,
  repeats: number,
): Promise<{ plainSeconds: number; snapshotSeconds: number; ratio: number; snapshotBytes: number }> {
  const slice = monitorSlice(data, { data: heldOut }, 1);
  const config = defaultAugmentConfig(data.shape[1], data.shape[3] as 1 | 3);
  const augment = (images: tf.Tensor4D, rng: Random) => simclrAugment(images, config, rng);
  const plain: number[] = [],
    withSnapshot: number[] = [];
  let bytes = 0;
  for (let r = 0; r < repeats; r++) {
    let t0 = performance.now();
    await evaluateMonitor(model, slice, augment, 7, 20);
    plain.push((performance.now() - t0) / 1000);
    t0 = performance.now();
    const { snapshot } = await evaluateMonitor(model, slice, augment, 7, 20, {});
    withSnapshot.push((performance.now() - t0) / 1000);
    bytes = serialize({ kind: 'trainSnapshot', runId: 'bench', method: 'simclr', step: 1, snapshot }).length;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    plainSeconds: median(plain),
    snapshotSeconds: median(withSnapshot),
    ratio: median(withSnapshot) / median(plain),
    snapshotBytes: bytes,
  };
}

async function main(): Promise<void> {
  await initBackend();
  const data = loadFashionMnist({ split: 'train', limit: Number(args.images) });
  const heldOut = loadFashionMnist({ split: 'test', limit: 1024 });
  const model = createSimclrModel({ encoder: 'cnn', seed: 1 });
  const load = loadavg()[0];
  const result = await pretrain(model, data, {
    steps: Number(args.steps),
    batchSize: Number(args.batch),
    seed: 1,
    monitor: { data: heldOut },
  });
  const monitor = result.monitor;
  if (!monitor) throw new Error('no monitor summary');
  const evaluated = result.history
    .filter((h) => h.metrics?.knnAccuracy !== undefined)
    .map((h) => ({ step: h.step, knnAccuracy: h.metrics?.knnAccuracy, effectiveRank: h.metrics?.effectiveRank }));
  const summary = {
    backend: tf.getBackend(),
    data: data.name,
    images: data.shape[0],
    steps: result.steps,
    batchSize: Number(args.batch),
    loadAverage: load,
    trainSeconds: monitor.trainSeconds,
    monitorSeconds: monitor.seconds,
    evaluations: monitor.evaluations,
    fraction: monitor.fraction,
    secondsPerEvaluation: monitor.evaluations > 0 ? monitor.seconds / monitor.evaluations : NaN,
    evaluated,
    snapshot: await snapshotCost(model, data, heldOut, Number(args.repeats)),
    loadAverageAfter: loadavg()[0],
  };
  console.log(JSON.stringify(summary, null, 2));
  if (args.json) writeFileSync(args.json, JSON.stringify(summary, null, 2));
  model.dispose();
}

void main();
