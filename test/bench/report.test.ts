import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EngineOutcome, EngineRecord } from './engineRecord';
import { combineRounds, engineLimit, formatLimitTable, formatTable } from './report';
import { cpuPeak, parseCpuInfo } from './cpuPeak';

function run(engine: EngineRecord['engine'], round: number, train: number, infer: number, extra = {}): EngineRecord {
  return {
    engine,
    round,
    batchSize: 256,
    trainImagesPerSec: train,
    trainImagesPerCpuSec: train / 1.5,
    inferImagesPerSec: infer,
    trainCpuUtilisation: 1.5 + round / 10,
    inferCpuUtilisation: 1.9,
    peakRssBytes: 2 ** 30 * round,
    version: engine,
    trainStepMs: 256_000 / train,
    inferBatchMs: 256_000 / infer,
    inferBatchSize: 256,
    trainSteps: 5,
    threads: 2,
    encoderParams: 1,
    headParams: 1,
    firstLoss: 6,
    lastLoss: 5,
    notes: '',
    ...extra,
  };
}

test('combineRounds: per-round ratios to PyTorch, their median and range, medians of the rest', () => {
  const outcomes: EngineOutcome[] = [
    run('tfjs-node', 1, 100, 1000, { matmulGflops: 80 }),
    run('pytorch', 1, 200, 500),
    run('tfjs-node', 2, 150, 900, { matmulGflops: 100 }),
    run('pytorch', 2, 100, 1000),
    run('tfjs-node', 3, 90, 1200, { matmulGflops: 90 }),
    run('pytorch', 3, 180, 600),
  ];
  const [node, torch] = combineRounds(outcomes) as EngineRecord[];
  assert.deepEqual(node.trainRatioRounds, [0.5, 1.5, 0.5]);
  assert.deepEqual(node.inferRatioRounds, [2, 0.9, 2]);
  assert.deepEqual(node.trainRatio, { median: 0.5, min: 0.5, max: 1.5 });
  assert.deepEqual(node.inferRatio, { median: 2, min: 0.9, max: 2 });
  assert.equal(node.trainImagesPerSec, 100);
  assert.equal(node.trainCpuUtilisation, 1.7);
  assert.equal(node.matmulGflops, 90);
  assert.equal(node.peakRssBytes, 3 * 2 ** 30);
  assert.equal(node.rounds, 3);
  assert.equal(node.round, undefined);
  assert.deepEqual(torch.trainRatioRounds, [1, 1, 1]);
  const table = formatTable([node, torch]);
  assert.match(table, /\| tfjs-node \| 256 +\| 100\.0 +\| 0\.50x \(0\.50-1\.50\) \|/);
  assert.match(table, /1\.70 \/ 1\.90/);
});

test('combineRounds without PyTorch gives no ratios; a failed engine keeps its error', () => {
  const combined = combineRounds([
    run('tfjs-wasm', 1, 50, 400),
    { engine: 'tfjs-node', batchSize: 256, error: 'no native backend' },
  ]);
  assert.equal((combined[0] as EngineRecord).trainRatio, undefined);
  assert.match(formatTable(combined), /\| tfjs-wasm \| 256 +\| 50\.0 +\| - +\|/);
  assert.match(formatTable(combined), /failed/);
});

test('engineLimit: achieved GFLOP/s from images/s and FLOPs per image, against peak and matmul', () => {
  const peak = cpuPeak(parseCpuInfo('processor\t: 0\ncpu MHz\t: 2000\nflags\t: avx2 fma\n')); // 1 x 2 x 8 x 2 x 2 GHz = 64 GFLOP/s
  const limit = { trainFlopsPerImage: 4e8, inferFlopsPerImage: 1e8, peak };
  // CPU use: 1.6 in training, 1.9 in inference (run()); one core's peak is 64 GFLOP/s.
  const l = engineLimit(run('pytorch', 1, 20, 160, { matmulGflops: 16, inferCpuUtilisation: 2 }), limit);
  assert.deepEqual(l, {
    trainGflops: 8,
    inferGflops: 16,
    trainGflopsPerCpuSecond: 5,
    inferGflopsPerCpuSecond: 8,
    trainCorePeakFraction: 5 / 64,
    inferCorePeakFraction: 0.125,
    trainPeakFraction: 0.125,
    inferPeakFraction: 0.25,
    trainMatmulFraction: 0.5,
    inferMatmulFraction: 1,
    matmulPeakFraction: 0.25,
  });
  assert.match(
    formatLimitTable([run('pytorch', 1, 20, 160)], limit),
    /\| pytorch \| 8\.0 +\| 12\.5% +\| - +\| 5\.0 +\| 7\.8% +\|/,
  );
});
