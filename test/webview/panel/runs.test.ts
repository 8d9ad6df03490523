import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  HISTORY_POINTS,
  HISTORY_RUNS,
  HISTORY_SNAPSHOTS,
  type MonitorSnapshot,
} from '../../../src/protocol/trainingEvents';
import { appendPoint, applyTrainEvent, quantities, runLabel, type Run } from '../../../src/webview/panel/runs';

const step = (runId: string, s: number, loss: number, extra: Record<string, number> = {}) => ({
  kind: 'trainStep' as const,
  runId,
  method: 'moco-v2',
  step: s,
  totalSteps: 10,
  epoch: 0,
  metrics: { loss, learningRate: 0.1, imagesPerSec: 100, ...extra },
});
const start = (runId: string, config: Record<string, number> = {}) => ({
  kind: 'trainStart' as const,
  runId,
  method: 'moco-v2',
  totalSteps: 10,
  startedAt: 0,
  config,
});

test('applyTrainEvent builds a run from start, steps (every metric) and end', () => {
  let runs: Run[] = [];
  runs = applyTrainEvent(runs, start('a', { batch: 64 }));
  runs = applyTrainEvent(runs, step('a', 1, 5));
  runs = applyTrainEvent(runs, step('a', 2, 4, { knnAccuracy: 0.5 }));
  runs = applyTrainEvent(runs, { kind: 'trainEnd', runId: 'a', status: 'error', step: 2, message: 'the kernel died' });
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0].config, { batch: 64 });
  assert.equal(runs[0].method, 'moco-v2');
  assert.equal(runs[0].totalSteps, 10);
  assert.equal(runs[0].status, 'error');
  assert.equal(runs[0].message, 'the kernel died');
  assert.deepEqual(runs[0].series.loss, { steps: [1, 2], values: [5, 4] });
  assert.deepEqual(runs[0].series.knnAccuracy, { steps: [2], values: [0.5] });
  assert.deepEqual(quantities(runs), ['loss', 'learningRate', 'imagesPerSec', 'knnAccuracy']);
});

test('applyTrainEvent: steps of an unknown run create it; NaN values are skipped; immutability', () => {
  const before: Run[] = [];
  const after = applyTrainEvent(before, { ...step('x', 3, NaN) });
  assert.equal(before.length, 0);
  assert.equal(after[0].id, 'x');
  assert.equal(after[0].series.loss, undefined);
  assert.deepEqual(after[0].series.learningRate, { steps: [3], values: [0.1] });
});

test("applyTrainEvent keeps a run's monitor snapshots in order, at most HISTORY_SNAPSHOTS, the latest last", () => {
  let runs: Run[] = applyTrainEvent([], start('a'));
  const total = HISTORY_SNAPSHOTS + 1;
  for (let s = 1; s <= total; s++)
    runs = applyTrainEvent(runs, {
      kind: 'trainSnapshot',
      runId: 'a',
      method: 'moco-v2',
      step: s,
      snapshot: {} as MonitorSnapshot,
    });
  const steps = runs[0].snapshots.map((e) => e.step);
  assert.equal(steps.length, HISTORY_SNAPSHOTS / 2);
  assert.deepEqual([steps[0], steps.at(-1)], [1, total]);
  assert.deepEqual(
    steps,
    [...steps].sort((a, b) => a - b),
  );
});

test('runs are capped at HISTORY_RUNS, oldest dropped', () => {
  let runs: Run[] = [];
  for (let i = 0; i < HISTORY_RUNS + 3; i++) runs = applyTrainEvent(runs, start(`r${i}`));
  assert.equal(runs.length, HISTORY_RUNS);
  assert.equal(runs[0].id, 'r3');
  assert.equal(runLabel(runs, 'r3'), 'run 1');
  assert.equal(runLabel(runs, 'missing'), 'missing');
});

test('appendPoint keeps at most HISTORY_POINTS, the first and the latest point', () => {
  let s = appendPoint(undefined, 0, 0);
  for (let i = 1; i <= HISTORY_POINTS + 10; i++) s = appendPoint(s, i, i);
  assert.ok(s.steps.length <= HISTORY_POINTS);
  assert.equal(s.steps[0], 0);
  assert.equal(s.steps[s.steps.length - 1], HISTORY_POINTS + 10);
  assert.deepEqual(
    s.steps,
    [...s.steps].sort((a, b) => a - b),
  );
});

test('quantityTitle: table', async () => {
  const { quantityTitle } = await import('../../../src/webview/panel/trainingTab');
  const cases: Array<[string, string]> = [
    ['loss', 'Loss'],
    ['knnAccuracy', 'kNN accuracy (monitor slice)'],
    ['alignment', 'Alignment (lower: positives closer)'],
    ['knn_top5', 'kNN top5'],
    ['linearProbeAccuracy', 'Linear probe accuracy'],
    ['gradNorm', 'Grad norm'],
  ];
  for (const [name, expected] of cases) assert.equal(quantityTitle(name), expected, name);
});
