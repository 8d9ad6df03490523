/**
 * Browser tests of the multimodal renderers (retrieval grid, audio players, similarity heatmap) in
 * headless Chromium, with payloads made by the kernel's own output builders from real data (captioned
 * Fashion-MNIST, synthesised sound events) and an untrained two-tower model. Checks that images
 * decode, that Chromium reads the WAV clips (duration from their metadata), and the heatmap's cells;
 * screenshot in test-results/webview/multimodal.png.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/multimodalRenderers.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LookTwiceMime } from '../../../src/protocol/outputs';
import { tf } from '../../../src/simclr/tf';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { captionImages } from '../../../src/simclr/data/captionedImages';
import { synthesizeSoundEvents } from '../../../src/simclr/data/soundEvents';
import { WordTokenizer } from '../../../src/simclr/text/wordTokenizer';
import { createDualEncoder } from '../../../src/simclr/multimodal/dualEncoder';
import { retrievalPayload } from '../../../src/kernel/display/retrievalOutput';
import { audioPayload } from '../../../src/kernel/display/audioOutput';
import { similarityPayload } from '../../../src/kernel/display/similarityOutput';
import { openRendererPage, renderOutput, type HarnessPage } from './harnessHost';
import type { Page } from './chromium';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
let harness: HarnessPage;
let page: Page;

before(async () => {
  await tf.setBackend('cpu');
  mkdirSync(OUT, { recursive: true });
  harness = await openRendererPage({ width: 800, height: 1400 });
  page = harness.page;
});

after(async () => {
  await harness?.close();
});

const render = (id: string, mime: string, payload: unknown): Promise<void> => renderOutput(page, id, mime, payload);

const small = { encoder: { widths: [8, 16], strides: [2, 2] }, text: { width: 16 }, embedDim: 8 };

test('multimodal renderers: retrieval cards, playable clips with spectrograms, similarity heatmap', async () => {
  const images = captionImages(loadFashionMnist({ split: 'test', limit: 30, prefer: 'embedded' }), { seed: 1 });
  const sounds = synthesizeSoundEvents({ count: 10, seed: 1 });
  const imageModel = createDualEncoder({ tokenizer: WordTokenizer.train(images.captions), media: 'image', ...small });
  const audioModel = createDualEncoder({ tokenizer: WordTokenizer.train(sounds.captions), media: 'audio', ...small });
  await render(
    'text-query',
    LookTwiceMime.retrieval,
    retrievalPayload(imageModel, images, { query: 'a dark coat', k: 6 }),
  );
  await render('clip-query', LookTwiceMime.retrieval, retrievalPayload(audioModel, sounds, { query: 2, k: 10 }));
  await render('clips', LookTwiceMime.audio, audioPayload({ data: sounds, indices: [0, 1, 2] }));
  await render(
    'heatmap',
    LookTwiceMime.similarity,
    similarityPayload(imageModel, images, { n: 6, title: 'untrained model' }),
  );
  imageModel.dispose();
  audioModel.dispose();

  await page.waitForFunction(
    () => [...document.querySelectorAll('img')].every((i) => i.complete && i.naturalWidth > 0),
    null,
    { timeout: 10_000 },
  );
  const state = await page.evaluate(async () => {
    const durations = await Promise.all(
      [...document.querySelectorAll('#clips audio')].map(
        (a) =>
          new Promise<number>((resolve) => {
            const audio = a as HTMLAudioElement;
            audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
            audio.addEventListener('error', () => resolve(-1), { once: true });
            audio.preload = 'metadata';
            audio.load();
          }),
      ),
    );
    return {
      cards: document.querySelectorAll('#text-query .lt-retrieval-card img').length,
      title: document.querySelector('#text-query .lt-retrieval-query')?.textContent ?? '',
      ownCaption: document.querySelectorAll('#clip-query .lt-match').length,
      queryPlayer: document.querySelectorAll('#clip-query .lt-retrieval-query audio').length,
      durations,
      cells: document.querySelectorAll('#heatmap .lt-similarity-cell').length,
      diagonal: document.querySelectorAll('#heatmap .lt-diagonal').length,
      coloured: [...document.querySelectorAll('#heatmap .lt-similarity-cell')].every((c) =>
        /^rgb/.test((c as HTMLElement).style.background),
      ),
    };
  }, null);
  assert.equal(state.cards, 6);
  assert.match(state.title, /“a dark coat”: top 6 of 30 items/);
  assert.equal(state.ownCaption, 1, 'the clip query ranks all 10 captions, its own marked');
  assert.equal(state.queryPlayer, 1);
  assert.deepEqual(
    state.durations.map((d) => Math.round(d * 100) / 100),
    [1, 1, 1],
    'Chromium reads each WAV: 1 s clips',
  );
  assert.deepEqual([state.cells, state.diagonal, state.coloured], [36, 6, true]);
  await page.screenshot({ path: join(OUT, 'multimodal.png'), fullPage: true });
  assert.deepEqual(harness.problems, []);
});
