import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initialUiState, labelsHiddenBySearch, restoreUiState } from '../../../src/webview/panel/uiState';

test('restoreUiState keeps valid fields and resets invalid ones: table', () => {
  const base = initialUiState();
  const cases: Array<[string, unknown, Partial<ReturnType<typeof initialUiState>>]> = [
    ['undefined', undefined, {}],
    ['not an object', 'x', {}],
    ['valid tab + method', { tab: 'embeddings', method: 'umap' }, { tab: 'embeddings', method: 'umap' }],
    ['bad tab', { tab: 'settings' }, {}],
    [
      'selection and viewport',
      { selected: 42, viewport: { scale: 2, tx: 1, ty: 3 }, embeddingsId: 'e1' },
      { selected: 42, viewport: { scale: 2, tx: 1, ty: 3 }, embeddingsId: 'e1' },
    ],
    ['bad viewport dropped', { viewport: { scale: -1, tx: 0, ty: 0 } }, {}],
    ['hidden labels', { hiddenLabels: [1, 3] }, { hiddenLabels: [1, 3] }],
    ['hidden labels with junk', { hiddenLabels: [1, 'a'] }, {}],
    [
      'augment params keep finite numbers only',
      { augmentParams: { crop: 0.3, bad: 'x', inf: Infinity } },
      { augmentParams: { crop: 0.3 } },
    ],
    ['views out of range', { augmentViews: 1000 }, {}],
    ['compare runs', { compareRuns: ['a', 'b'] }, { compareRuns: ['a', 'b'] }],
    ['the Inspect tab at a snapshot', { tab: 'inspect', snapshotStep: 40 }, { tab: 'inspect', snapshotStep: 40 }],
    ['snapshot step not an integer', { snapshotStep: 2.5 }, {}],
    ['snapshot step negative', { snapshotStep: -1 }, {}],
    ['an inspected run', { inspectRun: 'pretrain-1' }, { inspectRun: 'pretrain-1' }],
    ['inspected run not a string', { inspectRun: 7 }, {}],
    [
      'a region selection',
      { selection: { embeddingsId: 'embeddings-1', indices: [4, 0, 9] } },
      { selection: { embeddingsId: 'embeddings-1', indices: [4, 0, 9] } },
    ],
    ['selection with a negative index', { selection: { embeddingsId: 'e', indices: [1, -2] } }, {}],
    ['selection with a fraction', { selection: { embeddingsId: 'e', indices: [1.5] } }, {}],
    ['selection with a string index', { selection: { embeddingsId: 'e', indices: ['1'] } }, {}],
    ['selection without a set', { selection: { indices: [1] } }, {}],
    ['empty selection', { selection: { embeddingsId: 'e', indices: [] } }, {}],
    ['selection over the cap', { selection: { embeddingsId: 'e', indices: new Array(100_001).fill(0) } }, {}],
    ['selection not an object', { selection: [1, 2] }, {}],
  ];
  for (const [name, saved, expected] of cases) assert.deepEqual(restoreUiState(saved), { ...base, ...expected }, name);
});

test('restoreUiState round-trips a full state through JSON', () => {
  const ui = {
    ...initialUiState(),
    tab: 'augmentations' as const,
    selected: 7,
    search: 'shirt',
    logScale: true,
    augmentSeed: 99,
  };
  assert.deepEqual(restoreUiState(JSON.parse(JSON.stringify(ui))), ui);
});

test('labelsHiddenBySearch: table', () => {
  const names = ['T-shirt/top', 'Trouser', 'Pullover', 'Shirt'];
  const cases: Array<[string, number[]]> = [
    ['', []],
    ['  ', []],
    ['shirt', [1, 2]],
    ['SHIRT', [1, 2]],
    ['xyz', [0, 1, 2, 3]],
    ['class 1', [0, 1, 2, 3]],
  ];
  for (const [search, expected] of cases)
    assert.deepEqual(labelsHiddenBySearch(search, names, [0, 1, 2, 3]), expected, search);
  assert.deepEqual(labelsHiddenBySearch('class 1', undefined, [0, 1, 12]), [0]);
});
