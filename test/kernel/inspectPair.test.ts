// The pair inspector, kernel side: show.embeddings({ model, dataset }) keeps the model, the images and the
// augmentation behind the set; answerPanelRequest('inspectPair') draws two fresh views with the request's
// seed and the batch's hardest negatives from the set's own images; clear errors for a set shown without a
// model, one shown again as plain vectors under the same id, a disposed model and a point outside the set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/simclr/tf';
import { loadFashionMnist } from '../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../src/simclr/models/simclrModel';
import { embeddingsEvent, gatherEmbeddings } from '../../src/kernel/display/embeddingsOutput';
import { PublishedStore } from '../../src/kernel/panel/embeddingStore';
import { answerPanelRequest } from '../../src/kernel/panel/panelRequests';
import type { PanelRequest, PanelResponse } from '../../src/protocol/panelMessages';

const ask = (store: PublishedStore, request: PanelRequest): Promise<PanelResponse> =>
  answerPanelRequest('r', request, store, () => undefined);

function publish(store: PublishedStore, data: ReturnType<typeof gatherEmbeddings>, id: string): void {
  store.remember(embeddingsEvent(data, id));
  store.rememberPairSource(id, data.pairSource);
}

test('inspectPair: fresh views per seed, negatives from the set, the set and the model checked', async () => {
  await tf.setBackend('cpu');
  const dataset = loadFashionMnist({ split: 'test', limit: 48, prefer: 'embedded' });
  const model = createSimclrModel({ encoder: { kind: 'cnn', widths: [8], strides: [2] }, headWidths: [8, 8] });
  const data = gatherEmbeddings({ model, dataset }, { count: 30, batchSize: 12 });
  assert.equal(embeddingsEvent(data, 'x').pairInspection, true);
  const store = new PublishedStore();
  publish(store, data, 'emb');

  const request = { kind: 'inspectPair', embeddingsId: 'emb', index: 4, seed: 11, negatives: 6 } as const;
  const first = await ask(store, request);
  assert.equal(first.kind, 'inspectPair', first.kind === 'error' ? first.message : '');
  if (first.kind !== 'inspectPair') return;
  assert.equal(first.embeddingsId, 'emb');
  assert.equal(first.seed, 11);
  assert.equal(first.index, 4);
  assert.equal(first.batchSize, 12, "the set's batch size");
  assert.equal(first.temperature, 0.5);
  assert.match(first.pipeline, /crop/);
  assert.deepEqual(first.shape, [28, 28, 1]);
  assert.equal(first.views.length, 2 * 28 * 28);
  assert.equal(first.negatives.indices.length, 6);
  assert.ok(
    first.negatives.indices.every((i) => i >= 0 && i < 30 && i !== 4),
    'negatives are other points of the set (30 of the 48 images)',
  );
  const again = await ask(store, { ...request, seed: 12 });
  assert.ok(again.kind === 'inspectPair' && again.views.some((v, i) => v !== first.views[i]), 'new seed, new views');

  const outside = await ask(store, { ...request, index: 30 });
  assert.ok(outside.kind === 'error' && /index 30 is outside 0\.\.29/.test(outside.message));

  publish(store, { vectors: new Float32Array(4), n: 2, dim: 2 }, 'plain');
  const plain = await ask(store, { ...request, embeddingsId: 'plain', index: 0 });
  assert.ok(plain.kind === 'error' && /'plain' were shown without a model/.test(plain.message));
  publish(store, { vectors: new Float32Array(4), n: 2, dim: 2 }, 'emb');
  const replaced = await ask(store, { ...request, index: 0 });
  assert.ok(
    replaced.kind === 'error' && /without a model/.test(replaced.message),
    'the same id shown again as vectors',
  );

  publish(store, data, 'emb');
  model.dispose();
  const disposed = await ask(store, request);
  assert.ok(disposed.kind === 'error' && /was disposed/.test(disposed.message), JSON.stringify(disposed));
  const gone = await ask(store, { ...request, embeddingsId: 'never' });
  assert.ok(gone.kind === 'error' && /no published embeddings 'never'/.test(gone.message));
});
