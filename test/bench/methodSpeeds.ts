/**
 * `npm run bench:methods -- --speed`: training throughput of every self-supervised method at one
 * batch on one backend (default tfjs-node, batch 256, the library's default model), each in its own
 * process, so a method whose extra parts (MoCo's key encoder and queue, BYOL's target network and
 * predictor, Barlow Twins' cross-correlation) fall off the backend's fast paths shows as a low ratio
 * to SimCLR. A step is what `pretrain` times: the batch's augmentations, the method's forward and
 * backward passes, the optimiser, the method's own updates (momentum target, queue).
 */
import { performance } from 'node:perf_hooks';
import { initBackend, type BackendChoice } from '../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../src/simclr/models/simclrModel';
import { pretrain } from '../../src/simclr/train/pretrain';
import type { MethodName } from '../../src/simclr/methods/createMethod';
import { median } from './engineRecord';

export interface MethodSpeedRecord {
  method: string;
  backend: string;
  batchSize: number;
  /** Timed steps after the warm-up. */
  steps: number;
  /** Median source images per second of a step. */
  imagesPerSec: number;
  /** Process CPU-seconds per wall-second over the timed steps (2.0 = both cores). */
  cpuUtilisation: number;
  peakRssBytes: number;
  error?: string;
}

export interface SpeedSettings {
  backend: string;
  batch: number;
  steps: number;
  warmup: number;
  seed: number;
}

/** Child: `warmup + steps` steps of `method`; each step's images/s after the warm-up. */
export async function measureMethodSpeed(method: MethodName, s: SpeedSettings): Promise<MethodSpeedRecord> {
  const backend = await initBackend({ backend: s.backend as BackendChoice });
  const train = loadFashionMnist({ split: 'train', limit: s.batch * (s.warmup + s.steps) });
  const model = createSimclrModel({ seed: s.seed });
  const rates: number[] = [];
  let cpu0 = process.cpuUsage(),
    wall0 = performance.now(),
    cpuMs = 0,
    wallMs = 0;
  await pretrain(model, train, {
    method,
    batchSize: s.batch,
    steps: s.warmup + s.steps,
    seed: s.seed,
    memoryCheck: false,
    monitor: false,
    onStep: (info) => {
      const cpu = process.cpuUsage(cpu0),
        now = performance.now();
      if (info.step > s.warmup) {
        rates.push(info.imagesPerSec);
        cpuMs += (cpu.user + cpu.system) / 1000;
        wallMs += now - wall0;
      }
      console.log(`  ${method} step ${info.step}: loss ${info.loss.toFixed(3)}, ${info.imagesPerSec.toFixed(1)} img/s`);
      cpu0 = process.cpuUsage();
      wall0 = performance.now();
    },
  });
  model.dispose();
  return {
    method,
    backend: backend.name,
    batchSize: s.batch,
    steps: rates.length,
    imagesPerSec: median(rates),
    cpuUtilisation: cpuMs / wallMs,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

/** The table: each method's median img/s and its ratio to SimCLR's in the same run. */
export function formatSpeedTable(records: MethodSpeedRecord[]): string {
  const simclr = records.find((r) => r.method === 'simclr' && !r.error);
  const header = ['method', 'backend', 'batch', 'train img/s', 'vs simclr', 'CPU use', 'peak RSS'];
  const rows = records.map((r) =>
    r.error
      ? [r.method, r.backend, String(r.batchSize), 'failed', '', '', r.error.slice(0, 80)]
      : [
          r.method,
          r.backend,
          String(r.batchSize),
          r.imagesPerSec.toFixed(1),
          simclr ? `${(r.imagesPerSec / simclr.imagesPerSec).toFixed(2)}x` : '-',
          r.cpuUtilisation.toFixed(2),
          `${(r.peakRssBytes / 2 ** 30).toFixed(2)} GiB`,
        ],
  );
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
