/**
 * What the training monitor costs (issue 17): pre-trains SimCLR on Fashion-MNIST with the monitor's
 * default schedule ('auto', budget 10% of training time) and a held-out labelled slice, and reports the
 * measured fraction of training time the monitor took, its evaluations and the kNN accuracy it saw.
 * Not a test. Usage: npm run bench:monitor -- [--images 4096] [--steps 120] [--batch 64] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { createSimclrModel, initBackend, loadFashionMnist, pretrain, tf } from '../../src/simclr/index';

const { values: args } = parseArgs({ options: { images: { type: 'string', default: '4096' }, steps: { type: 'string', default: '120' }, batch: { type: 'string', default: '64' }, json: { type: 'string' } } });

async function main(): Promise<void> {
  await initBackend();
  const data = loadFashionMnist({ split: 'train', limit: Number(args.images) });
  const heldOut = loadFashionMnist({ split: 'test', limit: 1024 });
  const model = createSimclrModel({ encoder: 'cnn', seed: 1 });
  const load = loadavg()[0];
  const result = await pretrain(model, data, { steps: Number(args.steps), batchSize: Number(args.batch), seed: 1, monitor: { data: heldOut } });
  const monitor = result.monitor;
  if (!monitor) throw new Error('no monitor summary');
  const evaluated = result.history.filter((h) => h.metrics?.knnAccuracy !== undefined).map((h) => ({ step: h.step, knnAccuracy: h.metrics?.knnAccuracy, effectiveRank: h.metrics?.effectiveRank }));
  const summary = {
    backend: tf.getBackend(), data: data.name, images: data.shape[0], steps: result.steps, batchSize: Number(args.batch), loadAverage: load,
    trainSeconds: monitor.trainSeconds, monitorSeconds: monitor.seconds, evaluations: monitor.evaluations, fraction: monitor.fraction,
    secondsPerEvaluation: monitor.evaluations > 0 ? monitor.seconds / monitor.evaluations : NaN, evaluated,
  };
  console.log(JSON.stringify(summary, null, 2));
  if (args.json) writeFileSync(args.json, JSON.stringify(summary, null, 2));
  model.dispose();
}

void main();
