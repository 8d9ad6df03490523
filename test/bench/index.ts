/**
 * `npm run bench`: SimCLR training and inference throughput of the library's default model on every
 * TensorFlow.js backend that loads, side by side with the same architecture in PyTorch; engines run
 * interleaved (round 1: each engine once, round 2: ...), each in its own process. Each round gives
 * each engine's ratio to PyTorch in that round; a target is judged by the median ratio and its
 * spread (min-max). Also: CPU utilisation (CPU-seconds / wall-seconds) of training and inference,
 * the model's FLOPs per image (src/simclr/models/flopCount.ts), each engine's achieved GFLOP/s
 * against this machine's peak (cpuPeak.ts) and against a large matmul on the same engine, and a
 * memory-bandwidth figure for the roofline.
 * Options: --engines tfjs-node,tfjs-wasm,tfjs-cpu,pytorch  --batch 256  --steps 5  --warmup 1
 *   --rounds 3  --infer-steps 5  --cpu-batch 16  --cpu-steps 1  --matmul 2048  --python PATH  --json FILE
 *   --quick (smoke test, ~2 min: 2 rounds, batch 32, 1 step, no tfjs-cpu unless named, matmul 256, no kernel bench)
 *   --stock-kernels (tfjs without the project's kernels: the "before" numbers)
 *   --with-stock (also run tfjs-wasm with stock kernels each round, from batch 128, as its own row)
 *   --profile (per-kernel breakdown of one tfjs-wasm training step, then exit; --profile-backend node|wasm|cpu)
 *   --no-bn (the model without batch norm, in every engine)
 *   --epoch-images N (train one epoch over the first N Fashion-MNIST images, e.g. 60000: peak memory of a real epoch)
 *   --epoch-steps K (with --epoch-images: stop after K timed steps; the N images stay loaded)
 *   --no-kernel (skip the closing kernel start / cell round-trip measurement, test/bench/kernel.ts)
 * PyTorch runs from the bench venv (.cache/bench-venv, newest torch pip installs), else Debian's (pytorchVenv.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSimclrModel, simclrFlops, arithmeticIntensity } from '../../src/simclr/index';
import { runChild } from './childRun';
import { cpuPeak, parseCpuInfo, parseLscpuMaxMhz, raisePeakToMeasured } from './cpuPeak';
import { ENGINES, isFailure, type EngineName, type EngineOutcome, type EngineRecord } from './engineRecord';
import { measureCopyBandwidth } from './memoryBandwidth';
import { runPytorch } from './pytorchLauncher';
import { combineRounds, engineLimit, formatLimitTable, formatTable, type HardwareLimit } from './report';

const { values: args } = parseArgs({
  options: {
    engines: { type: 'string' },
    batch: { type: 'string' },
    steps: { type: 'string' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string' },
    'infer-steps': { type: 'string' },
    'cpu-batch': { type: 'string' },
    'cpu-steps': { type: 'string', default: '1' },
    matmul: { type: 'string' },
    quick: { type: 'boolean', default: false },
    python: { type: 'string' },
    json: { type: 'string' },
    'stock-kernels': { type: 'boolean', default: false },
    'with-stock': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'profile-backend': { type: 'string', default: 'wasm' },
    'no-bn': { type: 'boolean', default: false },
    'no-kernel': { type: 'boolean', default: false },
    'epoch-images': { type: 'string', default: '0' },
    'epoch-steps': { type: 'string', default: '0' },
  },
});

// --quick: every part of the report, at sizes that finish in about two minutes on a busy machine.
const quick = args.quick;
args.engines ??= (quick ? ENGINES.filter((e) => e !== 'tfjs-cpu') : ENGINES).join(',');
args.batch ??= quick ? '32' : '256';
args.steps ??= quick ? '1' : '5';
args['infer-steps'] ??= quick ? '1' : '5';
args['cpu-batch'] ??= quick ? '8' : '16';
args.matmul ??= quick ? '256' : '2048';
args.rounds ??= quick ? '2' : '3';
if (quick) args['no-kernel'] = true;

const engines = args.engines.split(',').map((e) => e.trim()) as EngineName[];
for (const e of engines)
  if (!ENGINES.includes(e)) throw new Error(`--engines: unknown engine '${e}' (known: ${ENGINES.join(', ')})`);
const num = (name: keyof typeof args) => {
  const v = Number(args[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer, got ${args[name]}`);
  return v;
};
const batch = num('batch'),
  steps = num('steps'),
  warmup = num('warmup'),
  rounds = num('rounds'),
  inferSteps = num('infer-steps'),
  matmulSize = num('matmul');
const epochImages = num('epoch-images'),
  epochSteps = num('epoch-steps');
/** Options every engine gets: the model variant and the epoch mode. */
const variant = [
  ...(args['no-bn'] ? ['--no-bn'] : []),
  ...(epochImages > 0 ? ['--epoch-images', String(epochImages), '--epoch-steps', String(epochSteps)] : []),
];

/** Batch sizes tried after a tfjs run dies (the wasm heap is wasm32: an out-of-memory run aborts). */
const fallbacks = (b: number) => [b, ...[192, 128, 64, 32].filter((x) => x < b)];

function runTfjs(
  engine: EngineName,
  b: number,
  extra: string[] = [],
  stock = args['stock-kernels'],
): Promise<EngineOutcome> {
  const backend = engine.replace('tfjs-', '');
  const cpu = backend === 'cpu';
  return runChild({
    engine,
    batchSize: b,
    command: process.execPath,
    args: [
      '--import',
      'tsx',
      join(__dirname, 'tfjsEngine.ts'),
      '--backend',
      backend,
      '--batch',
      String(b),
      '--steps',
      String(cpu ? num('cpu-steps') : steps),
      '--warmup',
      String(cpu ? 0 : warmup),
      '--infer-steps',
      String(cpu ? 1 : inferSteps),
      '--matmul',
      // The cpu backend runs a 2048 matmul for minutes; its peak is plain JavaScript's anyway.
      String(cpu ? Math.min(matmulSize, 256) : matmulSize),
      ...(stock ? ['--stock-kernels'] : []),
      ...variant,
      ...extra,
    ],
  });
}

async function runEngine(
  engine: EngineName,
  largest: Map<string, number>,
  stock = args['stock-kernels'],
): Promise<EngineOutcome> {
  if (engine === 'pytorch')
    return runPytorch({
      python: args.python,
      batchSize: batch,
      steps,
      warmup,
      inferSteps,
      noBatchNorm: args['no-bn'],
      epochImages,
      epochSteps,
      matmulSize,
    });
  const key = `${engine}${stock ? '/stock' : ''}`;
  // Stock wasm with batch norm overflows its 4 GiB heap above ~160 (the probe's b192 died): start at 128.
  const start =
    engine === 'tfjs-cpu'
      ? num('cpu-batch')
      : (largest.get(key) ?? (stock && engine === 'tfjs-wasm' ? Math.min(batch, 128) : batch));
  let outcome: EngineOutcome | undefined;
  for (const b of fallbacks(start)) {
    outcome = await runTfjs(engine, b, [], stock);
    if (!isFailure(outcome)) break;
    // Only an out-of-memory death is worth a smaller batch; tfjs-node absent etc. is final.
    if (!/out of bounds|Aborted|memory|ENOMEM|heap/i.test(outcome.error)) break;
    console.log(`  ${engine} at batch ${b} ran out of memory; trying a smaller batch`);
  }
  if (outcome && !isFailure(outcome)) largest.set(key, outcome.batchSize);
  return outcome!;
}

const fmtLoad = (l: number[]) => l.map((x) => x.toFixed(2)).join(', ');

/**
 * The model's FLOPs (counted from the layers of the model the engines run), this machine's peak
 * (raised to the fastest matmul of the run's `records` when one beats it), a copy bandwidth, and the
 * roofline's ridge; printed before the limit table and kept for the JSON.
 */
function describeHardware(records: EngineRecord[]) {
  const model = createSimclrModel(args['no-bn'] ? { batchNorm: false } : {});
  const f = simclrFlops(model);
  model.dispose();
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' });
  const cpu = parseCpuInfo(readFileSync('/proc/cpuinfo', 'utf8'));
  const fastest = records
    .filter((o) => o.matmulGflops)
    .reduce<EngineRecord | undefined>(
      (best, o) => (best && best.matmulGflops! >= o.matmulGflops! ? best : o),
      undefined,
    );
  const nominal = cpuPeak(cpu, lscpu.status === 0 ? parseLscpuMaxMhz(lscpu.stdout) : undefined);
  const peak = fastest
    ? raisePeakToMeasured(nominal, fastest.matmulGflops!, `${fastest.engine}'s ${fastest.matmulSize} matmul`)
    : nominal;
  const bandwidthGBs = measureCopyBandwidth();
  const ridge = peak.gflops / bandwidthGBs;
  const views = 2 * batch;
  const convs = f.encoder.layers
    .filter((l) => l.kind === 'Conv2D')
    .map((l) => ({
      name: l.name,
      outputShape: l.outputShape,
      mflopsPerImage: l.forward / 1e6,
      intensity: arithmeticIntensity(l, views),
    }));
  const limit: HardwareLimit = {
    trainFlopsPerImage: f.trainingPerImage,
    inferFlopsPerImage: f.inferencePerImage,
    peak,
  };
  const mflop = (x: number) => `${(x / 1e6).toFixed(1)} MFLOP`;
  const summary = [
    `FLOPs (src/simclr/models/flopCount.ts): ${mflop(f.trainingPerImage)} per training image (two views, forward + backward),` +
      ` ${mflop(f.inferencePerImage)} per inference image (batch norm folded); forward per view ${mflop(f.encoder.forward + f.head.forward)},` +
      ` of which convolutions and dense ${((100 * [...f.encoder.layers, ...f.head.layers].reduce((s, l) => s + l.multiplyAdd, 0)) / (f.encoder.forward + f.head.forward)).toFixed(1)}%`,
    `peak: ${cpu.modelName}, ${peak.cores} cores x ${peak.fmaUnits} FMA units x ${peak.lanes} fp32 lanes (${peak.isa}) x 2 x ${peak.clockGHz.toFixed(2)} GHz = ${peak.gflops.toFixed(1)} GFLOP/s`,
    `  (assumed: ${peak.assumption})`,
    `memory: ${bandwidthGBs.toFixed(1)} GB/s (one-thread copy, read + write); ridge ${ridge.toFixed(1)} FLOP/byte`,
    `conv layers' forward arithmetic intensity at ${views} views (FLOP/byte, each value crossing memory once): ` +
      convs.map((c) => `${c.outputShape.join('x')} ${c.intensity.toFixed(0)}`).join(', '),
  ];
  return {
    limit,
    summary,
    machine: { cpu: cpu.modelName, flags: [...cpu.flags].filter((x) => /avx|fma/.test(x)), peak, bandwidthGBs, ridge },
    flops: {
      trainingPerImage: f.trainingPerImage,
      inferencePerImage: f.inferencePerImage,
      forwardPerView: f.encoder.forward + f.head.forward,
      convs,
    },
  };
}

async function main(): Promise<void> {
  if (args.profile) {
    const outcome = await runTfjs(`tfjs-${args['profile-backend']}` as EngineName, batch, ['--profile']);
    if (isFailure(outcome)) throw new Error(outcome.error);
    return;
  }
  console.log(
    `bench: engines ${engines.join(', ')}; batch ${batch} (tfjs-cpu ${args['cpu-batch']}); ${epochImages > 0 ? `one epoch over ${epochImages} images${epochSteps > 0 ? ` (first ${epochSteps} steps)` : ''}` : `${steps} steps`} after ${warmup} warm-up; ${rounds} interleaved rounds${args['no-bn'] ? '; model WITHOUT batch norm' : ''}`,
  );
  const loadBefore = loadavg();
  const all: EngineOutcome[] = [];
  const largest = new Map<string, number>();
  const failedFinally = new Set<string>();
  const runs: Array<{ engine: EngineName; stock: boolean }> = engines.map((engine) => ({
    engine,
    stock: args['stock-kernels'],
  }));
  if (args['with-stock'] && engines.includes('tfjs-wasm'))
    runs.splice(runs.findIndex((r) => r.engine === 'tfjs-wasm') + 1, 0, { engine: 'tfjs-wasm', stock: true });
  for (let r = 1; r <= rounds; r++) {
    for (const run of runs) {
      const label = `${run.engine}${run.stock ? ' (stock kernels)' : ''}`;
      if (failedFinally.has(label)) continue;
      console.log(`round ${r}/${rounds}: ${label}`);
      const outcome = await runEngine(run.engine, largest, run.stock);
      if (isFailure(outcome)) {
        if (run.stock) outcome.variant = 'stock kernels';
        console.log(`  ${label} failed: ${outcome.error}`);
        failedFinally.add(label);
      } else outcome.round = r;
      all.push(outcome);
    }
  }
  const loadAfter = loadavg();
  const combined = combineRounds(all);
  const hardware = describeHardware(combined.filter((o): o is EngineRecord => !isFailure(o)));
  console.log(`\n${formatTable(combined)}\n`);
  console.log('train = source images/s through one optimisation step on two views (forward, NT-Xent, backward, Adam);');
  console.log(
    'infer = images/s through the encoder in inference mode, batch 256; "vs torch (rounds)" = the median of the',
  );
  console.log(
    'per-round ratios to PyTorch in this same run (min-max); CPU use = process CPU-seconds per wall-second (2.0 = both cores).',
  );
  console.log(`\n${hardware.summary.join('\n')}\n`);
  console.log(formatLimitTable(combined, hardware.limit));
  console.log(`\nload average before ${fmtLoad(loadBefore)}, after ${fmtLoad(loadAfter)}`);
  if (args.json) {
    const report = {
      date: new Date().toISOString(),
      commit: spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || undefined,
      loadBefore,
      loadAfter,
      settings: { engines, batch, steps, warmup, rounds, inferSteps, matmulSize, noBatchNorm: args['no-bn'] },
      machine: hardware.machine,
      flops: hardware.flops,
      engines: combined.map((o) => (isFailure(o) ? o : { ...o, ...engineLimit(o, hardware.limit) })),
    };
    writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`wrote ${args.json}`);
  }
  if (!args['no-kernel']) {
    // Issue 3's kernel numbers belong to the same report: start-to-ready and trivial-cell round trip.
    console.log('\nkernel: start to ready and trivial-cell round trip (test/bench/kernel.ts; --no-kernel skips it)');
    const kernel = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'kernel.ts'), '--starts', '3', '--cells', '100'],
      { stdio: 'inherit' },
    );
    if (kernel.status !== 0) process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
