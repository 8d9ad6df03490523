/**
 * `npm run bench:recipe-search`: candidate SimCLR recipes for Fashion-MNIST compared at the same
 * *step* budget (the machine is shared, so wall-clock budgets would measure the neighbours' load,
 * not the recipe). Each candidate pre-trains from the same seed for `--steps` steps (warm-up and
 * cosine decay planned over those steps), then its representation (before the head) goes through
 * the library's standard-protocol `linearProbe` and kNN (k = 200) on the full test set.
 * The images per second each candidate ran at are reported with the load they were measured at;
 * `--throughput` instead times `--steps` steps of every candidate without evaluating (run it under
 * `flock /work/shared-tools/bench.lock` on a quiet machine to turn step budgets into minutes).
 *
 * The probe is fitted on the first `--probe-images` training images (default 10,000: embedding all
 * 60,000 costs minutes per candidate on a loaded machine, and the ranking is what the search needs).
 *
 * Options: --steps N (default 150)  --candidates a,b (default all)  --train-images N  --probe-images N
 *   --json FILE  --throughput  --seed S
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../src/simclr/data/fashionMnist';
import { datasetSize } from '../../src/simclr/data/dataset';
import { createSimclrModel } from '../../src/simclr/models/simclrModel';
import { pretrain } from '../../src/simclr/train/pretrain';
import { embedDatasetArray } from '../../src/simclr/eval/embed';
import { knnAccuracy } from '../../src/simclr/eval/knn';
import { linearProbe } from '../../src/simclr/eval/linearProbe';
import { RECIPE_CANDIDATES } from './recipeCandidates';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '150' },
    candidates: { type: 'string' },
    'train-images': { type: 'string' },
    'probe-images': { type: 'string', default: '10000' },
    json: { type: 'string' },
    throughput: { type: 'boolean', default: false },
    seed: { type: 'string', default: '0' },
  },
});

const steps = Number(args.steps);
if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a positive integer, got ${args.steps}`);
const seed = Number(args.seed);
const names = args.candidates ? args.candidates.split(',').map((s) => s.trim()) : Object.keys(RECIPE_CANDIDATES);
for (const name of names)
  if (!(name in RECIPE_CANDIDATES))
    throw new Error(`--candidates: unknown '${name}' (known: ${Object.keys(RECIPE_CANDIDATES).join(', ')})`);

interface SearchRecord {
  candidate: string;
  description: string;
  steps: number;
  batchSize: number;
  epochs: number;
  imagesPerSec: number;
  loadAtStart: number;
  loadAtEnd: number;
  finalLoss: number;
  knnTop1?: number;
  linearTop1?: number;
  weightDecay?: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const backend = await initBackend();
  const train = loadFashionMnist({
    split: 'train',
    limit: args['train-images'] ? Number(args['train-images']) : undefined,
  });
  const test = loadFashionMnist({ split: 'test' });
  const probeTrain = loadFashionMnist({ split: 'train', limit: Number(args['probe-images']) });
  console.log(
    `recipe search: ${names.length} candidates x ${steps} steps on ${backend.name}; ${datasetSize(train)} train / ${datasetSize(test)} test images, probe fitted on ${datasetSize(probeTrain)}; load ${loadavg()[0].toFixed(1)}`,
  );
  const records: SearchRecord[] = [];
  for (const name of names) {
    const candidate = RECIPE_CANDIDATES[name];
    const loadAtStart = loadavg()[0];
    const model = createSimclrModel({ ...candidate.model, seed });
    const run = await pretrain(model, train, {
      ...candidate.pretrain,
      steps,
      seed,
      monitor: false,
      memoryCheck: false,
      onStep: (s) => {
        if (s.step % 25 === 0)
          console.log(`  ${name} step ${s.step}/${steps} loss ${s.loss.toFixed(3)} ${s.imagesPerSec.toFixed(0)} img/s`);
      },
    });
    const batchSize = candidate.pretrain.batchSize ?? 64;
    const record: SearchRecord = {
      candidate: name,
      description: candidate.description,
      steps: run.steps,
      batchSize,
      epochs: (run.steps * batchSize) / datasetSize(train),
      // The first steps include tracing and warm-up of the backend's kernels.
      imagesPerSec: median(run.history.slice(Math.min(5, run.history.length - 1)).map((h) => h.imagesPerSec)),
      loadAtStart,
      loadAtEnd: loadavg()[0],
      finalLoss: run.history.slice(-10).reduce((s, h) => s + h.loss, 0) / Math.min(10, run.history.length),
    };
    if (!args.throughput) {
      const trainFeatures = await embedDatasetArray(model, probeTrain);
      const testFeatures = await embedDatasetArray(model, test);
      record.knnTop1 = await knnAccuracy(trainFeatures, probeTrain.labels!, testFeatures, test.labels!, { k: 200 });
      const probe = await linearProbe(
        null,
        { features: trainFeatures, labels: probeTrain.labels! },
        { features: testFeatures, labels: test.labels! },
        { seed },
      );
      record.linearTop1 = probe.testAccuracy;
      record.weightDecay = probe.weightDecay;
    }
    model.dispose();
    records.push(record);
    const pct = (x?: number) => (x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
    console.log(
      `RESULT ${name}: linear ${pct(record.linearTop1)} kNN ${pct(record.knnTop1)} loss ${record.finalLoss.toFixed(3)} ${record.imagesPerSec.toFixed(1)} img/s (load ${loadAtStart.toFixed(1)}-${record.loadAtEnd.toFixed(1)})`,
    );
    if (args.json) writeFileSync(args.json, `${JSON.stringify(records, null, 2)}\n`);
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
