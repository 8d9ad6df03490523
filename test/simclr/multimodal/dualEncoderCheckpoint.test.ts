import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { captionImages, type CaptionedImages } from '../../../src/simclr/data/captionedImages';
import { synthesizeSoundEvents } from '../../../src/simclr/data/soundEvents';
import { WordTokenizer } from '../../../src/simclr/text/wordTokenizer';
import {
  createDualEncoder,
  checkDualEncoderConfig,
  type DualEncoderOptions,
} from '../../../src/simclr/multimodal/dualEncoder';
import { pretrainPaired } from '../../../src/simclr/multimodal/pretrainPaired';
import { loadDualEncoder } from '../../../src/simclr/multimodal/loadDualEncoder';
import { loadCheckpoint, saveCheckpoint } from '../../../src/simclr/train/checkpoint';
import { tempDir } from '../data/tempDir';

const dir = tempDir('dual-checkpoint');
const small = { encoder: { widths: [8, 16], strides: [2, 2] }, text: { width: 16 }, embedDim: 8 };
let pairs: CaptionedImages;
let options: DualEncoderOptions;
before(async () => {
  await tf.setBackend('cpu');
  pairs = captionImages(loadFashionMnist({ split: 'train', limit: 128, prefer: 'embedded' }), { seed: 1 });
  options = { tokenizer: WordTokenizer.train(pairs.captions), media: 'image', ...small, seed: 4 };
});

const weightsOf = (m: { namedWeights(): { tensor: tf.Tensor }[] }) =>
  m.namedWeights().map((w) => Array.from(w.tensor.dataSync()));

test('pretrainPaired: stopped after 2 of 4 steps and resumed from its checkpoint equals 4 uninterrupted steps', async () => {
  const whole = createDualEncoder(options);
  await pretrainPaired(whole, pairs, { steps: 4, batchSize: 16, seed: 2 });
  const file = join(dir, 'half.ckpt');
  const first = createDualEncoder(options);
  const controller = new AbortController();
  const stopped = await pretrainPaired(first, pairs, {
    steps: 4,
    batchSize: 16,
    seed: 2,
    checkpoint: { path: file },
    signal: controller.signal,
    onStep: (s) => {
      if (s.step === 2) controller.abort();
    },
  });
  assert.equal(stopped.status, 'interrupted');
  const resumed = createDualEncoder(options);
  const result = await pretrainPaired(resumed, pairs, { steps: 4, batchSize: 16, seed: 2, resumeFrom: file });
  assert.equal(result.steps, 4);
  assert.equal(result.history.length, 4, 'the history of the first part comes back');
  assert.deepEqual(weightsOf(resumed), weightsOf(whole));
  await assert.rejects(
    pretrainPaired(createDualEncoder({ ...options, seed: 5 }), pairs, { steps: 4, batchSize: 16, resumeFrom: file }),
    /different model/,
  );
  [whole, first, resumed].forEach((m) => m.dispose());
});

test('loadDualEncoder: the saved model embeds text and media exactly as before, with its tokenizer', async () => {
  const sounds = synthesizeSoundEvents({ count: 4 });
  const model = createDualEncoder({
    tokenizer: WordTokenizer.train(sounds.captions),
    media: 'audio',
    ...small,
    seed: 1,
  });
  model.logitScale.assign(tf.scalar(3.5));
  const file = join(dir, 'clap.ckpt');
  await saveCheckpoint(file, { model, step: 0 });
  const before = tf.memory().numTensors;
  const { model: loaded } = await loadDualEncoder(file);
  assert.deepEqual(loaded.tokenizer.toJSON(), model.tokenizer.toJSON());
  assert.equal(loaded.logitScale.dataSync()[0], 3.5);
  const clips = tf.tensor2d(sounds.waveforms, [4, 8000]);
  const [a, b] = [model.embedMedia(clips), loaded.embedMedia(clips)];
  const [ta, tb] = [model.embedTexts(sounds.captions), loaded.embedTexts(sounds.captions)];
  assert.deepEqual(Array.from(b.dataSync()), Array.from(a.dataSync()));
  assert.deepEqual(Array.from(tb.dataSync()), Array.from(ta.dataSync()));
  tf.dispose([clips, a, b, ta, tb]);
  loaded.dispose();
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(
    loadCheckpoint(file),
    /clap\.ckpt: holds a two-tower \(CLIP\/CLAP\) model: load it with loadDualEncoder/,
  );
  model.dispose();
});

test('checkDualEncoderConfig refuses damaged configs, naming the field', () => {
  const model = createDualEncoder(options);
  const good = JSON.parse(JSON.stringify(model.config));
  assert.deepEqual(checkDualEncoderConfig(good), model.config);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const cases: [(c: Record<string, any>) => void, RegExp][] = [
    [
      (c) => {
        c.embedDim = 1e9;
      },
      /embedDim/,
    ],
    [
      (c) => {
        c.media.kind = 'video';
      },
      /media.kind/,
    ],
    [
      (c) => {
        c.text.vocabularySize += 1;
      },
      /does not match the tokenizer/,
    ],
    [
      (c) => {
        c.tokenizer.vocabulary[0] = 'x';
      },
      /ids 0 and 1/,
    ],
    [
      (c) => {
        c.extra = 1;
      },
      /not a complete config/,
    ],
    [
      (c) => {
        c.initialLogitScale = 7;
      },
      /initialLogitScale/,
    ],
  ];
  for (const [damage, error] of cases) {
    const c = JSON.parse(JSON.stringify(good));
    damage(c);
    assert.throws(() => checkDualEncoderConfig(c), error);
  }
  model.dispose();
});

test('a checkpoint whose dual-encoder header was edited is refused before any weight is made', async () => {
  const model = createDualEncoder(options);
  const file = join(dir, 'edited.ckpt');
  await saveCheckpoint(file, { model, step: 0 });
  model.dispose();
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1').replace('"embedDim":8', '"embedDim":9');
  writeFileSync(file, Buffer.from(text, 'latin1'));
  await assert.rejects(loadDualEncoder(file), /edited\.ckpt: /);
});
