import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { retrievalRecall, topMatches } from '../../../src/simclr/multimodal/retrieval';
import { classEmbeddings, zeroShotClassify } from '../../../src/simclr/multimodal/zeroShot';

test('retrievalRecall: perfect, reversed and tied rankings', () => {
  const eye = tf.eye(4) as tf.Tensor2D;
  assert.deepEqual(retrievalRecall(eye, eye, [1, 2]), {
    mediaToText: { 1: 1, 2: 1 },
    textToMedia: { 1: 1, 2: 1 },
    n: 4,
  });
  // Text i matches media (i + 1) % 4 best and media i second best.
  const text = tf.tensor2d([
    [1, 2, 0, 0],
    [0, 1, 2, 0],
    [0, 0, 1, 2],
    [2, 0, 0, 1],
  ]);
  const r = retrievalRecall(eye, text, [1, 2]);
  assert.deepEqual(r.mediaToText, { 1: 0, 2: 1 });
  assert.deepEqual(r.textToMedia, { 1: 0, 2: 1 });
  // All-equal similarities: ties count against the query.
  assert.deepEqual(retrievalRecall(tf.ones([3, 2]), tf.ones([3, 2]), [1, 3]).mediaToText, { 1: 0, 3: 1 });
  assert.throws(() => retrievalRecall(eye, tf.eye(3) as tf.Tensor2D), /both be \[n, E\]/);
  tf.dispose([eye, text]);
});

test('topMatches: nearest items first with their cosine similarities', () => {
  const [m] = topMatches(
    tf.tensor2d([[1, 0]]),
    tf.tensor2d([
      [0, 1],
      [1, 0.1],
      [-1, 0],
    ]),
    2,
  );
  assert.deepEqual(m.indices, [1, 0]);
  assert.ok(Math.abs(m.scores[0] - 1 / Math.sqrt(1.01)) < 1e-6 && Math.abs(m.scores[1]) < 1e-6);
});

test('zero-shot: prompts averaged per class, items take the most similar class', () => {
  // A text "model" whose embedding is 1 on the axis of the class word it contains.
  const words = ['cat', 'dog', 'bird'];
  const model = {
    embedTexts: (texts: readonly string[]) =>
      tf.tensor2d(texts.map((t) => words.map((w) => (t.includes(w) ? 1 : 0) + (t.startsWith('a photo') ? 0.1 : 0)))),
  };
  const classes = classEmbeddings(model, words, ['a photo of a {}', 'a {}']);
  assert.deepEqual(classes.shape, [3, 3]);
  const media = tf.tensor2d([
    [0.9, 0.1, 0],
    [0, 0.2, 3],
    [0, 1, 0.1],
    [1, 0, 0],
  ]);
  const result = zeroShotClassify(media, classes, [0, 2, 1, 1]);
  assert.deepEqual([...result.predictions], [0, 2, 1, 0]);
  assert.equal(result.accuracy, 0.75);
  assert.equal(result.chance, 1 / 3);
  assert.throws(() => classEmbeddings(model, words, ['no slot']), /must contain \{\}/);
  assert.throws(() => zeroShotClassify(media, classes, [0]), /1 labels for 4 items/);
});
