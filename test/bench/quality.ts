/**
 * `npm run bench:quality`: how good is the representation a user gets, in one table from one run.
 * Rows, each in its own process (peak memory its own), all evaluated the same way on the frozen
 * representation h (before the head): the library's standard-protocol `linearProbe` fitted on the
 * 60,000 training images and scored on the full 10,000-image test set, and kNN (k = 200).
 * - simclr: the recipe (`recipes.fashionMnist30min`, src/simclr/train/recipes.ts) with its time
 *   budget: warm-up and cosine decay over the wall-clock minutes (`budget: { minutes }`);
 * - raw-pixels and random-encoder: the floors (the recipe's model, untrained);
 * - every other method of src/simclr/methods, same model, data, batch, optimiser, augmentations and
 *   budget, each with its paper's own hyper-parameters (temperature, queue, momentum);
 * - pytorch: the same recipe and budget in PyTorch (pytorch_simclr.py), whose features go through
 *   the same `linearProbe`, so only the training differs.
 * A wall-clock budget on a shared machine is not an equal compute budget: compare `steps` too.
 *
 * Options: --minutes M (default: the recipe's 30)  --rows a,b (default all)  --json FILE  --seed S
 *   --python PATH (else LOOK_TWICE_BENCH_PYTHON, the bench venv, Debian's python3-torch)
 *   --quick (a smoke run: 1,024 / 512 images, batch 64, 3 s per row)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../src/simclr/data/fashionMnist';
import { datasetSize } from '../../src/simclr/data/dataset';
import { createSimclrModel, resolveSimclrModelConfig } from '../../src/simclr/models/simclrModel';
import { pretrain } from '../../src/simclr/train/pretrain';
import { recipes } from '../../src/simclr/train/recipes';
import { METHOD_NAMES, type MethodName } from '../../src/simclr/methods/createMethod';
import { embedDatasetArray, type Encoder } from '../../src/simclr/eval/embed';
import { knnAccuracy } from '../../src/simclr/eval/knn';
import { linearProbe } from '../../src/simclr/eval/linearProbe';
import type { FeatureArray } from '../../src/simclr/eval/features';
import { flattenPixels } from '../../src/simclr/eval/pixelBaseline';
import { choosePython } from './pytorchVenv';
import { runChild } from './childRun';
import { runSelfAsChild } from './selfChild';

/** One row of the table and of the JSON file. */
export interface QualityRecord {
  row: string;
  minutes: number;
  steps: number;
  epochs: number;
  imagesPerSec: number;
  linearTop1: number;
  knnTop1: number;
  /** Mean loss of the last 20 steps (NaN for the baselines). */
  finalLoss: number;
  trainSeconds: number;
  evalSeconds: number;
  peakRssBytes: number;
  /** tfjs backend, or the torch version. */
  engine: string;
  /** 1-minute load average when the row started. */
  load: number;
  error?: string;
}

const BASELINES = ['raw-pixels', 'random-encoder'] as const;
const ROWS = ['simclr', ...BASELINES, ...METHOD_NAMES.filter((m) => m !== 'simclr'), 'pytorch'];

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string' },
    rows: { type: 'string', default: ROWS.join(',') },
    json: { type: 'string' },
    seed: { type: 'string', default: '0' },
    python: { type: 'string' },
    quick: { type: 'boolean', default: false },
    child: { type: 'string' },
  },
});

const recipe = recipes.fashionMnist30min;
const quick = args.quick;
const minutes = Number(args.minutes ?? (quick ? 0.05 : recipe.pretrain.budget.minutes));
if (!(minutes > 0) || !Number.isFinite(minutes))
  throw new Error(`--minutes must be a positive number, got ${args.minutes}`);
const seed = Number(args.seed);
const batchSize = quick ? 64 : recipe.pretrain.batchSize;
const limits = { train: quick ? 1024 : undefined, test: quick ? 512 : undefined };
const pretrainOptions = {
  ...recipe.pretrain,
  batchSize,
  budget: { ...recipe.pretrain.budget, minutes },
  seed,
  monitor: false as const,
  memoryCheck: false,
};

/** Trains the row's model (unless a baseline) and returns its encoder and training record. */
async function trainRow(row: string, train: ReturnType<typeof loadFashionMnist>) {
  const model = createSimclrModel({ ...recipe.model, seed });
  if ((BASELINES as readonly string[]).includes(row))
    return {
      encoder: row === 'raw-pixels' ? flattenPixels : model,
      model,
      steps: 0,
      seconds: 0,
      imagesPerSec: 0,
      finalLoss: Number.NaN,
    };
  // The recipe's temperature is SimCLR's; the other methods keep their papers' own.
  const { temperature, ...shared } = pretrainOptions;
  const run = await pretrain(model, train, {
    ...shared,
    ...(row === 'simclr' ? { temperature } : { method: row as MethodName }),
    onWarning: (m) => console.log(`  warning: ${m}`),
    onStep: (s) => {
      if (s.step % 50 === 0)
        console.log(`  ${row} step ${s.step} loss ${s.loss.toFixed(3)} ${s.imagesPerSec.toFixed(0)} img/s`);
    },
  });
  const last = run.history.slice(-20);
  return {
    encoder: model as Encoder,
    model,
    steps: run.steps,
    seconds: run.seconds,
    imagesPerSec: (run.steps * batchSize) / run.seconds,
    finalLoss: last.reduce((s, h) => s + h.loss, 0) / Math.max(1, last.length),
  };
}

/** PyTorch trains with the same recipe and writes its features; they are read back as float32 rows. */
async function trainPytorch(
  trainImages: number,
  testImages: number,
): Promise<{ trainFeatures: FeatureArray; testFeatures: FeatureArray; record: Record<string, number | string> }> {
  const { python, why } = choosePython(args.python ?? process.env.LOOK_TWICE_BENCH_PYTHON, (line) =>
    console.log(`  [pytorch] ${line}`),
  );
  console.log(`  [pytorch] python ${python}: ${why}`);
  const out = mkdtempSync(join(tmpdir(), 'look-twice-quality-'));
  try {
    const { augment, learningRate, temperature, budget } = pretrainOptions;
    const outcome = await runChild({
      engine: 'pytorch',
      batchSize,
      command: python,
      args: [
        join(__dirname, 'pytorch_simclr.py'),
        '--config',
        JSON.stringify(resolveSimclrModelConfig({ ...recipe.model, seed })),
        '--recipe',
        JSON.stringify({ batchSize, learningRate, temperature, warmup: budget.warmup, augment }),
        '--minutes',
        String(minutes),
        '--out',
        out,
        '--seed',
        String(seed),
        ...(limits.train ? ['--train-images', String(limits.train)] : []),
        ...(limits.test ? ['--test-images', String(limits.test)] : []),
      ],
      env: { OMP_NUM_THREADS: '2' },
    });
    if ('error' in outcome) throw new Error(String(outcome.error));
    const record = outcome as unknown as Record<string, number | string>;
    const dim = Number(record.dim);
    const read = (path: string, n: number): FeatureArray => {
      const bytes = readFileSync(path);
      if (bytes.byteLength !== n * dim * 4)
        throw new Error(`${path}: ${bytes.byteLength} bytes, expected ${n} x ${dim} float32`);
      return { vectors: new Float32Array(bytes.buffer, bytes.byteOffset, n * dim).slice(), n, dim };
    };
    return {
      trainFeatures: read(String(record.trainFeatures), trainImages),
      testFeatures: read(String(record.testFeatures), testImages),
      record,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Child: one row, printed as "RESULT {json}". */
async function runRow(row: string): Promise<QualityRecord> {
  const load = loadavg()[0];
  const backend = await initBackend();
  const train = loadFashionMnist({ split: 'train', limit: limits.train });
  const test = loadFashionMnist({ split: 'test', limit: limits.test });
  console.log(
    `${row}: ${backend.name}; ${datasetSize(train)} train / ${datasetSize(test)} test images; load ${load.toFixed(1)}`,
  );
  let trainFeatures: FeatureArray,
    testFeatures: FeatureArray,
    engine: string = backend.name;
  let trained: { steps: number; seconds: number; imagesPerSec: number; finalLoss: number };
  let evalStarted: number;
  if (row === 'pytorch') {
    const torch = await trainPytorch(datasetSize(train), datasetSize(test));
    evalStarted = performance.now();
    ({ trainFeatures, testFeatures } = torch);
    const r = torch.record;
    trained = {
      steps: Number(r.steps),
      seconds: Number(r.seconds),
      imagesPerSec: Number(r.imagesPerSec),
      finalLoss: Number(r.finalLoss),
    };
    engine = String(r.version);
  } else {
    const { encoder, model, ...rest } = await trainRow(row, train);
    trained = rest;
    evalStarted = performance.now();
    trainFeatures = await embedDatasetArray(encoder, train);
    testFeatures = await embedDatasetArray(encoder, test);
    model.dispose();
  }
  const trainSet = { features: trainFeatures, labels: train.labels! };
  const testSet = { features: testFeatures, labels: test.labels! };
  const knnTop1 = await knnAccuracy(trainSet.features, trainSet.labels, testSet.features, testSet.labels, {
    k: quick ? 20 : 200,
  });
  const probe = await linearProbe(null, trainSet, testSet, {
    seed,
    ...(quick ? { weightDecay: [0.1, 0.01], maxIterations: 100 } : {}),
  });
  const stepsPerEpoch = datasetSize(train) / batchSize;
  return {
    row,
    minutes: trained.steps > 0 ? minutes : 0,
    ...trained,
    epochs: trained.steps / stepsPerEpoch,
    trainSeconds: trained.seconds,
    linearTop1: probe.testAccuracy,
    knnTop1,
    evalSeconds: (performance.now() - evalStarted) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    engine,
    load,
  };
}

export function formatQualityTable(records: QualityRecord[]): string {
  const header = [
    'row',
    'minutes',
    'steps',
    'epochs',
    'img/s',
    'linear top-1',
    'kNN top-1',
    'final loss',
    'eval s',
    'peak RSS',
    'engine',
    'load',
  ];
  const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');
  const rows = records.map((r) =>
    r.error
      ? [r.row, ...header.slice(1, -2).map(() => '-'), `failed: ${r.error}`, r.load.toFixed(1)]
      : [
          r.row,
          r.steps > 0 ? r.minutes.toFixed(1) : '-',
          String(r.steps),
          r.epochs.toFixed(2),
          r.steps > 0 ? r.imagesPerSec.toFixed(1) : '-',
          pct(r.linearTop1),
          pct(r.knnTop1),
          Number.isFinite(r.finalLoss) ? r.finalLoss.toFixed(3) : '-',
          r.evalSeconds.toFixed(0),
          `${(r.peakRssBytes / 2 ** 30).toFixed(2)} GiB`,
          r.engine,
          r.load.toFixed(1),
        ],
  );
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  if (args.child) {
    console.log(`RESULT ${JSON.stringify(await runRow(args.child))}`);
    return;
  }
  const rows = args.rows.split(',').map((r) => r.trim());
  for (const r of rows) if (!ROWS.includes(r)) throw new Error(`--rows: unknown '${r}' (known: ${ROWS.join(', ')})`);
  console.log(
    `bench:quality ${quick ? '(quick) ' : ''}${rows.length} rows, ${minutes} min each, batch ${batchSize}; recipe: ${recipe.description}`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load ${loadavg()[0].toFixed(2)}`,
  );
  const records: QualityRecord[] = [];
  for (const row of rows) {
    console.log(`  ${row} ...`);
    const load = loadavg()[0];
    const { record, code, tail } = await runSelfAsChild<QualityRecord>(row);
    records.push(
      record ?? {
        row,
        minutes,
        steps: 0,
        epochs: 0,
        imagesPerSec: 0,
        linearTop1: Number.NaN,
        knnTop1: Number.NaN,
        finalLoss: Number.NaN,
        trainSeconds: 0,
        evalSeconds: 0,
        peakRssBytes: 0,
        engine: '',
        load,
        error: `exit ${code}: ${tail.slice(-2).join(' | ')}`,
      },
    );
    if (args.json) writeFileSync(args.json, `${JSON.stringify(records, null, 2)}\n`);
  }
  console.log(
    `\n${formatQualityTable(records)}\n\nload average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  const failed = records.filter((r) => r.error);
  if (failed.length > 0) {
    console.error(`bench:quality: ${failed.map((r) => r.row).join(', ')} failed`);
    process.exitCode = 1;
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
