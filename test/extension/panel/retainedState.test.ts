import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PanelEvent } from '../../../src/protocol/panelMessages';
import {
  HISTORY_POINTS,
  HISTORY_RUNS,
  HISTORY_SNAPSHOTS,
  type MonitorSnapshot,
} from '../../../src/protocol/trainingEvents';
import { RetainedState } from '../../../src/extension/panel/retainedState';

const emb = (id: string): PanelEvent => ({ kind: 'embeddings', id, vectors: new Float32Array(4), n: 2, dim: 2 });
const step = (runId: string, s: number, extra: Record<string, number> = {}): PanelEvent => ({
  kind: 'trainStep',
  runId,
  method: 'simclr',
  step: s,
  totalSteps: 100,
  epoch: 0,
  metrics: { loss: 1, learningRate: 0.1, imagesPerSec: 5, ...extra },
});
const start = (runId: string, startedAt: number): PanelEvent => ({
  kind: 'trainStart',
  runId,
  method: 'simclr',
  totalSteps: 100,
  startedAt,
  config: {},
});

test('events(): runs oldest first, then the latest augmentations and embeddings; progress is not retained', () => {
  const r = new RetainedState();
  r.add(start('a', 1));
  r.add(step('a', 1));
  r.add(emb('e1'));
  r.add({ kind: 'requestProgress', requestId: 'p1', fraction: 0.5, stage: 'x' });
  r.add(start('b', 2));
  r.add(emb('e2'));
  r.add({ kind: 'trainEnd', runId: 'a', status: 'done', step: 1 });
  assert.deepEqual(
    r.events().map((e) => `${e.kind}:${'runId' in e ? e.runId : 'id' in e ? e.id : ''}`),
    ['trainStart:a', 'trainStep:a', 'trainEnd:a', 'trainStart:b', 'embeddings:e2'],
  );
});

test('a restarted run id starts over; runs are capped', () => {
  const r = new RetainedState();
  r.add(start('a', 1));
  r.add(step('a', 1));
  r.add(start('a', 2));
  assert.equal(r.events().length, 1);
  for (let i = 0; i < HISTORY_RUNS + 2; i++) r.add(start(`r${i}`, i));
  const runIds = new Set(r.events().map((e) => ('runId' in e ? e.runId : '')));
  assert.equal(runIds.size, HISTORY_RUNS);
  assert.ok(!runIds.has('a') && runIds.has(`r${HISTORY_RUNS + 1}`));
});

const snapshot = (runId: string, s: number): PanelEvent => ({
  kind: 'trainSnapshot',
  runId,
  method: 'simclr',
  step: s,
  snapshot: { step: s } as unknown as MonitorSnapshot,
});

test('monitor snapshots are retained with their run, capped at HISTORY_SNAPSHOTS with the first and latest kept', () => {
  const r = new RetainedState();
  r.add(start('a', 1));
  const total = HISTORY_SNAPSHOTS * 3;
  for (let s = 1; s <= total; s++) {
    r.add(step('a', s));
    r.add(snapshot('a', s));
  }
  r.add(start('b', 2));
  r.add(snapshot('b', 1));
  const kept = r.events().flatMap((e) => (e.kind === 'trainSnapshot' ? [`${e.runId}:${e.step}`] : []));
  const ofA = kept.filter((k) => k.startsWith('a:'));
  assert.ok(ofA.length <= HISTORY_SNAPSHOTS && ofA.length >= HISTORY_SNAPSHOTS / 2, `${ofA.length}`);
  assert.equal(ofA[0], 'a:1');
  assert.equal(ofA.at(-1), `a:${total}`);
  assert.equal(kept.at(-1), 'b:1');
  assert.equal(
    r.events().filter((e) => e.kind === 'trainStep').length,
    total,
    'steps are not thinned by the snapshot cap',
  );
});

test('long runs are thinned but keep start, end, recent steps and every metric', () => {
  const r = new RetainedState();
  r.add(start('a', 1));
  const total = HISTORY_POINTS * 3;
  for (let s = 1; s <= total; s++) r.add(step('a', s, s % 10 === 0 ? { knn: 0.5 } : {}));
  r.add({ kind: 'trainEnd', runId: 'a', status: 'done', step: total });
  const events = r.events();
  assert.ok(events.length <= HISTORY_POINTS + 2, `${events.length}`);
  assert.ok(events.length >= HISTORY_POINTS / 2, `${events.length}`);
  assert.equal(events[0].kind, 'trainStart');
  assert.equal(events.at(-1)?.kind, 'trainEnd');
  const steps = events.flatMap((e) => (e.kind === 'trainStep' ? [e] : []));
  assert.equal(steps.at(-1)?.step, total, 'the latest step stays');
  assert.ok(
    steps.some((e) => e.metrics.knn === 0.5 && e.step < total / 2),
    'old metrics survive thinning',
  );
  assert.deepEqual(
    steps.map((e) => e.step),
    steps.map((e) => e.step).sort((a, b) => a - b),
  );
});

test('projections are cached for the current embeddings only', () => {
  const r = new RetainedState();
  const req = { kind: 'project' as const, embeddingsId: 'e1', method: 'umap' as const, dims: 2 as const, seed: 1 };
  const resp = { kind: 'project' as const, method: 'umap' as const, dims: 2 as const, points: new Float32Array(4) };
  r.rememberProjection(req, resp);
  assert.equal(r.cachedProjection(req), undefined, 'no embeddings yet');
  r.add(emb('e1'));
  r.rememberProjection(req, resp);
  r.rememberProjection({ ...req, method: 'pca' }, { kind: 'error', message: 'x' });
  assert.equal(r.cachedProjection(req), resp);
  assert.equal(r.cachedProjection({ ...req, method: 'pca' }), undefined);
  assert.equal(r.cachedProjection({ ...req, seed: 2 }), undefined);
  r.add(emb('e1'));
  assert.equal(r.cachedProjection(req), resp, 'same embeddings again keep the cache');
  r.add(emb('e2'));
  assert.equal(r.cachedProjection(req), undefined);
});

test('forgetKernelData drops embeddings, augmentations and projections but keeps the runs', () => {
  const r = new RetainedState();
  r.add(start('a', 1));
  r.add(emb('e1'));
  const req = { kind: 'project' as const, embeddingsId: 'e1', method: 'pca' as const, dims: 2 as const };
  r.rememberProjection(req, { kind: 'project', method: 'pca', dims: 2, points: new Float32Array(4) });
  r.forgetKernelData();
  assert.deepEqual(
    r.events().map((e) => e.kind),
    ['trainStart'],
  );
  assert.equal(r.cachedProjection(req), undefined);
});

test('the latest variables report is retained (replacing the previous one) and forgotten with the kernel data', () => {
  const r = new RetainedState();
  const report = (executionId: string): PanelEvent => ({
    kind: 'variables',
    variables: [{ name: 'x', kind: 'number', type: 'number', preview: '1' }],
    memory: {
      executionId,
      before: { numTensors: 0, numBytes: 0 },
      after: { numTensors: 0, numBytes: 0 },
      live: [],
      liveCount: 0,
    },
  });
  r.add(report('e1'));
  r.add(emb('e1'));
  r.add(report('e2'));
  assert.deepEqual(
    r.events().map((e) => (e.kind === 'variables' ? `variables:${e.memory.executionId}` : e.kind)),
    ['embeddings', 'variables:e2'],
  );
  r.forgetKernelData();
  assert.deepEqual(r.events(), []);
});

test('after a new kernel process, requests about data the old one published are answered by the host', () => {
  const retained = new RetainedState();
  const augment = (id: string): PanelEvent => ({
    kind: 'augmentations',
    id,
    images: new Uint8Array(4),
    n: 1,
    shape: [2, 2, 1],
    params: [],
    pipeline: 'crop',
  });
  retained.add(emb('embeddings-1'));
  retained.add(augment('augmentations-1'));
  const pair = { kind: 'inspectPair', embeddingsId: 'embeddings-1', index: 0, seed: 1, negatives: 8 } as const;
  const views = {
    kind: 'augment',
    augmentationsId: 'augmentations-1',
    index: 0,
    views: 4,
    seed: 1,
    params: {},
  } as const;
  assert.equal(retained.lostData(pair), undefined, 'the running process published it');
  retained.kernelReplaced();
  for (const request of [
    pair,
    { kind: 'nearestNeighbours', embeddingsId: 'embeddings-1', index: 0, k: 5 } as const,
    { kind: 'project', embeddingsId: 'embeddings-1', method: 'pca', dims: 2 } as const,
    views,
  ])
    assert.match(
      retained.lostData(request) ?? '',
      /the kernel restarted since '(embeddings|augmentations)-1' was shown/,
    );
  assert.equal(retained.lostData({ kind: 'tensorImage', name: 'x' }), undefined, 'not about published data');
  assert.equal(retained.lostData({ ...pair, embeddingsId: 'embeddings-2' }), undefined, 'another set');
  retained.add(emb('embeddings-1'));
  assert.equal(retained.lostData(pair), undefined, 'the new process showed a set under the same id');
  assert.match(retained.lostData(views) ?? '', /restarted/, 'the augmentations are still the old ones');
});
