import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WordTokenizer, splitWords, PAD_ID, UNKNOWN_ID } from '../../../src/simclr/text/wordTokenizer';

const corpus = ['a photo of a dark T-shirt', 'this coat is wide and tall', "a dress that's bright", 'a dark coat'];

test('splitWords: lower case, hyphens and apostrophes inside words kept, punctuation dropped', () => {
  const cases: [string, string[]][] = [
    ['A Dark T-shirt!', ['a', 'dark', 't-shirt']],
    ["that's it, -- ok", ["that's", 'it', 'ok']],
    ['  ', []],
    ['ankle boot, 2 pairs', ['ankle', 'boot', '2', 'pairs']],
  ];
  for (const [text, words] of cases) assert.deepEqual(splitWords(text), words, text);
});

test('train: frequent words first, pad and unknown at 0 and 1, maxLength = longest caption', () => {
  const t = WordTokenizer.train(corpus);
  assert.deepEqual(t.vocabulary.slice(0, 5), ['<pad>', '<unk>', 'a', 'dark', 'coat']);
  assert.equal(t.maxLength, 6);
  assert.equal(t.size, new Set(corpus.flatMap(splitWords)).size + 2);
});

test('round trip: decode(encode(text)) is the normalised text; JSON round trip keeps every id', () => {
  const t = WordTokenizer.train(corpus);
  for (const text of corpus) assert.equal(t.decode(t.encode(text)), splitWords(text).join(' '));
  const again = new WordTokenizer(JSON.parse(JSON.stringify(t)));
  for (const text of [...corpus, 'a purple coat']) assert.deepEqual(again.encode(text), t.encode(text));
});

test('encode: unknown words map to <unk>, short texts pad with 0, long texts are cut', () => {
  const t = WordTokenizer.train(corpus, { maxLength: 4 });
  const ids = t.encode('a purple coat');
  assert.deepEqual([...ids], [t.encode('a')[0], UNKNOWN_ID, t.encode('coat')[0], PAD_ID]);
  assert.equal(t.decode(ids), 'a <unk> coat');
  assert.equal(t.encode('a dark coat is a dark coat').length, 4);
  assert.deepEqual(t.encodeBatch(['a', 'coat']).length, 8);
});

test('options: minCount and maxVocabulary limit the vocabulary', () => {
  assert.deepEqual(WordTokenizer.train(corpus, { minCount: 2 }).vocabulary, ['<pad>', '<unk>', 'a', 'dark', 'coat']);
  assert.equal(WordTokenizer.train(corpus, { maxVocabulary: 4 }).size, 4);
});

test('bad saved tokenizers are refused with a reason', () => {
  const cases: [unknown, RegExp][] = [
    [{ kind: 'bpe', vocabulary: [], maxLength: 3 }, /expected/],
    [{ kind: 'word', vocabulary: ['a', '<unk>'], maxLength: 3 }, /ids 0 and 1/],
    [{ kind: 'word', vocabulary: ['<pad>', '<unk>', 'a', 'a'], maxLength: 3 }, /repeats/],
    [{ kind: 'word', vocabulary: ['<pad>', '<unk>'], maxLength: 0 }, /maxLength/],
  ];
  for (const [json, error] of cases) assert.throws(() => new WordTokenizer(json as never), error);
  assert.throws(() => WordTokenizer.train(corpus).decode([999]), /outside the vocabulary/);
});
