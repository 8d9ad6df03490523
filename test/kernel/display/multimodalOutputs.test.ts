// The multimodal outputs (retrieval grid, audio players, similarity heatmap): payloads that our
// renderer's validators accept, and the fallbacks GitHub and Jupyter show (SVG/PNG and text).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { captionImages, type CaptionedImages } from '../../../src/simclr/data/captionedImages';
import { subset } from '../../../src/simclr/data/subset';
import { synthesizeSoundEvents } from '../../../src/simclr/data/soundEvents';
import type { AudioDataset } from '../../../src/simclr/data/audioDataset';
import { WordTokenizer } from '../../../src/simclr/text/wordTokenizer';
import { createDualEncoder, type DualEncoder } from '../../../src/simclr/multimodal/dualEncoder';
import { retrievalOutput, retrievalPayload } from '../../../src/kernel/display/retrievalOutput';
import { audioOutput } from '../../../src/kernel/display/audioOutput';
import { similarityOutput } from '../../../src/kernel/display/similarityOutput';
import { encodeWav } from '../../../src/simclr/data/wavFile';
import { parseAudio, parseRetrieval, parseSimilarity } from '../../../src/webview/renderers/payloads';
import { LookTwiceMime, type DisplayOutput } from '../../../src/protocol/outputs';

const item = (o: DisplayOutput, mime: string): string | undefined => {
  const found = o.items.find((i) => i.mime === mime);
  return found ? new TextDecoder().decode(found.data) : undefined;
};
const small = { encoder: { widths: [8, 16], strides: [2, 2] }, text: { width: 16 }, embedDim: 8 };

let images: CaptionedImages;
let sounds: AudioDataset;
let imageModel: DualEncoder;
let audioModel: DualEncoder;
before(async () => {
  await tf.setBackend('cpu');
  images = captionImages(
    subset(
      loadFashionMnist({ split: 'test', limit: 40, prefer: 'embedded' }),
      Int32Array.from({ length: 40 }, (_, i) => i),
    ),
    { seed: 1 },
  );
  sounds = synthesizeSoundEvents({ count: 12, seed: 1 });
  imageModel = createDualEncoder({ tokenizer: WordTokenizer.train(images.captions), media: 'image', ...small });
  audioModel = createDualEncoder({ tokenizer: WordTokenizer.train(sounds.captions), media: 'audio', ...small });
});

test('encodeWav: a RIFF/WAVE header, 16-bit samples, clipping outside [-1, 1]', () => {
  const wav = encodeWav(new Float32Array([0, 0.5, -1, 2]), 8000);
  const view = new DataView(wav.buffer);
  assert.equal(new TextDecoder().decode(wav.subarray(0, 4)), 'RIFF');
  assert.equal(new TextDecoder().decode(wav.subarray(8, 16)), 'WAVEfmt ');
  assert.deepEqual([view.getUint32(24, true), view.getUint16(34, true), view.getUint32(40, true)], [8000, 16, 8]);
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => view.getInt16(44 + 2 * i, true)),
    [0, 16384, -32767, 32767],
  );
});

test('show.retrieval, text -> images: k ranked images with scores, SVG and text fallbacks, no tensor left', () => {
  const before = tf.memory().numTensors;
  const out = retrievalOutput(imageModel, images, { query: 'a dark coat', k: 5 });
  assert.equal(tf.memory().numTensors, before);
  const p = parseRetrieval(JSON.parse(item(out, LookTwiceMime.retrieval)!));
  assert.equal(p.direction, 'text-to-media');
  assert.equal(p.results.length, 5);
  assert.ok(p.results.every((r, i) => r.media?.png && (i === 0 || r.score <= p.results[i - 1].score)));
  assert.match(item(out, 'image/svg+xml')!, /query: a dark coat[\s\S]*<image /);
  assert.match(item(out, 'text/plain')!, /^text -> media: "a dark coat" \(top 5 of 40\)\n1\. /);
});

test('show.retrieval, audio clip -> captions: its own caption is marked when found', () => {
  const p = retrievalPayload(audioModel, sounds, { query: 3, k: 12 });
  assert.equal(p.direction, 'media-to-text');
  assert.ok(p.query.media?.wav && p.query.media.spectrogramPng);
  assert.equal(p.results.filter((r) => r.match).length, 1, 'all 12 captions ranked: exactly one is its own');
  assert.throws(() => retrievalPayload(audioModel, sounds, { query: 12 }), /query index 12 is outside/);
});

test('show.audio: players and spectrograms; PNG fallback stacks the spectrograms', () => {
  const out = audioOutput({ data: sounds, indices: [0, 1, 2] });
  const p = parseAudio(JSON.parse(item(out, LookTwiceMime.audio)!));
  assert.equal(p.clips.length, 3);
  assert.equal(p.clips[1].caption, sounds.captions[1]);
  assert.equal(p.clips[0].label, 'whistle');
  assert.equal(Buffer.from(p.clips[0].wav, 'base64').length, 44 + 2 * 8000);
  const png = out.items.find((i) => i.mime === 'image/png')!.data;
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  assert.match(item(out, 'text/plain')!, /1\. 1\.00 s at 8000 Hz \[whistle\]: /);
  assert.throws(() => audioOutput({ data: sounds, indices: [] }), /no clips/);
});

test('show.similarity: an n x n matrix of cosines with the media and captions, diagonal outlined in the SVG', () => {
  const out = similarityOutput(imageModel, images, { n: 4, start: 2 });
  const p = parseSimilarity(JSON.parse(item(out, LookTwiceMime.similarity)!));
  assert.equal(p.n, 4);
  assert.deepEqual(p.columns, images.captions.slice(2, 6));
  assert.ok(p.values.every((v) => v >= -1.0001 && v <= 1.0001));
  assert.equal((item(out, 'image/svg+xml')!.match(/stroke="#000"/g) ?? []).length, 4);
  assert.match(item(out, 'text/plain')!, /caption 4: /);
  assert.throws(() => similarityOutput(imageModel, images, { start: 39 }), /needs at least 2 pairs/);
});

test('renderer validators refuse damaged multimodal payloads, naming the field', () => {
  assert.throws(
    () => parseRetrieval({ direction: 'sideways', query: {}, results: [], searched: 1 }),
    /retrieval.direction/,
  );
  assert.throws(() => parseAudio({ clips: [] }), /audio.clips/);
  assert.throws(() => parseSimilarity({ n: 2, values: [1, 2, 3], rows: [], columns: [] }), /n \* n = 4/);
  assert.throws(
    () => parseRetrieval({ direction: 'text-to-media', query: {}, results: [{ score: 1, media: {} }], searched: 1 }),
    /expected an image \(png\) or a clip \(wav\)/,
  );
});
