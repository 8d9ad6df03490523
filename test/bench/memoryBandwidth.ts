/**
 * A simple measure of this machine's memory bandwidth for the roofline: copy a buffer far larger
 * than the caches (typed-array `set`, one thread) and count the bytes read plus the bytes written.
 * One thread does not always saturate DRAM, and write-allocate adds a hidden read of the
 * destination, so this is a lower bound of what the cores can stream together.
 */
import { performance } from 'node:perf_hooks';

/** GB/s (1e9 bytes) of the best of `repeats` copies of `mib` MiB (first touch excluded). */
export function measureCopyBandwidth(mib = 256, repeats = 5): number {
  const n = (mib * 2 ** 20) / 8;
  const src = new Float64Array(n).fill(1),
    dst = new Float64Array(n).fill(0);
  let best = Infinity;
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    dst.set(src);
    best = Math.min(best, performance.now() - t0);
  }
  if (dst[n - 1] !== 1) throw new Error('measureCopyBandwidth: the copy did not happen');
  return (2 * n * 8) / (best / 1000) / 1e9;
}
