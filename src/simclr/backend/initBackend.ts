/**
 * Chooses and starts the TensorFlow.js backend: tfjs-node (TensorFlow's C library) when it loads,
 * else wasm (XNNPACK, SIMD), else cpu (pure JS, ~20x slower than wasm). LOOK_TWICE_BACKEND=node|wasm|cpu
 * (or options.backend) forces one and fails with a clear error when it cannot start. The project's
 * gradient kernels are installed for the chosen backend (kernelRegistry.ts), so training works on wasm.
 */
import { tf } from '../tf';
import { loadNativeBackend } from './native/nativeBackend';
import { registerTrainingKernels, type TrainingKernelOptions } from './kernelRegistry';
import { simdKernelsStatus } from './wasm/simd/simdKernels';
import { prepareWasmThreads } from './wasm/wasmThreads';

export type BackendChoice = 'node' | 'wasm' | 'cpu';

export interface BackendInfo {
  /** The project's name for the backend (the values LOOK_TWICE_BACKEND takes). */
  name: BackendChoice;
  /** tfjs's own name: 'tensorflow' | 'wasm' | 'cpu'. */
  tfBackend: string;
  /** What was tried, why each earlier choice failed, and what runs now. */
  reason: string;
  /** Threads the backend computes with (wasm: XNNPACK pool size; node: TensorFlow's own). */
  threads: number;
  /** Gradient kernels the project installed. */
  kernels: string[];
}

export interface InitBackendOptions {
  /** Force a backend (overrides LOOK_TWICE_BACKEND); 'auto' picks the fastest that loads, ignoring the variable. */
  backend?: BackendChoice | 'auto';
  /**
   * wasm only: XNNPACK worker threads ('auto' = the number of cores, at most 4; 1 = single-threaded).
   * Tried in a child process first; falls back to 1 thread with a note. LOOK_TWICE_WASM_THREADS=N overrides.
   */
  wasmThreads?: number | 'auto';
  /** Which project kernels to install (default: all that suit the backend). */
  kernels?: TrainingKernelOptions;
}

const TF_NAME: Record<BackendChoice, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
const cache = new Map<string, Promise<BackendInfo>>();

function envChoice(): BackendChoice | undefined {
  const raw = globalThis.process?.env?.LOOK_TWICE_BACKEND?.trim().toLowerCase();
  if (!raw) return undefined;
  if (raw === 'node' || raw === 'wasm' || raw === 'cpu') return raw;
  throw new Error(`LOOK_TWICE_BACKEND must be one of node, wasm, cpu; got '${raw}'`);
}

type Attempt = { ok: true; threads: number; note: string } | { ok: false; reason: string };

async function activate(tfName: string): Promise<boolean> {
  const ok = await tf.setBackend(tfName);
  if (ok) await tf.ready();
  return ok && tf.getBackend() === tfName;
}

async function tryBackend(choice: BackendChoice, options: InitBackendOptions): Promise<Attempt> {
  try {
    if (choice === 'node') {
      const load = loadNativeBackend();
      if (!load.ok) return { ok: false, reason: load.reason };
      if (!(await activate('tensorflow')))
        return { ok: false, reason: `${load.detail} loaded but tf.setBackend('tensorflow') failed` };
      return { ok: true, threads: 0, note: load.detail };
    }
    if (choice === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      // Threads are fixed when the module starts: only the first start of wasm in a process can have them.
      const plan = tf.findBackend('wasm') ? undefined : prepareWasmThreads(options.wasmThreads ?? 'auto');
      const started = await activate('wasm');
      plan?.afterStart();
      if (!started) return { ok: false, reason: "tf.setBackend('wasm') failed (the .wasm binary did not load)" };
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      const threads = plan?.threads ?? 1;
      const note = plan?.note ?? '1 thread (wasm was already started in this process)';
      return {
        ok: true,
        threads,
        note: `XNNPACK, ${simd ? 'SIMD' : 'no SIMD'}, ${note}; project SIMD kernels ${simdKernelsStatus()}`,
      };
    }
    if (!(await activate('cpu'))) return { ok: false, reason: "tf.setBackend('cpu') failed" };
    return { ok: true, threads: 1, note: 'pure JavaScript' };
  } catch (error) {
    return {
      ok: false,
      reason: `${choice} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
}

async function start(forced: BackendChoice | undefined, options: InitBackendOptions): Promise<BackendInfo> {
  const order: BackendChoice[] = forced ? [forced] : ['node', 'wasm', 'cpu'];
  const failures: string[] = [];
  for (const choice of order) {
    const attempt = await tryBackend(choice, options);
    if (!attempt.ok) {
      failures.push(`${choice}: ${attempt.reason}`);
      continue;
    }
    const tfBackend = TF_NAME[choice];
    const kernels = registerTrainingKernels(tfBackend, options.kernels);
    const why = forced
      ? `forced by ${options.backend ? 'options.backend' : 'LOOK_TWICE_BACKEND'}`
      : 'first backend that loaded';
    const reason = [...failures.map((f) => `tried ${f}`), `using ${choice} (${why}; ${attempt.note})`].join('; ');
    return { name: choice, tfBackend, reason, threads: attempt.threads, kernels };
  }
  if (forced) {
    throw new Error(`initBackend: the forced backend '${forced}' cannot start: ${failures.join('; ')}`);
  }
  throw new Error(`initBackend: no backend could start: ${failures.join('; ')}`);
}

/**
 * Starts the backend once and returns what runs; later calls with the same request return the
 * same result (and re-select it if someone switched tf's backend in between).
 * @example const { name, reason } = await initBackend(); // name: 'node' | 'wasm' | 'cpu'
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  const forced = options.backend === 'auto' ? undefined : (options.backend ?? envChoice());
  const key = forced ?? 'auto';
  let pending = cache.get(key);
  if (!pending) {
    pending = start(forced, options);
    cache.set(key, pending);
    pending.catch(() => cache.delete(key));
  }
  const info = await pending;
  if (tf.getBackend() !== info.tfBackend) await activate(info.tfBackend);
  return info;
}
