// The panel's text query, kernel side: show.embeddings({ model, pairs }) gathers both modalities of a
// two-tower model (coloured by modality) and keeps its text encoder, and answerPanelRequest ranks the
// published points by cosine similarity to the embedded text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../src/simclr/tf';
import { loadFashionMnist } from '../../src/simclr/data/fashionMnist';
import { captionImages } from '../../src/simclr/data/captionedImages';
import { WordTokenizer } from '../../src/simclr/text/wordTokenizer';
import { createDualEncoder } from '../../src/simclr/multimodal/dualEncoder';
import { embeddingsEvent, gatherEmbeddings } from '../../src/kernel/display/embeddingsOutput';
import { PublishedStore } from '../../src/kernel/panel/embeddingStore';
import { answerPanelRequest } from '../../src/kernel/panel/panelRequests';
import { nearestToVector } from '../../src/simclr/eval/nearestNeighbours';

test('text query: both modalities published with the text encoder; the answer is the nearest points to the text', async () => {
  await tf.setBackend('cpu');
  const pairs = captionImages(loadFashionMnist({ split: 'test', limit: 20, prefer: 'embedded' }), { seed: 1 });
  const model = createDualEncoder({
    tokenizer: WordTokenizer.train(pairs.captions),
    media: 'image',
    encoder: { widths: [8, 16], strides: [2, 2] },
    text: { width: 16 },
    embedDim: 8,
  });
  const data = gatherEmbeddings({ model, pairs }, {});
  assert.equal(data.n, 40, '20 images then their 20 captions');
  assert.deepEqual(data.classNames, ['image', 'caption']);
  assert.deepEqual([data.labels?.[0], data.labels?.[19], data.labels?.[20], data.labels?.[39]], [0, 0, 1, 1]);
  assert.deepEqual(data.thumbnails?.shape, [40, 28, 28, 1], "a caption's thumbnail is its image");
  const byClass = gatherEmbeddings({ model, pairs }, { colour: 'class' });
  assert.equal(byClass.labels?.[25], pairs.labels?.[5]);

  const event = embeddingsEvent(data, 'joint-1');
  assert.equal(event.textQuery, true);
  const store = new PublishedStore();
  store.remember(event);
  store.rememberTextQuery('joint-1', data.textQuery!);
  const response = await answerPanelRequest(
    'r1',
    { kind: 'textQuery', embeddingsId: 'joint-1', text: pairs.captions[3], k: 5 },
    store,
    () => undefined,
  );
  assert.equal(response.kind, 'textQuery');
  if (response.kind !== 'textQuery') return;
  const query = model.embedTexts([pairs.captions[3]]);
  const expected = nearestToVector(data.vectors, 40, 8, Float32Array.from(query.dataSync()), 5);
  query.dispose();
  assert.deepEqual([...response.indices], [...expected.indices]);
  assert.equal(response.indices[0], 23, 'the caption itself is the nearest point to its own text');
  assert.ok(Math.abs(response.similarities[0] - 1) < 1e-5);

  store.remember(embeddingsEvent({ vectors: new Float32Array(4), n: 2, dim: 2 }, 'plain'));
  const refused = await answerPanelRequest(
    'r2',
    { kind: 'textQuery', embeddingsId: 'plain', text: 'x', k: 1 },
    store,
    () => undefined,
  );
  assert.deepEqual(refused.kind === 'error' && /'plain' have no text encoder/.test(refused.message), true);
  model.dispose();
});
