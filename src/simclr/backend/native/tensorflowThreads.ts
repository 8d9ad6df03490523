/**
 * TensorFlow's CPU thread pools under tfjs-node, set deliberately before the binding loads.
 * tfjs-node's binding creates TensorFlow's eager context when it is required, and TensorFlow sizes
 * its pools then, from TF_NUM_INTRAOP_THREADS (the Eigen/oneDNN pool that splits one op's work) and
 * TF_NUM_INTEROP_THREADS (the pool that runs independent ops side by side), each the number of cores
 * when unset. tfjs-node runs eager ops synchronously, one at a time from JavaScript, so the inter-op
 * pool has nothing to overlap; the intra-op pool is what keeps the cores busy inside an op.
 * So the plan is intra-op = cores, inter-op = 1 (one thread fewer competing for a core). A value the
 * user set in the environment is kept (that is the override). oneDNN in this TensorFlow runs on the
 * intra-op pool (no OpenMP), so OMP_* does not apply. Measured against TensorFlow's default (2 and 2 on
 * 2 cores) at load ~10: images per CPU-second within the noise (BENCHMARKS.md, issue 18).
 */
import { availableParallelism } from 'node:os';

export const INTRA_OP_ENV = 'TF_NUM_INTRAOP_THREADS';
export const INTER_OP_ENV = 'TF_NUM_INTEROP_THREADS';

export interface TensorflowThreads {
  intraOp: number;
  interOp: number;
  /** Per variable: 'environment' (the user's value, kept) or 'library' (set here). */
  source: { intraOp: 'environment' | 'library'; interOp: 'environment' | 'library' };
}

/** A positive integer from the environment, or undefined (unset or not a positive integer). */
function positive(raw: string | undefined): number | undefined {
  const n = Number(raw?.trim());
  return raw !== undefined && raw.trim() !== '' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The pools to use: the environment's values where set, else intra-op = cores, inter-op = 1.
 * @param env the process environment (read only)
 * @param cores logical cores available to the process
 */
export function tensorflowThreadPlan(env: NodeJS.ProcessEnv, cores: number): TensorflowThreads {
  const intra = positive(env[INTRA_OP_ENV]);
  const inter = positive(env[INTER_OP_ENV]);
  return {
    intraOp: intra ?? Math.max(1, cores),
    interOp: inter ?? 1,
    source: { intraOp: intra ? 'environment' : 'library', interOp: inter ? 'environment' : 'library' },
  };
}

/**
 * Writes the plan into `env` (TensorFlow reads it when tfjs-node is required); the user's values stay.
 * @returns the plan, for the backend's report
 */
export function applyTensorflowThreads(
  env: NodeJS.ProcessEnv = process.env,
  cores = availableParallelism(),
): TensorflowThreads {
  const plan = tensorflowThreadPlan(env, cores);
  env[INTRA_OP_ENV] = String(plan.intraOp);
  env[INTER_OP_ENV] = String(plan.interOp);
  return plan;
}
