/**
 * `npm run bench`: SimCLR training and inference throughput of the library's default model on every
 * TensorFlow.js backend that loads, side by side with the same architecture in PyTorch; engines run
 * interleaved (round 1: each engine once, round 2: ...), each in its own process; medians.
 * Options: --engines tfjs-node,tfjs-wasm,tfjs-cpu,pytorch  --batch 256  --steps 5  --warmup 1
 *   --rounds 2  --infer-steps 5  --cpu-batch 16  --cpu-steps 1  --python PATH  --json FILE
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
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runChild } from './childRun';
import { ENGINES, isFailure, type EngineName, type EngineOutcome } from './engineRecord';
import { runPytorch } from './pytorchLauncher';
import { combineRounds, formatTable } from './report';

const { values: args } = parseArgs({
  options: {
    engines: { type: 'string', default: ENGINES.join(',') },
    batch: { type: 'string', default: '256' },
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    rounds: { type: 'string', default: '2' },
    'infer-steps': { type: 'string', default: '5' },
    'cpu-batch': { type: 'string', default: '16' },
    'cpu-steps': { type: 'string', default: '1' },
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
  inferSteps = num('infer-steps');
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

async function main(): Promise<void> {
  if (args.profile) {
    const outcome = await runTfjs(`tfjs-${args['profile-backend']}` as EngineName, batch, ['--profile']);
    if (isFailure(outcome)) throw new Error(outcome.error);
    return;
  }
  console.log(
    `bench: engines ${engines.join(', ')}; batch ${batch} (tfjs-cpu ${args['cpu-batch']}); ${epochImages > 0 ? `one epoch over ${epochImages} images${epochSteps > 0 ? ` (first ${epochSteps} steps)` : ''}` : `${steps} steps`} after ${warmup} warm-up; ${rounds} interleaved rounds${args['no-bn'] ? '; model WITHOUT batch norm' : ''}`,
  );
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
      }
      all.push(outcome);
    }
  }
  const combined = combineRounds(all);
  console.log(`\n${formatTable(combined)}\n`);
  console.log('train = source images/s through one optimisation step on two views (forward, NT-Xent, backward, Adam);');
  console.log(
    'infer = images/s through the encoder in inference mode, batch 256; ratios are to PyTorch in this same run.',
  );
  if (args.json) {
    writeFileSync(args.json, `${JSON.stringify(combined, null, 2)}\n`);
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
