import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { captionImages, type CaptionedImages } from '../../../src/simclr/data/captionedImages';
import { subset } from '../../../src/simclr/data/subset';
import { synthesizeSoundEvents } from '../../../src/simclr/data/soundEvents';
import type { AudioDataset } from '../../../src/simclr/data/audioDataset';
import { WordTokenizer } from '../../../src/simclr/text/wordTokenizer';
import { clipLoss } from '../../../src/simclr/losses/clip';
import { createDualEncoder, MAX_LOGIT_SCALE, type DualEncoder } from '../../../src/simclr/multimodal/dualEncoder';
import { pretrainPaired } from '../../../src/simclr/multimodal/pretrainPaired';
import { embedPairs, pairCount, type PairedData } from '../../../src/simclr/multimodal/pairedData';
import { setRunContext } from '../../../src/simclr/context';
import type { TrainingEvent } from '../../../src/simclr/train/trainingEvent';

// Small towers so both runs take seconds in CI; the benchmark (test/bench/multimodal.ts) runs the real sizes.
const small = { encoder: { widths: [16, 32, 64], strides: [2, 2, 2] }, text: { width: 64 }, embedDim: 32 };

let images: CaptionedImages;
let heldOutImages: CaptionedImages;
let sounds: AudioDataset;
let heldOutSounds: AudioDataset;
before(async () => {
  await initBackend();
  const fm = loadFashionMnist({ split: 'train', limit: 1200, prefer: 'embedded' });
  images = captionImages(
    subset(
      fm,
      Int32Array.from({ length: 1024 }, (_, i) => i),
    ),
    { seed: 1 },
  );
  heldOutImages = captionImages(
    subset(
      fm,
      Int32Array.from({ length: 128 }, (_, i) => 1024 + i),
    ),
    { seed: 2 },
  );
  sounds = synthesizeSoundEvents({ count: 384, seed: 1 });
  heldOutSounds = synthesizeSoundEvents({ count: 128, seed: 2 });
});

/** clipLoss of held-out pairs at a fixed logit scale (so a larger learned scale alone cannot lower it). */
function heldOutLoss(model: DualEncoder, data: PairedData): number {
  return tf.tidy(() => {
    const { media, text } = embedPairs(model, data);
    return clipLoss(media, text, Math.log(1 / 0.07)).dataSync()[0];
  });
}

for (const kind of ['image', 'audio'] as const) {
  test(`pretrainPaired (${kind}-text) lowers the held-out CLIP loss on real data, tensors stay flat`, async () => {
    const [train, heldOut] = kind === 'image' ? [images, heldOutImages] : [sounds, heldOutSounds];
    const model = createDualEncoder({ tokenizer: WordTokenizer.train(train.captions), media: kind, ...small, seed: 3 });
    const lossBefore = heldOutLoss(model, heldOut);
    const tensorsBefore = tf.memory().numTensors;
    const events: TrainingEvent[] = [];
    setRunContext({ emit: (e) => events.push(e) });
    try {
      const result = await pretrainPaired(model, train, { steps: 80, batchSize: 32, learningRate: 3e-3, seed: 1 });
      assert.equal(result.status, 'done');
      assert.equal(result.history.length, result.totalSteps);
    } finally {
      setRunContext({});
    }
    assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor left behind by training');
    const lossAfter = heldOutLoss(model, heldOut);
    // ln(n) is the loss of uniform similarities: below it, held-out pairs are matched better than chance.
    const chance = Math.log(pairCount(heldOut));
    assert.ok(
      lossAfter < lossBefore && lossAfter < chance - 0.4,
      `held-out loss ${lossBefore.toFixed(3)} -> ${lossAfter.toFixed(3)} (chance ${chance.toFixed(3)})`,
    );
    assert.deepEqual([events[0].kind, events.at(-1)!.kind], ['trainStart', 'trainEnd']);
    assert.ok(events.some((e) => e.kind === 'trainStep' && Number.isFinite(e.metrics.inverseTemperature)));
    model.dispose();
  });
}

test('pretrainPaired: same seed, same weights; the abort signal stops at a step boundary', async () => {
  const data = captionImages(
    subset(
      images,
      Int32Array.from({ length: 256 }, (_, i) => i),
    ),
    { seed: 1 },
  );
  const run = async (signal?: AbortSignal) => {
    const model = createDualEncoder({
      tokenizer: WordTokenizer.train(data.captions),
      media: 'image',
      ...small,
      seed: 5,
    });
    const result = await pretrainPaired(model, data, {
      steps: 3,
      batchSize: 32,
      seed: 9,
      signal,
      onStep: () => {
        if (signal) controller.abort();
      },
    });
    const weights = model.namedWeights().map((w) => Array.from(w.tensor.dataSync()));
    model.dispose();
    return { result, weights };
  };
  const controller = new AbortController();
  const [a, b] = [await run(), await run()];
  assert.deepEqual(a.weights, b.weights);
  const stopped = await run(controller.signal);
  assert.equal(stopped.result.status, 'interrupted');
  assert.equal(stopped.result.steps, 1);
});

test('pretrainPaired plans for a time budget: warm-up by the clock, estimates in the events, the end when time is up', async () => {
  const data = captionImages(
    subset(
      images,
      Int32Array.from({ length: 256 }, (_, i) => i),
    ),
    { seed: 1 },
  );
  const model = createDualEncoder({ tokenizer: WordTokenizer.train(data.captions), media: 'image', ...small, seed: 5 });
  const events: TrainingEvent[] = [];
  setRunContext({ emit: (e) => events.push(e) });
  try {
    // Capped at 3 steps of a 10-minute plan: every step is in the first seconds, deep in the minute of warm-up.
    const capped = await pretrainPaired(model, data, {
      budget: { minutes: 10 },
      steps: 3,
      batchSize: 32,
      learningRate: 1e-3,
    });
    assert.deepEqual([capped.status, capped.steps, capped.totalSteps], ['done', 3, 3]);
    const rates = capped.history.map((h) => h.learningRate);
    assert.ok(
      rates.every((r, i) => r > 0 && r < 0.5e-3 && (i === 0 || r >= rates[i - 1])),
      `warm-up rates ${rates}`,
    );
    const start = events.find((e) => e.kind === 'trainStart');
    assert.ok(
      start?.kind === 'trainStart' && start.totalSteps === 0 && start.config.budgetMinutes === 10,
      'the start says the length is unknown and the budget',
    );
    for (const e of events)
      if (e.kind === 'trainStep')
        assert.ok(e.totalSteps >= e.step && e.totalSteps <= 3, `estimate ${e.totalSteps} at step ${e.step}`);
    // No step cap: the clock alone ends a 3-second run.
    const timed = await pretrainPaired(model, data, { budget: { minutes: 0.05 }, batchSize: 32 });
    assert.ok(
      timed.status === 'done' && timed.steps >= 1 && timed.totalSteps === timed.steps,
      `${timed.status} after ${timed.steps} of ${timed.totalSteps} steps`,
    );
  } finally {
    setRunContext({});
  }
  await assert.rejects(
    pretrainPaired(model, data, { budget: { minutes: 0 } }),
    /pretrainPaired: budget.minutes must be a positive number, got 0/,
  );
  await assert.rejects(
    pretrainPaired(model, data, { budget: { minutes: 1, warmup: 1 } }),
    /pretrainPaired: budget.warmup must be a fraction in \[0, 1\), got 1/,
  );
  model.dispose();
});

test('pretrainPaired refuses mismatched data and bad options, naming them', async () => {
  const model = createDualEncoder({ tokenizer: WordTokenizer.train(images.captions), media: 'image', ...small });
  await assert.rejects(pretrainPaired(model, sounds), /holds audio but the model's media tower reads image/);
  await assert.rejects(pretrainPaired(model, images, { batchSize: 1 }), /batchSize must be at least 2/);
  await assert.rejects(
    pretrainPaired(model, { ...images, captions: images.captions.slice(1) }),
    /1024 items but 1023 captions/,
  );
  const audio = createDualEncoder({ tokenizer: WordTokenizer.train(sounds.captions), media: 'audio', ...small });
  await assert.rejects(
    pretrainPaired(audio, synthesizeSoundEvents({ count: 64, sampleRate: 16000 })),
    /16000-sample clips at 16000 Hz; the model reads 8000 at 8000 Hz/,
  );
  model.dispose();
  audio.dispose();
});

test('DualEncoder: logit scale starts at ln(1/0.07), clamps at ln 100; weights round-trip by namedWeights', () => {
  const tokenizer = WordTokenizer.train(sounds.captions);
  const a = createDualEncoder({ tokenizer, media: 'audio', ...small, seed: 1 });
  const b = createDualEncoder({ tokenizer, media: 'audio', ...small, seed: 2 });
  assert.ok(Math.abs(a.temperatureInverse() - 1 / 0.07) < 1e-3);
  a.logitScale.assign(tf.scalar(9));
  a.clampLogitScale();
  assert.ok(Math.abs(a.logitScale.dataSync()[0] - MAX_LOGIT_SCALE) < 1e-6);
  b.setWeights(a.namedWeights().map((w) => w.tensor));
  const clips = tf.tensor2d(sounds.waveforms.slice(0, 2 * 8000), [2, 8000]);
  const [ea, eb] = [a.embedMedia(clips), b.embedMedia(clips)];
  assert.deepEqual(ea.shape, [2, 32]);
  assert.deepEqual(Array.from(ea.dataSync()), Array.from(eb.dataSync()));
  const t = a.embedTexts(['a short high whistle', 'some fast knocks', 'an unheard-of word']);
  assert.deepEqual(t.shape, [3, 32]);
  t.dataSync().forEach((v) => assert.ok(Number.isFinite(v)));
  assert.throws(() => a.embedMedia(tf.zeros([1, 100])), /waveforms must be \[B, 8000\]/);
  assert.throws(() => b.setWeights([]), /expected \d+ tensors, got 0/);
  tf.dispose([clips, ea, eb, t]);
  a.dispose();
  b.dispose();
});
