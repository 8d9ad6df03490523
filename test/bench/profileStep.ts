/**
 * `npm run bench -- --profile`: where a training step's time goes, per tfjs kernel (tf.profile).
 * Kernels that our own kernels call internally (e.g. the Conv2D inside Conv2DBackpropFilter) are
 * listed as well, so the time column sums to more than the step; the "top-level" share is exact.
 */
import { tf } from '../../src/simclr/index';

export async function printProfile(step: () => number, log: (line: string) => void): Promise<void> {
  const info = await tf.profile(() => {
    step();
  });
  const rows = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const row = rows.get(k.name) ?? { ms: 0, calls: 0 };
    row.ms += Number(k.kernelTimeMs) || 0;
    row.calls++;
    rows.set(k.name, row);
  }
  const total = [...rows.values()].reduce((s, r) => s + r.ms, 0);
  log(
    `profile: ${info.kernels.length} kernel calls, ${total.toFixed(0)} ms kernel time, peak ${(info.peakBytes / 2 ** 20).toFixed(0)} MiB tracked`,
  );
  log(`${'kernel'.padEnd(28)} ${'ms'.padStart(8)} ${'share'.padStart(6)} ${'calls'.padStart(6)}`);
  for (const [name, r] of [...rows.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25)) {
    log(
      `${name.padEnd(28)} ${r.ms.toFixed(0).padStart(8)} ${((100 * r.ms) / total).toFixed(1).padStart(5)}% ${String(r.calls).padStart(6)}`,
    );
  }
}
