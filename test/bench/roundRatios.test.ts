import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRatio, ratiosByRound, spreadOf } from './roundRatios';

test('spreadOf: median and range, odd and even counts, one value, none', () => {
  const cases: [number[], { median: number; min: number; max: number }][] = [
    [[0.9, 0.7, 1.2], { median: 0.9, min: 0.7, max: 1.2 }],
    [[4, 1, 3, 2], { median: 2.5, min: 1, max: 4 }],
    [[1.3], { median: 1.3, min: 1.3, max: 1.3 }],
  ];
  for (const [values, expected] of cases) assert.deepEqual(spreadOf(values), expected, values.join(','));
  assert.ok(Object.values(spreadOf([])).every(Number.isNaN));
});

test('ratiosByRound pairs each round with the reference of the same round, in round order', () => {
  const tfjs = [
    { round: 2, value: 150 },
    { round: 1, value: 100 },
    { round: 3, value: 90 },
  ];
  const torch = [
    { round: 1, value: 200 },
    { round: 2, value: 100 },
    { round: 3, value: 180 },
  ];
  assert.deepEqual(ratiosByRound(tfjs, torch), [0.5, 1.5, 0.5]);
  // The ratio of medians (120 / 180 = 0.67) is not what the rounds say (median 0.5).
  assert.equal(spreadOf(ratiosByRound(tfjs, torch)).median, 0.5);
});

test('a round without the reference gives no ratio', () => {
  assert.deepEqual(
    ratiosByRound(
      [
        { round: 1, value: 10 },
        { round: 2, value: 20 },
      ],
      [{ round: 2, value: 40 }],
    ),
    [0.5],
  );
  assert.deepEqual(ratiosByRound([{ round: 1, value: 10 }], []), []);
});

test('formatRatio: median with spread, a single round without, nothing as a dash', () => {
  assert.equal(formatRatio({ median: 0.923, min: 0.8, max: 1.051 }), '0.92x (0.80-1.05)');
  assert.equal(formatRatio(spreadOf([1.25])), '1.25x');
  assert.equal(formatRatio(spreadOf([])), '-');
});
