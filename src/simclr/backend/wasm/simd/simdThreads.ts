/**
 * Runs the SIMD kernels on several cores: worker threads that instantiate the same module on the
 * same shared memory (tfjs-backend-wasm's multithreaded heap), driven through a small shared control
 * block with Atomics, so a dispatch costs microseconds and no message round trip. The calling
 * thread always does the first share of the work itself, then waits for the workers.
 *
 * Workers start lazily, are unref'd (a script still exits by itself) and block in Atomics.wait when
 * idle. A share a worker cannot run (it failed to start, or trapped) is run by the caller. Without shared memory (tfjs's single-threaded module) or with one thread, everything runs
 * on the calling thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Control block layout (Int32 slots per worker): sequence number, done flag, function index, failed flag. */
const SLOTS = 4,
  SEQ = 0,
  DONE = 1,
  FN = 2,
  FAILED = 3;
/** Float64 argument slots per worker. */
const MAX_ARGS = 24;

/** The worker: instantiate, then run calls forever. Plain JS, started with `eval: true` (no file). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, args, index, names } = workerData;
let exports;
try { exports = new WebAssembly.Instance(module, { env: { memory } }).exports; } catch { exports = undefined; }
const ctrl = new Int32Array(control), argv = new Float64Array(args);
const base = index * ${SLOTS}, argBase = index * ${MAX_ARGS};
const fns = exports ? names.map((n) => exports[n]) : [];
let seq = 0;
for (;;) {
  Atomics.wait(ctrl, base + ${SEQ}, seq);
  seq = Atomics.load(ctrl, base + ${SEQ});
  const fn = fns[ctrl[base + ${FN}]];
  try {
    if (!fn) throw new Error('not instantiated');
    fn.apply(null, Array.from(argv.subarray(argBase, argBase + fn.length)));
    ctrl[base + ${FAILED}] = 0;
  } catch {
    ctrl[base + ${FAILED}] = 1; // the caller runs this share itself (and so surfaces a real trap)
  }
  Atomics.store(ctrl, base + ${DONE}, seq);
  Atomics.notify(ctrl, base + ${DONE});
}
`;

export interface SimdPool {
  /** Threads that run a parallel call, the caller included. */
  readonly threads: number;
  /**
   * Calls export `name` once per entry of `calls` (argument lists), in parallel: calls[0] on this
   * thread, the others on workers. Returns when all are done. Calls must write disjoint memory.
   */
  run(name: string, calls: number[][]): void;
}

/**
 * [0, n) in at most `parts` contiguous non-empty ranges of near-equal size (one per thread), the
 * inner cuts on multiples of `align` (so a SIMD loop covers each share whole).
 */
export function splitRange(n: number, parts: number, align = 1): [number, number][] {
  const k = Math.max(1, Math.min(parts, Math.floor(n / align)));
  const cut = (i: number) => (i === k ? n : Math.floor((i * n) / k / align) * align);
  return Array.from({ length: k }, (_, i) => [cut(i), cut(i + 1)]);
}

/** How many threads the SIMD kernels use: LOOK_TWICE_WASM_THREADS, else the cores (at most 4). */
export function simdThreadCount(): number {
  const env = Number(process.env.LOOK_TWICE_WASM_THREADS);
  if (Number.isInteger(env) && env >= 1) return Math.min(env, 16);
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/**
 * @param module the compiled kernels (the same binary the calling thread instantiated)
 * @param exports the calling thread's instance
 * @param memory the shared memory both use; a non-shared memory gives a one-thread pool
 */
export function createSimdPool(
  module: WebAssembly.Module,
  exports: Record<string, unknown>,
  memory: WebAssembly.Memory,
  threads = simdThreadCount(),
): SimdPool {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const names = Object.keys(exports)
    .filter((k) => typeof exports[k] === 'function')
    .sort();
  const workerCount = shared ? threads - 1 : 0;
  const control = new SharedArrayBuffer(Math.max(1, workerCount) * SLOTS * 4);
  const args = new SharedArrayBuffer(Math.max(1, workerCount) * MAX_ARGS * 8);
  const ctrl = new Int32Array(control),
    argv = new Float64Array(args);
  let workers: Worker[] | undefined;
  let seq = 0;

  const start = () => {
    workers = Array.from({ length: workerCount }, (_, index) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control, args, index, names },
      });
      worker.unref();
      // A worker that cannot start marks every share it is given as failed (see WORKER_SOURCE).
      worker.on('error', () => undefined);
      return worker;
    });
  };

  return {
    threads: workerCount + 1,
    run(name, calls) {
      const fn = exports[name] as ((...a: number[]) => void) | undefined;
      if (typeof fn !== 'function') throw new Error(`SIMD kernel ${name} is not in the module`);
      if (calls.length > workerCount + 1) throw new Error(`${calls.length} calls for ${workerCount + 1} threads`);
      if (calls.length > 1 && !workers) {
        try {
          start();
        } catch {
          workers = []; // no worker threads here (e.g. a host without eval workers): run every share on this thread
        }
      }
      if (workers?.length === 0) {
        for (const call of calls) fn(...call);
        return;
      }
      seq++;
      for (let w = 0; w + 1 < calls.length; w++) {
        const call = calls[w + 1];
        if (call.length > MAX_ARGS) throw new Error(`SIMD kernel ${name}: more than ${MAX_ARGS} arguments`);
        argv.set(call, w * MAX_ARGS);
        ctrl[w * SLOTS + FN] = names.indexOf(name);
        Atomics.store(ctrl, w * SLOTS + SEQ, seq);
        Atomics.notify(ctrl, w * SLOTS + SEQ);
      }
      // Even if this thread's share traps, wait for the workers before returning: the caller frees
      // the buffers they write into as soon as run() ends.
      const failed: number[] = [];
      try {
        fn(...calls[0]);
      } finally {
        for (let w = 0; w + 1 < calls.length; w++) {
          for (;;) {
            // Wait on the value just read: if the worker finishes in between, wait returns at once.
            const done = Atomics.load(ctrl, w * SLOTS + DONE);
            if (done === seq) break;
            Atomics.wait(ctrl, w * SLOTS + DONE, done);
          }
          if (ctrl[w * SLOTS + FAILED]) failed.push(w + 1);
        }
      }
      // Shares write disjoint memory and are deterministic, so a share a worker could not run is
      // simply run here; a genuine trap then throws on this thread with its own message.
      for (const i of failed) fn(...calls[i]);
    },
  };
}
