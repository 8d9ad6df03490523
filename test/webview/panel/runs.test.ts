import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendPoint, applyTrainEvent, MAX_POINTS, MAX_RUNS, quantities, runLabel, type Run } from '../../../src/webview/panel/runs';

const step = (runId: string, s: number, loss: number) => ({ kind: 'trainStep' as const, runId, step: s, epoch: 0, loss, learningRate: 0.1, imagesPerSec: 100 });

test('applyTrainEvent builds a run from start, steps, metrics and end', () => {
  let runs: Run[] = [];
  runs = applyTrainEvent(runs, { kind: 'trainStart', runId: 'a', config: { batch: 64 }, startedAt: 1000 });
  runs = applyTrainEvent(runs, step('a', 1, 5));
  runs = applyTrainEvent(runs, step('a', 2, 4));
  runs = applyTrainEvent(runs, { kind: 'trainMetric', runId: 'a', step: 2, name: 'knnAccuracy', value: 0.5 });
  runs = applyTrainEvent(runs, { kind: 'trainEnd', runId: 'a', status: 'interrupted' });
  assert.equal(runs.length, 1);
  assert.deepEqual(runs[0].config, { batch: 64 });
  assert.equal(runs[0].status, 'interrupted');
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

test('runs are capped at MAX_RUNS, oldest dropped', () => {
  let runs: Run[] = [];
  for (let i = 0; i < MAX_RUNS + 3; i++) runs = applyTrainEvent(runs, { kind: 'trainStart', runId: `r${i}`, config: {}, startedAt: 0 });
  assert.equal(runs.length, MAX_RUNS);
  assert.equal(runs[0].id, 'r3');
  assert.equal(runLabel(runs, 'r3'), 'run 1');
  assert.equal(runLabel(runs, 'missing'), 'missing');
});

test('appendPoint keeps at most MAX_POINTS, the first and the latest point', () => {
  let s = appendPoint(undefined, 0, 0);
  for (let i = 1; i <= MAX_POINTS + 10; i++) s = appendPoint(s, i, i);
  assert.ok(s.steps.length <= MAX_POINTS);
  assert.equal(s.steps[0], 0);
  assert.equal(s.steps[s.steps.length - 1], MAX_POINTS + 10);
  assert.deepEqual(s.steps, [...s.steps].sort((a, b) => a - b));
});

test('quantityTitle: table', async () => {
  const { quantityTitle } = await import('../../../src/webview/panel/trainingTab');
  const cases: Array<[string, string]> = [['loss', 'Loss'], ['knnAccuracy', 'kNN accuracy'], ['knn_top5', 'kNN top5'], ['linearProbeAccuracy', 'Linear probe accuracy'], ['gradNorm', 'Grad norm']];
  for (const [name, expected] of cases) assert.equal(quantityTitle(name), expected, name);
});
