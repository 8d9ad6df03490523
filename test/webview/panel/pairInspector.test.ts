import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairSummary } from '../../../src/webview/panel/pairInspector';
import type { PairResult } from '../../../src/webview/panel/panelState';

const pair = (rank: number, batchSize: number): PairResult => ({
  embeddingsId: 'e',
  index: 0,
  seed: 1,
  cosine: 0.81234,
  rank,
  loss: 1.5,
  temperature: 0.5,
  batchSize,
  pipeline: 'crop',
  negatives: { indices: [], cosines: [], weights: [] },
});

test('pairSummary: cosine, where the positive ranks among the 2(N - 1) negative views, the loss term: table', () => {
  const cases: Array<[PairResult, string]> = [
    [pair(0, 64), 'cosine 0.812 · closer than all 126 negatives · loss 1.500 (batch 64, τ 0.5)'],
    [pair(3, 4), 'cosine 0.812 · 3 of 6 negative views are closer · loss 1.500 (batch 4, τ 0.5)'],
    [
      { ...pair(1, 2), cosine: -0.5, temperature: 0.1 },
      'cosine -0.500 · 1 of 2 negative views is closer · loss 1.500 (batch 2, τ 0.1)',
    ],
  ];
  for (const [input, expected] of cases) assert.equal(pairSummary(input), expected);
});
