import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INTEGER_INCREMENTS, integerSplits } from '../../../src/webview/common/integerTicks';

test('increments: integers in a 1-2-5 sequence from 1, ascending, past a million steps', () => {
  assert.deepEqual(INTEGER_INCREMENTS.slice(0, 7), [1, 2, 5, 10, 20, 50, 100]);
  for (const [i, v] of INTEGER_INCREMENTS.entries()) {
    assert.ok(Number.isInteger(v), `${v} is an integer`);
    if (i > 0) assert.ok(v > INTEGER_INCREMENTS[i - 1]);
  }
  assert.ok(INTEGER_INCREMENTS[INTEGER_INCREMENTS.length - 1] >= 1e6);
});

const cases: { name: string; min: number; max: number; increment: number; splits: number[] }[] = [
  { name: 'six steps, spacing 1', min: 1, max: 6, increment: 1, splits: [1, 2, 3, 4, 5, 6] },
  {
    name: 'a fractional spacing (uPlot default 0.25) becomes 1',
    min: 1,
    max: 6,
    increment: 0.25,
    splits: [1, 2, 3, 4, 5, 6],
  },
  { name: 'spacing 1.5 rounds up to 2', min: 1, max: 6, increment: 1.5, splits: [2, 4, 6] },
  { name: 'padded fractional range', min: 0.6, max: 3.4, increment: 0.5, splits: [1, 2, 3] },
  { name: 'long run', min: 0, max: 400, increment: 50, splits: [0, 50, 100, 150, 200, 250, 300, 350, 400] },
  { name: 'zoomed between two steps: no tick', min: 2.2, max: 2.8, increment: 0.1, splits: [] },
  { name: 'single step', min: 5, max: 5, increment: 1, splits: [5] },
  { name: 'empty or bad range', min: 3, max: 1, increment: 1, splits: [] },
  { name: 'non-finite', min: Number.NaN, max: 1, increment: 1, splits: [] },
];

for (const c of cases) {
  test(`splits: ${c.name}`, () => {
    const splits = integerSplits(c.min, c.max, c.increment);
    assert.deepEqual(splits, c.splits);
    for (const v of splits) assert.ok(Number.isInteger(v));
  });
}
