/**
 * Starts bench/pytorch_bench.py with a given Python interpreter: the bench venv with the newest
 * torch pip installs, else Debian's /usr/bin/python3 (python3-torch) (pytorchVenv.ts);
 * LOOK_TWICE_BENCH_PYTHON or --python picks another. The model config is the library's own, passed as JSON.
 */
import { join } from 'node:path';
import { resolveSimclrModelConfig } from '../../src/simclr/index';
import { runChild } from './childRun';
import type { EngineOutcome } from './engineRecord';
import { choosePython } from './pytorchVenv';

export const DEFAULT_PYTHON = '/usr/bin/python3';

export interface PytorchRunOptions {
  python?: string;
  batchSize: number;
  steps: number;
  warmup: number;
  inferSteps: number;
  threads?: number;
  /** The model without batch norm (the library's batchNorm: false). */
  noBatchNorm?: boolean;
  /** Train over this many images once (one epoch) instead of `steps` repeats of one batch. */
  epochImages?: number;
  /** Stop that epoch after this many timed steps (0: the whole epoch). */
  epochSteps?: number;
  /** Side of the attainable-peak matmul (0 skips it). */
  matmulSize?: number;
}

export function runPytorch(options: PytorchRunOptions): Promise<EngineOutcome> {
  const { python, why } = choosePython(options.python ?? process.env.LOOK_TWICE_BENCH_PYTHON, (line) =>
    console.log(`  [pytorch] ${line}`),
  );
  console.log(`  [pytorch] python ${python}: ${why}`);
  const config = resolveSimclrModelConfig(options.noBatchNorm ? { batchNorm: false } : {});
  return runChild({
    engine: 'pytorch',
    batchSize: options.batchSize,
    command: python,
    args: [
      join(__dirname, 'pytorch_bench.py'),
      '--config',
      JSON.stringify(config),
      '--batch',
      String(options.batchSize),
      '--steps',
      String(options.steps),
      '--warmup',
      String(options.warmup),
      '--infer-steps',
      String(options.inferSteps),
      '--threads',
      String(options.threads ?? 2),
      '--matmul',
      String(options.matmulSize ?? 2048),
      ...(options.epochImages
        ? ['--epoch-images', String(options.epochImages), '--epoch-steps', String(options.epochSteps ?? 0)]
        : []),
    ],
    env: { OMP_NUM_THREADS: String(options.threads ?? 2) },
  });
}
