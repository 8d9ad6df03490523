/**
 * `npm run bench:methods`: every self-supervised method of the library side by side, as LightlySSL's
 * benchmark table (method, backbone, batch, epochs, kNN top-1, runtime, peak memory, hardware), at a
 * budget this machine runs. Each method pre-trains the same model (same seed) on the 60,000
 * Fashion-MNIST training images for the same wall-clock budget, then its encoder's representation
 * is evaluated on the 10,000 test images: kNN (k = 200, cosine, temperature-weighted votes, as
 * InstDisc's monitor) and a linear probe (top-1). Baselines: raw pixels and the untrained (random)
 * encoder. Each method runs in its own process, so peak memory (max RSS) is its own.
 * The learning rate is constant after a short warm-up (the run length is a time budget, not a step count).
 *
 * Options: --minutes M (per method; default 10)  --methods a,b  --backend auto|node|wasm|cpu
 *   --batch B (default 128)  --encoder resnet|cnn|tiny (default resnet, the library's default model)
 *   --k K (default 200)  --seed S  --json FILE
 *   --quick (CI: 1024/512 images, the tiny CNN, 3 s per method, k = 20)
 *   --speed (training img/s of every method at one batch instead, methodSpeeds.ts: default tfjs-node,
 *     batch 256, --steps 3 after --warmup 1; with --quick batch 32, 1 step)
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { initBackend, type BackendChoice } from '../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../src/simclr/data/fashionMnist';
import { datasetSize } from '../../src/simclr/data/dataset';
import { createSimclrModel, type SimclrModelOptions } from '../../src/simclr/models/simclrModel';
import { pretrain } from '../../src/simclr/train/pretrain';
import { METHOD_NAMES, type MethodName } from '../../src/simclr/methods/createMethod';
import { embedDatasetArray } from '../../src/simclr/eval/embed';
import { knnAccuracy } from '../../src/simclr/eval/knn';
import { linearProbe } from '../../src/simclr/eval/linearProbe';
import { flattenPixels } from '../../src/simclr/eval/pixelBaseline';
import type { Encoder } from '../../src/simclr/eval/embed';
import { runSelfAsChild } from './selfChild';
import { formatSpeedTable, measureMethodSpeed, type MethodSpeedRecord, type SpeedSettings } from './methodSpeeds';

/** One row of the table and of the JSON file. */
export interface MethodRecord {
  method: string;
  minutes: number;
  epochs: number;
  steps: number;
  batchSize: number;
  encoder: string;
  knnTop1: number;
  linearTop1: number;
  /** Mean loss of the last 20 steps (NaN for baselines). */
  finalLoss: number;
  trainSeconds: number;
  evalSeconds: number;
  peakRssBytes: number;
  backend: string;
  error?: string;
}

const BASELINES = ['raw-pixels', 'random-encoder'] as const;

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string' },
    methods: { type: 'string', default: [...BASELINES, ...METHOD_NAMES].join(',') },
    backend: { type: 'string' },
    batch: { type: 'string' },
    encoder: { type: 'string' },
    k: { type: 'string' },
    seed: { type: 'string', default: '0' },
    json: { type: 'string' },
    quick: { type: 'boolean', default: false },
    child: { type: 'string' },
    speed: { type: 'boolean', default: false },
    steps: { type: 'string' },
    warmup: { type: 'string', default: '1' },
  },
});
const speed = args.speed;
args.backend ??= speed ? 'node' : 'auto';

const quick = args.quick;
const settings = {
  minutes: Number(args.minutes ?? (quick ? 0.05 : 10)),
  batch: Number(args.batch ?? (quick ? 32 : speed ? 256 : 128)),
  encoder: (args.encoder ?? (quick ? 'tiny' : 'resnet')) as 'resnet' | 'cnn' | 'tiny',
  k: Number(args.k ?? (quick ? 20 : 200)),
  seed: Number(args.seed),
  trainImages: quick ? 1024 : undefined,
  testImages: quick ? 512 : undefined,
};
for (const [name, value] of Object.entries({ minutes: settings.minutes, batch: settings.batch, k: settings.k })) {
  if (!(value > 0) || !Number.isFinite(value)) throw new Error(`--${name} must be a positive number, got ${value}`);
}
if (!['resnet', 'cnn', 'tiny'].includes(settings.encoder))
  throw new Error(`--encoder must be resnet, cnn or tiny, got ${settings.encoder}`);

/** resnet and cnn: the library's default models of that kind; tiny: a 2-layer CNN (16, 32 channels, stride 2) with a 32-16 head. */
function modelOptions(): SimclrModelOptions {
  if (settings.encoder === 'tiny')
    return { encoder: { kind: 'cnn', widths: [16, 32], strides: [2, 2] }, headWidths: [32, 16], seed: settings.seed };
  return { encoder: settings.encoder, seed: settings.seed };
}

/** Child: trains (unless a baseline) and evaluates one method, then prints "RESULT {json}". */
async function runOne(method: string): Promise<MethodRecord> {
  const backend = await initBackend({ backend: args.backend as BackendChoice });
  const train = loadFashionMnist({ split: 'train', limit: settings.trainImages });
  const test = loadFashionMnist({ split: 'test', limit: settings.testImages });
  console.log(
    `${method}: ${backend.name} (${backend.reason.slice(0, 80)}); ${datasetSize(train)} train / ${datasetSize(test)} test images`,
  );
  const model = createSimclrModel(modelOptions());
  let steps = 0,
    epochs = 0,
    finalLoss = Number.NaN,
    trainSeconds = 0;
  if (!(BASELINES as readonly string[]).includes(method)) {
    const budgetMs = settings.minutes * 60_000;
    const started = performance.now();
    const controller = new AbortController();
    const stepsPerEpoch = Math.floor(datasetSize(train) / settings.batch);
    let lastReport = started;
    const result = await pretrain(model, train, {
      method: method as MethodName,
      batchSize: settings.batch,
      seed: settings.seed,
      epochs: 10_000,
      decay: 'constant',
      warmupSteps: 20,
      signal: controller.signal,
      memoryCheck: false,
      onWarning: (m) => console.log(`  warning: ${m}`),
      onStep: (s) => {
        const now = performance.now();
        if (now - started >= budgetMs) controller.abort();
        if (now - lastReport > 15_000) {
          lastReport = now;
          console.log(
            `  ${method} step ${s.step} loss ${s.loss.toFixed(3)} ${s.imagesPerSec.toFixed(0)} img/s ${JSON.stringify(s.metrics ?? {})}`,
          );
        }
      },
    });
    steps = result.steps;
    epochs = steps / stepsPerEpoch;
    trainSeconds = result.seconds;
    finalLoss =
      result.history.slice(-20).reduce((s, h) => s + h.loss, 0) / Math.max(1, Math.min(20, result.history.length));
  }
  const evalStarted = performance.now();
  const encoder: Encoder = method === 'raw-pixels' ? flattenPixels : model;
  const trainFeatures = await embedDatasetArray(encoder, train);
  const testFeatures = await embedDatasetArray(encoder, test);
  const knnTop1 = await knnAccuracy(trainFeatures, train.labels!, testFeatures, test.labels!, { k: settings.k });
  const probe = await linearProbe(
    null,
    { features: trainFeatures, labels: train.labels! },
    { features: testFeatures, labels: test.labels! },
    { seed: settings.seed },
  );
  model.dispose();
  return {
    method,
    minutes: settings.minutes,
    epochs,
    steps,
    batchSize: settings.batch,
    encoder: settings.encoder,
    knnTop1,
    linearTop1: probe.testAccuracy,
    finalLoss,
    trainSeconds,
    evalSeconds: (performance.now() - evalStarted) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    backend: backend.name,
  };
}

/** Parent: one child process per method, in order; its output lines are echoed. */
async function runChild(method: string): Promise<MethodRecord> {
  const { record, code, tail } = await runSelfAsChild<MethodRecord>(method);
  return (
    record ?? {
      method,
      minutes: settings.minutes,
      epochs: 0,
      steps: 0,
      batchSize: settings.batch,
      encoder: settings.encoder,
      knnTop1: Number.NaN,
      linearTop1: Number.NaN,
      finalLoss: Number.NaN,
      trainSeconds: 0,
      evalSeconds: 0,
      peakRssBytes: 0,
      backend: '',
      error: `exit ${code}: ${tail.slice(-2).join(' | ')}`,
    }
  );
}

export function formatMethodsTable(records: MethodRecord[]): string {
  const header = [
    'method',
    'encoder',
    'batch',
    'minutes',
    'steps',
    'epochs',
    'kNN top-1',
    'linear top-1',
    'final loss',
    'train s',
    'eval s',
    'peak RSS',
    'backend',
  ];
  const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');
  const rows = records.map((r) =>
    r.error
      ? [r.method, r.encoder, String(r.batchSize), '-', '-', '-', '-', '-', '-', '-', '-', '-', `failed: ${r.error}`]
      : [
          r.method,
          r.encoder,
          String(r.batchSize),
          r.steps > 0 ? r.minutes.toFixed(2) : '-',
          String(r.steps),
          r.epochs.toFixed(2),
          pct(r.knnTop1),
          pct(r.linearTop1),
          Number.isFinite(r.finalLoss) ? r.finalLoss.toFixed(3) : '-',
          r.trainSeconds.toFixed(0),
          r.evalSeconds.toFixed(0),
          `${(r.peakRssBytes / 2 ** 30).toFixed(2)} GiB`,
          r.backend,
        ],
  );
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

const speedSettings: SpeedSettings = {
  backend: args.backend,
  batch: settings.batch,
  steps: Number(args.steps ?? (quick ? 1 : 3)),
  warmup: Number(args.warmup),
  seed: settings.seed,
};

/** --speed: one child per method (baselines do not train), then the img/s table. */
async function mainSpeed(methods: string[]): Promise<void> {
  const trained = methods.filter((m) => !(BASELINES as readonly string[]).includes(m));
  console.log(
    `bench:methods --speed: ${trained.length} methods on ${speedSettings.backend}, batch ${speedSettings.batch}, ${speedSettings.steps} steps after ${speedSettings.warmup} warm-up; load ${loadavg()[0].toFixed(2)}`,
  );
  const records: MethodSpeedRecord[] = [];
  for (const m of trained) {
    console.log(`  ${m} ...`);
    const { record, code, tail } = await runSelfAsChild<MethodSpeedRecord>(m);
    records.push(
      record ?? {
        method: m,
        backend: speedSettings.backend,
        batchSize: speedSettings.batch,
        steps: 0,
        imagesPerSec: Number.NaN,
        cpuUtilisation: Number.NaN,
        peakRssBytes: 0,
        error: `exit ${code}: ${tail.slice(-2).join(' | ')}`,
      },
    );
  }
  console.log(
    `\n${formatSpeedTable(records)}\n\nload average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  if (args.json) writeFileSync(args.json, `${JSON.stringify(records, null, 2)}\n`);
  if (records.some((r) => r.error)) process.exitCode = 1;
}

async function main(): Promise<void> {
  if (args.child && speed) {
    const record = await measureMethodSpeed(args.child as MethodName, speedSettings);
    console.log(`RESULT ${JSON.stringify(record)}`);
    return;
  }
  if (args.child) {
    const record = await runOne(args.child);
    console.log(`RESULT ${JSON.stringify(record)}`);
    return;
  }
  const methods = args.methods.split(',').map((m) => m.trim());
  for (const m of methods) {
    if (!(BASELINES as readonly string[]).includes(m) && !(METHOD_NAMES as string[]).includes(m))
      throw new Error(`--methods: unknown '${m}' (known: ${[...BASELINES, ...METHOD_NAMES].join(', ')})`);
  }
  if (speed) return mainSpeed(methods);
  const [load1] = loadavg();
  console.log(
    `bench:methods ${quick ? '(quick) ' : ''}${methods.length} runs, ${settings.minutes} min each, batch ${settings.batch}, ${settings.encoder} encoder; ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${load1.toFixed(2)}`,
  );
  const records: MethodRecord[] = [];
  for (const m of methods) {
    console.log(`  ${m} ...`);
    records.push(await runChild(m));
  }
  console.log(
    `\n${formatMethodsTable(records)}\n\nload average at the end: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  if (args.json) writeFileSync(args.json, `${JSON.stringify(records, null, 2)}\n`);
  const failed = records.filter((r) => r.error);
  if (failed.length > 0) {
    console.error(`bench:methods: ${failed.map((r) => r.method).join(', ')} failed`);
    process.exitCode = 1;
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
