/**
 * Multithreaded wasm (XNNPACK's thread pool on pthread workers) in Node, which tfjs-backend-wasm
 * 4.22 turns off there (tensorflow/tfjs#3830): its pthread worker is made from a blob: URL, which
 * node:worker_threads rejects. We write the worker and the module's main script to real files,
 * point blob URLs of JavaScript at them, report enough cores while the backend starts (the C++ side
 * uses at most half the logical cores), and unref the pool's workers so they never keep the process
 * alive. A child process tries it first (a hang or crash there costs nothing here); on any failure
 * the backend runs on one thread and the note says why. LOOK_TWICE_WASM_THREADS=N overrides.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { tf } from '../../tf';

export interface WasmThreadsPlan {
  /** Threads the backend will be started with (1: the stock single-threaded module). */
  threads: number;
  note: string;
  /** Call after tf.setBackend('wasm') resolved: restores os.cpus and unrefs the workers. */
  afterStart: () => void;
}

interface Paths {
  worker: string;
  main: string;
  probe: string;
}

/* eslint-disable @typescript-eslint/no-require-imports */
const wasmOut = () => join(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'), '..', 'wasm-out');

function writeAtomically(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/** Writes the worker, main script and probe into a per-version folder of the temp dir. */
function writeFiles(): Paths {
  const dir = join(os.tmpdir(), `look-twice-wasm-threads-${tf.version.tfjs}`);
  mkdirSync(dir, { recursive: true });
  const base = join(wasmOut(), 'tfjs-backend-wasm-threaded-simd');
  const { wasmWorkerContents } = require(`${base}.worker.js`) as { wasmWorkerContents: string };
  const factory = require(`${base}.js`) as (...args: unknown[]) => unknown;
  const paths: Paths = { worker: join(dir, 'worker.js'), main: join(dir, 'main.js'), probe: join(dir, 'probe.js') };
  writeAtomically(paths.main, `var WasmBackendModuleThreadedSimd = ${factory.toString()};\n`);
  writeAtomically(
    paths.worker,
    `URL.createObjectURL = () => ${JSON.stringify(paths.main)}; URL.revokeObjectURL = () => {};\n${wasmWorkerContents.replace(/\n/g, '\\n')}`,
  );
  // (the worker text holds string literals with raw newlines; tfjs escapes them the same way)
  // The probe repeats applyPatches (below) in plain JavaScript, then runs a convolution on the pool.
  writeAtomically(
    paths.probe,
    `'use strict';
const [tfPath, wasmPath, workerJs, threads] = process.argv.slice(2);
const os = require('os'); const tf = require(tfPath); const wasm = require(wasmPath);
const orig = URL.createObjectURL;
URL.createObjectURL = (b) => (b && b.type === 'application/javascript') ? workerJs : orig(b);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true); wasm.setThreadsCount(+threads);
const cpus = os.cpus.bind(os); os.cpus = () => { const c = cpus(); while (c.length < 2 * threads) c.push(c[0]); return c; };
tf.setBackend('wasm').then(async (ok) => {
  if (!ok) throw new Error('setBackend failed');
  const y = tf.conv2d(tf.ones([8, 16, 16, 8]), tf.ones([3, 3, 8, 8]), 1, 'same');
  const v = (await y.data())[0]; // corner pixel: 2 x 2 taps x 8 channels = 32
  console.log('OK ' + wasm.getThreadsCount() + ' ' + v); process.exit(0);
}).catch((e) => { console.log('FAIL ' + (e && e.message)); process.exit(1); });
`,
  );
  return paths;
}

function requestedThreads(requested: number | 'auto'): number {
  const env = globalThis.process?.env?.LOOK_TWICE_WASM_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`LOOK_TWICE_WASM_THREADS must be a positive integer, got '${env}'`);
    return n;
  }
  return requested === 'auto' ? Math.min(os.cpus().length, 4) : requested;
}

const single = (note: string): WasmThreadsPlan => ({ threads: 1, note, afterStart: () => undefined });

/**
 * Prepares this process's wasm backend to start with worker threads, after a child process showed
 * that it works. Call before the first tf.setBackend('wasm').
 */
export function prepareWasmThreads(requested: number | 'auto' = 'auto'): WasmThreadsPlan {
  const threads = requestedThreads(requested);
  if (threads < 2) return single('1 thread');
  let paths: Paths;
  try {
    paths = writeFiles();
  } catch (error) {
    return single(`1 thread (threaded wasm files could not be written: ${(error as Error).message})`);
  }
  // A success is remembered per Node and tfjs version (a marker file), so later processes skip the trial.
  const marker = join(paths.probe, '..', `ok-node${process.versions.node}-t${threads}`);
  if (existsSync(marker)) {
    const restore = applyPatches(paths.worker, threads);
    return {
      threads,
      note: `${threads} threads (worker-thread pool)`,
      afterStart: () => {
        restore();
        unrefWorkers();
      },
    };
  }
  const probe = spawnSync(
    process.execPath,
    [
      paths.probe,
      require.resolve('@tensorflow/tfjs'),
      require.resolve('@tensorflow/tfjs-backend-wasm'),
      paths.worker,
      String(threads),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const answer = (probe.stdout ?? '').split('\n').find((l) => l.startsWith('OK ') || l.startsWith('FAIL '));
  const [, probedThreads, value] = answer?.split(' ') ?? [];
  if (!answer?.startsWith('OK ') || Number(value) !== 32) {
    const why =
      probe.error?.message ?? answer ?? (probe.stderr ?? '').trim().split('\n').pop() ?? `exit ${probe.status}`;
    return single(`1 thread (threaded wasm failed its trial in a child process: ${why})`);
  }
  writeAtomically(marker, answer);
  const restoreCpus = applyPatches(paths.worker, threads);
  return {
    threads: Number(probedThreads),
    note: `${probedThreads} threads (worker-thread pool)`,
    afterStart: () => {
      restoreCpus();
      unrefWorkers();
    },
  };
}

/** Redirects JavaScript blob URLs to the worker file, turns threads on, reports >= 2N cores until restored. */
function applyPatches(workerJs: string, threads: number): () => void {
  const originalUrl = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob | MediaSource) =>
    obj instanceof Blob && obj.type === 'application/javascript' ? workerJs : originalUrl(obj);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  (require('@tensorflow/tfjs-backend-wasm') as { setThreadsCount(n: number): void }).setThreadsCount(threads);
  const cpus = os.cpus;
  os.cpus = () => {
    const c = cpus();
    while (c.length < 2 * threads) c.push(c[0]);
    return c;
  };
  return () => {
    os.cpus = cpus;
  };
}

/** The pool's workers are referenced while they run; unref them so the process can exit. */
export function unrefWorkers(): number {
  const wasm = (
    tf.findBackend('wasm') as unknown as {
      wasm?: { PThread?: { runningWorkers: Array<{ unref(): void }>; unusedWorkers: Array<{ unref(): void }> } };
    } | null
  )?.wasm;
  const pool = wasm?.PThread;
  if (!pool) return 0;
  const workers = [...pool.runningWorkers, ...pool.unusedWorkers];
  workers.forEach((w) => w.unref());
  return workers.length;
}
