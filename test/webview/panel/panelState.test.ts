import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PanelEvent, PanelResponse } from '../../../src/protocol/panelMessages';
import {
  initialState,
  pendingOf,
  reducer,
  type PanelAction,
  type PanelState,
} from '../../../src/webview/panel/panelState';

const embeddings = (id: string, n = 3): PanelEvent => ({
  kind: 'embeddings',
  id,
  vectors: new Float32Array(n * 2),
  n,
  dim: 2,
  labels: new Int32Array(n),
  classNames: ['a'],
});
const augmentations = (id: string, n = 4): PanelEvent => ({
  kind: 'augmentations',
  id,
  images: new Uint8Array(n * 4),
  n,
  shape: [2, 2, 1],
  params: [{ name: 'crop', label: 'crop', value: 0.5, min: 0, max: 1, step: 0.1 }],
  pipeline: 'crop',
});
const run = (...actions: PanelAction[]): PanelState => actions.reduce(reducer, initialState());

test('published embeddings reset selection and viewport, even under a reused id', () => {
  let s = run(
    { type: 'event', event: embeddings('e1') },
    { type: 'ui', patch: { selected: 2, viewport: { scale: 2, tx: 0, ty: 0 } } },
  );
  assert.equal(s.embeddings?.n, 3);
  s = reducer(s, { type: 'event', event: embeddings('e1') });
  assert.equal(s.ui.selected, -1);
  s = reducer(s, { type: 'ui', patch: { selected: 1 } });
  s = reducer(s, { type: 'event', event: embeddings('e2', 5) });
  assert.equal(s.ui.selected, -1);
  assert.equal(s.ui.viewport, undefined);
  assert.equal(s.ui.embeddingsId, 'e2');
});

test('requests: sent -> progress -> response updates pending and results', () => {
  let s = run({ type: 'event', event: embeddings('e1') });
  s = reducer(s, {
    type: 'requestSent',
    id: 'r1',
    request: { kind: 'project', embeddingsId: 'e1', method: 'umap', dims: 2 },
  });
  assert.equal(pendingOf(s, 'project')?.stage, 'queued');
  s = reducer(s, { type: 'progress', id: 'r1', fraction: 0.5, stage: 'optimizing' });
  assert.equal(pendingOf(s, 'project')?.fraction, 0.5);
  s = reducer(s, {
    type: 'response',
    id: 'r1',
    response: { kind: 'project', method: 'umap', dims: 2, points: new Float32Array(6) },
  });
  assert.equal(pendingOf(s, 'project'), undefined);
  assert.deepEqual(s.shownProjection, { embeddingsId: 'e1', method: 'umap' });
  s = reducer(s, {
    type: 'requestSent',
    id: 'r2',
    request: { kind: 'nearestNeighbours', embeddingsId: 'e1', index: 1, k: 2 },
  });
  s = reducer(s, {
    type: 'response',
    id: 'r2',
    response: {
      kind: 'nearestNeighbours',
      indices: Int32Array.from([2, 0]),
      similarities: Float32Array.from([0.5, 0.25]),
    },
  });
  assert.deepEqual(s.neighbours, { index: 1, indices: [2, 0], similarities: [0.5, 0.25] });
});

test('error responses are reported with the request kind; unknown response ids are ignored', () => {
  let s = run({
    type: 'requestSent',
    id: 'r1',
    request: { kind: 'augment', augmentationsId: 'a', index: 0, views: 2, seed: 1, params: {} },
  });
  const same = reducer(s, { type: 'response', id: 'nope', response: { kind: 'error', message: 'x' } });
  assert.equal(same, s);
  s = reducer(s, { type: 'response', id: 'r1', response: { kind: 'error', message: 'index out of range' } });
  assert.deepEqual(s.errors, { augment: 'index out of range' });
  assert.equal(s.pending.length, 0);
});

test('a projection answered for older embeddings is not shown', () => {
  let s = run(
    { type: 'event', event: embeddings('e1') },
    { type: 'requestSent', id: 'r1', request: { kind: 'project', embeddingsId: 'e1', method: 'pca', dims: 2 } },
  );
  s = reducer(s, { type: 'event', event: embeddings('e2') });
  s = reducer(s, {
    type: 'response',
    id: 'r1',
    response: { kind: 'project', method: 'pca', dims: 2, points: new Float32Array(6) },
  });
  assert.equal(s.shownProjection, undefined);
});

test('replay rebuilds runs and data, keeping the restored UI when the embeddings are the same', () => {
  const restored = {
    ...initialState().ui,
    embeddingsId: 'e1',
    selected: 2,
    viewport: { scale: 3, tx: 1, ty: 1 },
    augmentIndex: 9,
    augmentParams: { crop: 0.2 },
  };
  const s0: PanelState = {
    ...initialState(restored),
    runs: [
      {
        id: 'old',
        method: 'simclr',
        config: {},
        totalSteps: 1,
        startedAt: 0,
        status: 'done',
        series: {},
        snapshots: [],
      },
    ],
  };
  const events: PanelEvent[] = [
    { kind: 'trainStart', runId: 'r', method: 'simclr', totalSteps: 10, startedAt: 5, config: {} },
    {
      kind: 'trainStep',
      runId: 'r',
      method: 'simclr',
      step: 1,
      totalSteps: 10,
      epoch: 0,
      metrics: { loss: 3, learningRate: 0.1, imagesPerSec: 10 },
    },
    augmentations('a1', 4),
    embeddings('e1'),
  ];
  const s = reducer(s0, { type: 'replay', events });
  assert.deepEqual(
    s.runs.map((r) => r.id),
    ['r'],
  );
  assert.equal(s.ui.selected, 2);
  assert.deepEqual(s.ui.viewport, { scale: 3, tx: 1, ty: 1 });
  assert.equal(s.ui.augmentIndex, 3, 'clamped to the 4 images');
  assert.deepEqual(s.ui.augmentParams, { crop: 0.2 });
  const other = reducer(s0, { type: 'replay', events: [embeddings('e9')] });
  assert.equal(other.ui.selected, -1);
});

test('toggleLabel adds and removes, sorted', () => {
  const s = run(
    { type: 'toggleLabel', label: 3 },
    { type: 'toggleLabel', label: 1 },
    { type: 'toggleLabel', label: 3 },
    { type: 'toggleLabel', label: 0 },
  );
  assert.deepEqual(s.ui.hiddenLabels, [0, 1]);
});

test('new augmentations reset tweaked parameters and clamp the picked image', () => {
  let s = run(
    { type: 'event', event: augmentations('a1', 10) },
    { type: 'ui', patch: { augmentIndex: 8, augmentParams: { crop: 0.1 } } },
  );
  s = reducer(s, { type: 'event', event: augmentations('a2', 4) });
  assert.equal(s.ui.augmentIndex, 3);
  assert.deepEqual(s.ui.augmentParams, {});
});

test('a text query answer highlights its matches until new embeddings arrive; answers for older sets are dropped', () => {
  let s = run({ type: 'event', event: { ...embeddings('e1', 4), textQuery: true } as PanelEvent });
  assert.equal(s.embeddings?.textQuery, true);
  s = reducer(s, {
    type: 'requestSent',
    id: 'q1',
    request: { kind: 'textQuery', embeddingsId: 'e1', text: 'a coat', k: 2 },
  });
  s = reducer(s, {
    type: 'response',
    id: 'q1',
    response: {
      kind: 'textQuery',
      text: 'a coat',
      indices: Int32Array.from([3, 1]),
      similarities: Float32Array.from([0.9, 0.4]),
    },
  });
  assert.deepEqual(s.textMatches, {
    text: 'a coat',
    indices: [3, 1],
    similarities: [Math.fround(0.9), Math.fround(0.4)],
  });
  s = reducer(s, { type: 'event', event: embeddings('e2') });
  assert.equal(s.textMatches, undefined);
  assert.equal(s.embeddings?.textQuery, false);
  s = reducer(s, {
    type: 'requestSent',
    id: 'q2',
    request: { kind: 'textQuery', embeddingsId: 'e1', text: 'late', k: 1 },
  });
  s = reducer(s, {
    type: 'response',
    id: 'q2',
    response: { kind: 'textQuery', text: 'late', indices: Int32Array.from([0]), similarities: Float32Array.from([1]) },
  });
  assert.equal(s.textMatches, undefined, 'an answer about e1 is not shown over e2');
});

test('a variables report replaces the list and drops tensor images; a tensor image response is remembered once', () => {
  const report = (name: string): PanelEvent => ({
    kind: 'variables',
    variables: [
      {
        name,
        kind: 'tensor',
        type: 'Tensor2D float32',
        tensor: { shape: [4, 4], dtype: 'float32', bytes: 64, backend: 'cpu', disposed: false, image: true },
      },
    ],
    memory: {
      executionId: 'x',
      before: { numTensors: 0, numBytes: 0 },
      after: { numTensors: 1, numBytes: 64 },
      live: [{ id: 1, shape: [4, 4], dtype: 'float32', bytes: 64, name }],
      liveCount: 1,
    },
  });
  const image = {
    kind: 'tensorImage' as const,
    name: 't',
    pixels: new Uint8Array(16),
    shape: [4, 4, 1] as [number, number, number],
  };
  let s = run(
    { type: 'event', event: report('t') },
    { type: 'requestSent', id: 'r1', request: { kind: 'tensorImage', name: 't' } },
    { type: 'response', id: 'r1', response: image },
  );
  assert.deepEqual(
    s.variables?.list.map((v) => v.name),
    ['t'],
  );
  assert.deepEqual(s.tensorImages, ['t']);
  s = reducer(s, { type: 'requestSent', id: 'r2', request: { kind: 'tensorImage', name: 't' } });
  s = reducer(s, { type: 'response', id: 'r2', response: image });
  assert.deepEqual(s.tensorImages, ['t']);
  s = reducer(s, { type: 'event', event: report('u') });
  assert.deepEqual([s.variables?.list.map((v) => v.name), s.tensorImages], [['u'], []]);
  s = reducer(s, { type: 'replay', events: [] });
  assert.equal(s.variables, undefined);
});

test('pair inspector: each click counts a draw; an answer is kept for its set only and dropped with new embeddings', () => {
  const pairResponse = (embeddingsId: string, seed: number): PanelResponse => ({
    kind: 'inspectPair',
    embeddingsId,
    seed,
    pipeline: 'crop(0.2-1) -> flip',
    index: 2,
    views: new Uint8Array(8),
    shape: [2, 2, 1],
    cosine: 0.75,
    rank: 3,
    loss: 2.5,
    temperature: 0.5,
    batchSize: 4,
    negatives: {
      indices: Int32Array.from([1, 0]),
      cosines: Float32Array.from([0.5, 0.25]),
      weights: Float32Array.from([0.25, 0.125]),
      views: new Uint8Array(8),
    },
  });
  let s = run({ type: 'event', event: { ...embeddings('e1', 4), pairInspection: true } as PanelEvent });
  assert.equal(s.embeddings?.pairInspection, true);
  assert.equal(run({ type: 'event', event: embeddings('e1') }).embeddings?.pairInspection, false);
  s = reducer(reducer(s, { type: 'drawPair' }), { type: 'drawPair' });
  assert.equal(s.pairDraws, 2);
  const request = { kind: 'inspectPair', embeddingsId: 'e1', index: 2, seed: 7, negatives: 2 } as const;
  s = reducer(s, { type: 'requestSent', id: 'p1', request });
  assert.equal(pendingOf(s, 'inspectPair')?.id, 'p1');
  s = reducer(s, { type: 'response', id: 'p1', response: pairResponse('e1', 7) });
  assert.deepEqual(s.pair, {
    embeddingsId: 'e1',
    index: 2,
    seed: 7,
    cosine: 0.75,
    rank: 3,
    loss: 2.5,
    temperature: 0.5,
    batchSize: 4,
    pipeline: 'crop(0.2-1) -> flip',
    negatives: { indices: [1, 0], cosines: [0.5, 0.25], weights: [0.25, 0.125] },
  });
  s = reducer(s, { type: 'requestSent', id: 'p2', request: { ...request, seed: 8 } });
  s = reducer(s, { type: 'response', id: 'p2', response: { kind: 'error', message: 'the kernel restarted' } });
  assert.equal(s.errors.inspectPair, 'the kernel restarted');
  assert.equal(s.pair?.seed, 7, 'an error keeps the last answer');
  s = reducer(s, { type: 'event', event: embeddings('e2') });
  assert.equal(s.pair, undefined, 'new embeddings drop the pair');
  s = reducer(s, { type: 'requestSent', id: 'p3', request });
  s = reducer(s, { type: 'response', id: 'p3', response: pairResponse('e1', 9) });
  assert.equal(s.pair, undefined, 'an answer about e1 is not shown over e2');
});

test('the region selection: dropped with new embeddings, restored by a replay of the same set when it fits', () => {
  const selection = { embeddingsId: 'e1', indices: [0, 2] };
  let s = run({ type: 'event', event: embeddings('e1', 3) }, { type: 'ui', patch: { selection } });
  assert.deepEqual(s.ui.selection, selection);
  assert.equal(reducer(s, { type: 'event', event: embeddings('e1', 3) }).ui.selection, undefined, 'republished');
  assert.deepEqual(reducer(s, { type: 'replay', events: [embeddings('e1', 3)] }).ui.selection, selection);
  assert.equal(reducer(s, { type: 'replay', events: [embeddings('e2', 3)] }).ui.selection, undefined, 'another set');
  assert.equal(reducer(s, { type: 'replay', events: [embeddings('e1', 2)] }).ui.selection, undefined, 'index 2 of 2');
  assert.deepEqual(
    reducer(s, { type: 'replay', events: [] }).ui.selection,
    selection,
    'kept, like the clicked point, until embeddings arrive',
  );
  s = reducer(s, { type: 'requestSent', id: 's1', request: { kind: 'select', embeddingsId: 'e1', indices: [0, 2] } });
  s = reducer(s, { type: 'response', id: 's1', response: { kind: 'error', message: 'the kernel restarted' } });
  assert.equal(s.errors.select, 'the kernel restarted');
  s = reducer(s, { type: 'requestSent', id: 's2', request: { kind: 'select', embeddingsId: 'e1', indices: [] } });
  s = reducer(s, { type: 'response', id: 's2', response: { kind: 'select', embeddingsId: 'e1', count: 0 } });
  assert.equal(s.errors.select, undefined, 'cleared by the next success');
});
