/**
 * Starts bench/pytorch_bench.py with a given Python interpreter. The default is Debian's
 * /usr/bin/python3 (python3-torch); LOOK_TWICE_BENCH_PYTHON or --python picks another (e.g. a venv
 * with a newer torch). The model config is the library's own, passed as JSON.
 */
import { join } from 'node:path';
import { resolveSimclrModelConfig } from '../src/simclr/index';
import { runChild } from './childRun';
import type { EngineOutcome } from './engineRecord';

export const DEFAULT_PYTHON = '/usr/bin/python3';

export interface PytorchRunOptions {
  python?: string;
  batchSize: number;
  steps: number;
  warmup: number;
  inferSteps: number;
  threads?: number;
}

export function runPytorch(options: PytorchRunOptions): Promise<EngineOutcome> {
  const python = options.python ?? process.env.LOOK_TWICE_BENCH_PYTHON ?? DEFAULT_PYTHON;
  const config = resolveSimclrModelConfig();
  return runChild({
    engine: 'pytorch',
    batchSize: options.batchSize,
    command: python,
    args: [
      join(__dirname, 'pytorch_bench.py'), '--config', JSON.stringify(config),
      '--batch', String(options.batchSize), '--steps', String(options.steps), '--warmup', String(options.warmup),
      '--infer-steps', String(options.inferSteps), '--threads', String(options.threads ?? 2),
    ],
    env: { OMP_NUM_THREADS: String(options.threads ?? 2) },
  });
}
