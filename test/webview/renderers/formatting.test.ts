import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDuration, formatNumber, progressSummary } from '../../../src/webview/renderers/trainingProgress';
import { fittedTilePx } from '../../../src/webview/renderers/augmentationGrid';

test('formatDuration: table', () => {
  const cases: Array<[number, string]> = [[0, '0s'], [42.4, '42s'], [185, '3m 05s'], [3720, '1h 02m'], [-1, '-'], [NaN, '-'], [Infinity, '-']];
  for (const [s, expected] of cases) assert.equal(formatDuration(s), expected, String(s));
});

test('formatNumber: table', () => {
  const cases: Array<[number, string]> = [[4.123456, '4.123'], [0, '0'], [0.0003, '3.00e-4'], [123456, '1.23e+5'], [NaN, '-'], [1234.5, '1235']];
  for (const [v, expected] of cases) assert.equal(formatNumber(v), expected, String(v));
});

test('progressSummary shows ETA while running and the state otherwise', () => {
  const p = { runId: 'r', state: 'running' as const, step: 5, totalSteps: 20, epoch: 1, loss: 3.5, learningRate: 0.3, imagesPerSec: 120, etaSeconds: 65 };
  assert.equal(progressSummary(p), 'step 5/20 · epoch 1 · loss 3.5 · lr 0.3 · 120 img/s · ETA 1m 05s');
  assert.match(progressSummary({ ...p, state: 'interrupted' }), /· interrupted$/);
});

test('fittedTilePx enlarges small tiles and fits the available width: table', () => {
  const cases: Array<[tile: number, cols: number, width: number, expected: number]> = [
    [28, 5, 1000, 84],
    [28, 9, 600, 56],
    [96, 3, 2000, 96],
    [28, 40, 300, 8],
  ];
  for (const [tile, cols, width, expected] of cases) assert.equal(fittedTilePx(tile, cols, width), expected, `${tile} ${cols} ${width}`);
});
