import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../../../src/simclr/data/wavFile';
import { loadAudioCaptions } from '../../../src/simclr/data/audioCaptionFolder';
import { makeSpokenWords } from '../../../notebooks/data/make-spoken-words';
import { tempDir } from './tempDir';

const root = tempDir('audio-captions');
const tone = (n: number, f: number) =>
  Float32Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * f * i) / 8000));

/** A folder with `count` 100-sample clips at 8 kHz and a manifest; `edit` may damage it. */
function folder(name: string, count = 3, edit?: (dir: string, manifest: Record<string, unknown>) => void): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const clips = Array.from({ length: count }, (_, i) => {
    writeFileSync(join(dir, `${i}.wav`), encodeWav(tone(100, 300 * (i + 1)), 8000));
    return { file: `${i}.wav`, caption: `tone ${i}`, label: i % 2 };
  });
  const manifest: Record<string, unknown> = {
    source: 'test tones',
    sampleRate: 8000,
    clipLength: 100,
    classNames: ['low', 'high'],
    clips,
  };
  edit?.(dir, manifest);
  writeFileSync(join(dir, 'captions.json'), JSON.stringify(manifest));
  return dir;
}

test('decodeWav reads what encodeWav writes (16-bit rounding) and refuses other files, naming them', () => {
  const samples = tone(50, 440);
  const back = decodeWav(encodeWav(samples, 8000), 'x.wav');
  assert.equal(back.sampleRate, 8000);
  back.samples.forEach((v, i) => assert.ok(Math.abs(v - samples[i]) < 1e-4));
  const wav = encodeWav(samples, 8000);
  const cases: [Uint8Array, RegExp][] = [
    [new TextEncoder().encode('hello, not audio'), /a\.wav: not a WAV file/],
    [wav.slice(0, 60), /a\.wav: truncated data chunk/],
    [
      (() => {
        const w = wav.slice();
        w[22] = 2;
        return w;
      })(),
      /a\.wav: expected 16-bit PCM mono, got format 1, 16 bits, 2 channels/,
    ],
    [wav.slice(0, 36), /a\.wav: no data chunk/],
  ];
  for (const [bytes, error] of cases) assert.throws(() => decodeWav(bytes, 'a.wav'), error);
});

test('loadAudioCaptions: every clip with its caption and label, source from the manifest', () => {
  const dir = folder('good');
  const d = loadAudioCaptions(dir);
  assert.deepEqual([d.size, d.sampleRate, d.clipLength, d.waveforms.length], [3, 8000, 100, 300]);
  assert.deepEqual(d.captions, ['tone 0', 'tone 1', 'tone 2']);
  assert.deepEqual([...(d.labels ?? [])], [0, 1, 0]);
  assert.match(d.source, /^test tones \(.*good\)$/);
});

test('loadAudioCaptions: a damaged folder is an error naming the file, never a partial dataset', () => {
  const cases: [string, (dir: string, m: Record<string, unknown>) => void, RegExp][] = [
    [
      'missing-wav',
      (_dir, m) => {
        (m.clips as { file: string }[])[1].file = 'gone.wav';
      },
      /gone\.wav: cannot read \(file not found\)/,
    ],
    [
      'wrong-rate',
      (dir) => writeFileSync(join(dir, '2.wav'), encodeWav(tone(100, 300), 16000)),
      /2\.wav: sample rate 16000 Hz, the manifest says 8000/,
    ],
    [
      'wrong-length',
      (dir) => writeFileSync(join(dir, '0.wav'), encodeWav(tone(99, 300), 8000)),
      /0\.wav: 99 samples, the manifest says 100/,
    ],
    [
      'no-caption',
      (_dir, m) => {
        (m.clips as { caption: string }[])[0].caption = ' ';
      },
      /captions\.json clips\[0\]: needs a caption/,
    ],
    [
      'bad-label',
      (_dir, m) => {
        (m.clips as { label: number }[])[2].label = 5;
      },
      /clips\[2\]: label 5 is not a class index/,
    ],
    [
      'escape',
      (_dir, m) => {
        (m.clips as { file: string }[])[0].file = '../good/0.wav';
      },
      /must stay inside the folder/,
    ],
    [
      'no-clips',
      (_dir, m) => {
        m.clips = [];
      },
      /clips must be a non-empty array/,
    ],
  ];
  for (const [name, edit, error] of cases) assert.throws(() => loadAudioCaptions(folder(name, 3, edit)), error, name);
  const broken = folder('broken-json');
  writeFileSync(join(broken, 'captions.json'), '{ not json');
  assert.throws(() => loadAudioCaptions(broken), /captions\.json: not valid JSON/);
  assert.throws(
    () => loadAudioCaptions(join(root, 'nowhere')),
    /nowhere\/captions\.json: cannot read \(file not found\)/,
  );
});

const hasTools = (() => {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    execFileSync('sox', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test(
  'make-spoken-words: espeak-ng speech, 1 s at 8 kHz, captions naming the word, reproducible for a seed',
  { skip: hasTools ? false : 'espeak-ng or sox not installed (apt-get install espeak-ng sox; CI installs them)' },
  () => {
    const [a, b] = [join(root, 'spoken-a'), join(root, 'spoken-b')];
    assert.equal(makeSpokenWords({ outDir: a, words: ['coat', 'ankle boot'], perWord: 3, seed: 7 }), 6);
    makeSpokenWords({ outDir: b, words: ['coat', 'ankle boot'], perWord: 3, seed: 7 });
    const d = loadAudioCaptions(a);
    assert.deepEqual([d.size, d.sampleRate, d.clipLength], [6, 8000, 8000]);
    assert.deepEqual(d.classNames, ['coat', 'ankle boot']);
    d.captions.forEach((c, i) => assert.ok(c.includes(d.classNames![d.labels![i]]), c));
    for (let i = 0; i < 6; i++) {
      const clip = d.waveforms.subarray(i * 8000, (i + 1) * 8000);
      const rms = Math.sqrt(clip.reduce((s, v) => s + v * v, 0) / clip.length);
      assert.ok(rms > 0.01, `clip ${i} is speech, not silence (rms ${rms})`);
    }
    assert.match(d.source, /espeak-ng .* Synthetic speech, not recordings/);
    assert.deepEqual(readFileSync(join(b, '0003.wav')), readFileSync(join(a, '0003.wav')), 'same seed, same audio');
  },
);
