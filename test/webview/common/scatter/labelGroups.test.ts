import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupByLabel } from '../../../../src/webview/common/scatter/labelGroups';

const groups = (n: number, labels?: number[]): Array<[number, number[]]> =>
  groupByLabel(n, labels).map((g) => [g.label, [...g.indices]]);

test('groupByLabel: ascending labels, indices ascending within a group, every point once', () => {
  const cases: Array<{ name: string; n: number; labels?: number[]; expected: Array<[number, number[]]> }> = [
    { name: 'no labels: one unlabelled group', n: 3, expected: [[-1, [0, 1, 2]]] },
    {
      name: 'mixed order',
      n: 6,
      labels: [2, 0, 2, 1, 0, 2],
      expected: [
        [0, [1, 4]],
        [1, [3]],
        [2, [0, 2, 5]],
      ],
    },
    {
      name: 'negative, fractional and missing labels are unlabelled, drawn first',
      n: 5,
      labels: [3, -4, 0.5, 3],
      expected: [
        [-1, [1, 2, 4]],
        [3, [0, 3]],
      ],
    },
    { name: 'no points', n: 0, labels: [], expected: [] },
  ];
  for (const c of cases) assert.deepEqual(groups(c.n, c.labels), c.expected, c.name);
});

test('groupByLabel: 70,000 points in 10 classes are a permutation of 0..n-1', () => {
  const n = 70_000;
  const labels = Array.from({ length: n }, (_, i) => (i * 7919) % 10);
  const result = groupByLabel(n, labels);
  assert.deepEqual(
    result.map((g) => g.label),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  const seen = new Uint8Array(n);
  for (const g of result)
    for (const i of g.indices) {
      assert.equal(labels[i], g.label);
      seen[i]++;
    }
  assert.ok(seen.every((v) => v === 1));
});
