/**
 * The project's own wasm SIMD kernels (./assembly, AssemblyScript), instantiated on
 * tfjs-backend-wasm's linear memory so they read and write tensors where they lie: a pointer is a
 * tensor's `memoryOffset` in the backend, and outputs are buffers the backend allocated. The binaries
 * are built into dist/simd/ by `npm run build`, with and without relaxed SIMD (relaxedSimd.ts picks);
 * when one is missing or will not instantiate, callers keep the tfjs-op implementations and
 * `simdKernelsStatus()` says why.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../../tf';
import { packageRoot } from '../../../data/packageRoot';
import { createSimdPool, type SimdPool } from './simdThreads';
import { relaxedSimdChoice } from './relaxedSimd';

/** The exports of the module; every pointer is a byte offset into the backend's memory. */
export interface SimdExports {
  /** out[j] = scale * sum_i x[i * cols + j]; x float32 [rows, cols], out float32 [cols]. */
  columnSums(x: number, rows: number, cols: number, out: number, scale: number): void;
  /**
   * Conv2D filter gradient over images [b0, b1): x float32 [B, H, W, Cin], dy [B, Ho, Wo, Cout],
   * dw and scratch [kh, kw, Cin, Cout] (both overwritten; dw gets the result).
   */
  filterGradient(
    x: number,
    h: number,
    w: number,
    cin: number,
    dy: number,
    ho: number,
    wo: number,
    cout: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    dw: number,
    scratch: number,
    b0: number,
    b1: number,
  ): void;
  /**
   * Conv2D (NHWC, dilation 1) with optional bias (0 = none) and ReLU, output rows [n0, n1) of
   * B*Ho: x float32 [B, H, W, Cin], w [kh, kw, Cin, Cout], zeros >= Cin floats of 0, y [B, Ho, Wo, Cout].
   */
  conv2d(
    x: number,
    h: number,
    w_: number,
    cin: number,
    w: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    bias: number,
    relu: number,
    zeros: number,
    y: number,
    ho: number,
    wo: number,
    cout: number,
    n0: number,
    n1: number,
  ): void;
  /**
   * Conv2D input gradient, dx rows [n0, n1) of B*H: dy float32 [B, Ho, Wo, Cout], wt [kh, kw, Cout, Cin],
   * zeros >= Cout floats of 0, dx [B, H, W, Cin].
   */
  conv2dBackpropInput(
    dy: number,
    ho: number,
    wo: number,
    cout: number,
    wt: number,
    kh: number,
    kw: number,
    sh: number,
    sw: number,
    padTop: number,
    padLeft: number,
    zeros: number,
    dx: number,
    h: number,
    w: number,
    cin: number,
    n0: number,
    n1: number,
  ): void;
  /**
   * 3x3 stride-1 conv by Winograd F(2x2, 3x3), tile rows [n0, n1) of B*ceil(Ho/2): x float32
   * [B, H, W, Cin], u = G g G^T [16, Cin, Cout], scratch 64 Cin + 512 floats per call.
   */
  winogradConv3x3(
    x: number,
    h: number,
    w: number,
    cin: number,
    u: number,
    padTop: number,
    padLeft: number,
    bias: number,
    relu: number,
    zeros: number,
    scratch: number,
    y: number,
    ho: number,
    wo: number,
    cout: number,
    n0: number,
    n1: number,
  ): void;
  /** dx = dy where x > 0, else 0, elements [k0, k1). */
  reluGrad(dy: number, x: number, dx: number, k0: number, k1: number): void;
  /** out[j] = scale * sum_i (x[i, j] - mean[j])^2 over x [rows, C]; scratch C floats. */
  columnCenteredSquares(
    x: number,
    rows: number,
    cols: number,
    mean: number,
    out: number,
    scale: number,
    scratch: number,
  ): void;
  /** s1 = sum dy, s2 = sum dy * (x - mean) per column of [rows, C]; scratch 2C floats. */
  columnGradientSums(
    dy: number,
    x: number,
    rows: number,
    cols: number,
    mean: number,
    s1: number,
    s2: number,
    scratch: number,
  ): void;
  /** y = x * a + c (+ z * b when z != 0) per channel, rows [r0, r1) of [rows, C]. */
  channelAffine(
    x: number,
    z: number,
    cols: number,
    a: number,
    b: number,
    c: number,
    y: number,
    r0: number,
    r1: number,
  ): void;
  /** Zeroes `bytes` bytes at p. */
  zeroFill(p: number, bytes: number): void;
  /** a[k] += b[k], float32, over `bytes` bytes. */
  addInto(a: number, b: number, bytes: number): void;
}

/** The parts of tfjs-backend-wasm's backend the kernels use. */
export interface WasmBackendLike {
  wasm: { wasmMemory?: WebAssembly.Memory; asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: tf.DataId): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.DataId): boolean;
}

interface Loaded {
  memory: WebAssembly.Memory;
  module?: WebAssembly.Module;
  exports?: SimdExports;
  pool?: SimdPool;
  status: string;
}
let loaded: Loaded | undefined;
/** LOOK_TWICE_SIMD=0 turns the kernels off (the tfjs-op paths run instead); tests and the bench toggle it. */
let enabled = process.env.LOOK_TWICE_SIMD !== '0';

/** Turns the SIMD kernels on or off for every later kernel call (A/B comparisons, tests). */
export function setSimdKernelsEnabled(on: boolean): void {
  enabled = on;
}

/** Where the build puts the binaries (same names as buildSimdKernels.mjs). */
export function simdKernelFile(shared: boolean, relaxed = false): string {
  const name = `look-twice-simd${relaxed ? '-relaxed' : ''}${shared ? '-shared' : ''}.wasm`;
  return join(packageRoot(), 'dist', 'simd', name);
}

function instantiate(memory: WebAssembly.Memory): Loaded {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const { relaxed, why } = relaxedSimdChoice();
  let file: string;
  try {
    file = simdKernelFile(shared, relaxed);
  } catch (error) {
    return { memory, status: `unavailable (${(error as Error).message})` };
  }
  if (!existsSync(file)) return { memory, status: `unavailable (${file} is missing: run npm run build)` };
  try {
    const module = new WebAssembly.Module(readFileSync(file));
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return {
      memory,
      module,
      exports: instance.exports as unknown as SimdExports,
      status: `on (${shared ? 'shared' : 'plain'} memory, ${relaxed ? 'relaxed SIMD (FMA)' : `SIMD (${why})`})`,
    };
  } catch (error) {
    return { memory, status: `unavailable (${file} did not instantiate: ${(error as Error).message})` };
  }
}

function memoryOf(backend: WasmBackendLike): WebAssembly.Memory | undefined {
  return backend.wasm?.wasmMemory ?? backend.wasm?.asm?.memory;
}

/** The kernels bound to `backend`'s memory, or undefined (see simdKernelsStatus). Cached per memory. */
export function simdKernels(backend: WasmBackendLike): SimdExports | undefined {
  const memory = memoryOf(backend);
  if (!memory || !enabled) return undefined;
  if (loaded?.memory !== memory) loaded = instantiate(memory);
  return loaded.exports;
}

/**
 * The thread pool for `backend`'s kernels (one thread without shared memory); undefined when the
 * kernels are unavailable or off.
 */
export function simdPool(backend: WasmBackendLike): SimdPool | undefined {
  const exports = simdKernels(backend);
  if (!exports || !loaded?.module) return undefined;
  loaded.pool ??= createSimdPool(loaded.module, exports as unknown as Record<string, unknown>, loaded.memory);
  return loaded.pool;
}

/**
 * "on (shared memory, relaxed SIMD (FMA), 2 threads)", "on (..., SIMD (why not relaxed), ...)", "off (...)" or
 * "unavailable (why)" for the wasm backend in use; for reports.
 */
export function simdKernelsStatus(): string {
  const backend = tf.findBackend('wasm') as unknown as WasmBackendLike | null;
  if (!backend) return 'unavailable (no wasm backend)';
  if (!enabled) return 'off (LOOK_TWICE_SIMD=0 or setSimdKernelsEnabled(false))';
  const pool = simdPool(backend);
  if (!loaded) return 'unavailable (the wasm backend exposes no memory)';
  return pool ? loaded.status.replace(/\)$/, `, ${pool.threads} thread${pool.threads > 1 ? 's' : ''})`) : loaded.status;
}

/** A fresh backend buffer of `n` float32 zeros (what the convolutions read for taps in the padding); the caller disposes it. */
export function zerosOnHeap(backend: WasmBackendLike, pool: SimdPool, n: number): tf.TensorInfo {
  const zeros = backend.makeOutput([n], 'float32');
  pool.run('zeroFill', [[pointerOf(backend, zeros), 4 * n]]);
  return zeros;
}

/** Byte offset of a tensor's data in the backend's memory. */
export function pointerOf(backend: WasmBackendLike, t: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (!data) throw new Error('tensor is not on the wasm backend');
  return data.memoryOffset;
}
