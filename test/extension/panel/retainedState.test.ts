import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PanelEvent } from '../../../src/protocol/panelMessages';
import { RETAINED_RUNS, RETAINED_STEPS_PER_RUN, RetainedState } from '../../../src/extension/panel/retainedState';

const emb = (id: string): PanelEvent => ({ kind: 'embeddings', id, vectors: new Float32Array(4), n: 2, dim: 2 });
const step = (runId: string, s: number): PanelEvent => ({ kind: 'trainStep', runId, step: s, epoch: 0, loss: 1, learningRate: 0.1, imagesPerSec: 5 });

test('events(): runs oldest first, then the latest augmentations and embeddings; progress is not retained', () => {
  const r = new RetainedState();
  r.add({ kind: 'trainStart', runId: 'a', config: {}, startedAt: 1 });
  r.add(step('a', 1));
  r.add(emb('e1'));
  r.add({ kind: 'requestProgress', requestId: 'p1', fraction: 0.5, stage: 'x' });
  r.add({ kind: 'trainStart', runId: 'b', config: {}, startedAt: 2 });
  r.add(emb('e2'));
  r.add({ kind: 'trainEnd', runId: 'a', status: 'done' });
  assert.deepEqual(r.events().map((e) => `${e.kind}:${'runId' in e ? e.runId : 'id' in e ? e.id : ''}`), ['trainStart:a', 'trainStep:a', 'trainEnd:a', 'trainStart:b', 'embeddings:e2']);
});

test('a restarted run id starts over; runs are capped', () => {
  const r = new RetainedState();
  r.add({ kind: 'trainStart', runId: 'a', config: {}, startedAt: 1 });
  r.add(step('a', 1));
  r.add({ kind: 'trainStart', runId: 'a', config: {}, startedAt: 2 });
  assert.equal(r.events().length, 1);
  for (let i = 0; i < RETAINED_RUNS + 2; i++) r.add({ kind: 'trainStart', runId: `r${i}`, config: {}, startedAt: i });
  const runIds = new Set(r.events().map((e) => ('runId' in e ? e.runId : '')));
  assert.equal(runIds.size, RETAINED_RUNS);
  assert.ok(!runIds.has('a') && runIds.has(`r${RETAINED_RUNS + 1}`));
});

test('long runs are thinned but keep start, recent steps and every metric stream', () => {
  const r = new RetainedState();
  r.add({ kind: 'trainStart', runId: 'a', config: {}, startedAt: 1 });
  const total = RETAINED_STEPS_PER_RUN * 3;
  for (let s = 1; s <= total; s++) {
    r.add(step('a', s));
    if (s % 10 === 0) r.add({ kind: 'trainMetric', runId: 'a', step: s, name: 'knn', value: 0.5 });
  }
  const events = r.events();
  assert.ok(events.length <= RETAINED_STEPS_PER_RUN + 1, `${events.length}`);
  assert.equal(events[0].kind, 'trainStart');
  const last = events[events.length - 1];
  assert.ok(last.kind === 'trainMetric' || (last.kind === 'trainStep' && last.step === total));
  assert.ok(events.some((e) => e.kind === 'trainMetric' && e.step < total / 2), 'old metrics survive thinning');
  const steps = events.filter((e) => e.kind === 'trainStep').map((e) => (e.kind === 'trainStep' ? e.step : 0));
  assert.deepEqual(steps, [...steps].sort((a, b) => a - b));
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
  r.add({ kind: 'trainStart', runId: 'a', config: {}, startedAt: 1 });
  r.add(emb('e1'));
  const req = { kind: 'project' as const, embeddingsId: 'e1', method: 'pca' as const, dims: 2 as const };
  r.rememberProjection(req, { kind: 'project', method: 'pca', dims: 2, points: new Float32Array(4) });
  r.forgetKernelData();
  assert.deepEqual(r.events().map((e) => e.kind), ['trainStart']);
  assert.equal(r.cachedProjection(req), undefined);
});
