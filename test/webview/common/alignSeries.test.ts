import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignSeries, allPositive } from '../../../src/webview/common/alignSeries';

test('alignSeries: table', () => {
  const cases: Array<[string, Array<{ steps: number[]; values: number[] }>, unknown[]]> = [
    [
      'one series',
      [{ steps: [1, 2, 3], values: [5, 4, 3] }],
      [
        [1, 2, 3],
        [5, 4, 3],
      ],
    ],
    [
      'two series, different steps, gaps are null',
      [
        { steps: [0, 10, 20], values: [3, 2, 1] },
        { steps: [10, 30], values: [0.5, 0.7] },
      ],
      [
        [0, 10, 20, 30],
        [3, 2, 1, null],
        [null, 0.5, null, 0.7],
      ],
    ],
    [
      'unsorted input steps are sorted',
      [{ steps: [5, 1], values: [50, 10] }],
      [
        [1, 5],
        [10, 50],
      ],
    ],
    [
      'non-finite values become gaps',
      [{ steps: [1, 2], values: [NaN, Infinity] }],
      [
        [1, 2],
        [null, null],
      ],
    ],
    [
      'length mismatch uses the shorter',
      [{ steps: [1, 2, 3], values: [7] }],
      [
        [1, 2, 3],
        [7, null, null],
      ],
    ],
    ['empty', [], [[]]],
  ];
  for (const [name, series, expected] of cases) assert.deepEqual(alignSeries(series), expected, name);
});

test('allPositive: table', () => {
  const cases: Array<[Array<Array<number | null>>, boolean]> = [
    [[[1, 2, null]], true],
    [[[1], [0.001]], true],
    [[[1, 0]], false],
    [[[-1]], false],
    [[], true],
  ];
  for (const [rows, expected] of cases) assert.equal(allPositive(rows), expected, JSON.stringify(rows));
});

test('formatTick: table', async () => {
  const { formatTick } = await import('../../../src/webview/common/alignSeries');
  const cases: Array<[number | null, string]> = [
    [0, '0'],
    [0.0015, '1.5e-3'],
    [0.001, '1.0e-3'],
    [0.25, '0.25'],
    [4.3667, '4.37'],
    [150, '150'],
    [123456, '1.2e5'],
    [-0.5, '-0.5'],
    [null, ''],
    [NaN, ''],
  ];
  for (const [value, expected] of cases) assert.equal(formatTick(value), expected, String(value));
});
