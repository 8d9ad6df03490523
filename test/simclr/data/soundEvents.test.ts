import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesizeSoundEvents, SOUND_EVENT_CLASSES } from '../../../src/simclr/data/soundEvents';
import { audioSubset, clipSamples } from '../../../src/simclr/data/audioDataset';

/** Dominant frequency of a clean tone: sign changes above the noise floor over the event's span. */
function zeroCrossingRate(x: Float32Array, sampleRate: number): number {
  let crossings = 0;
  let first = -1;
  let last = -1;
  for (let i = 1; i < x.length; i++) {
    if (Math.abs(x[i]) > 0.3) {
      if (first < 0) first = i;
      last = i;
    }
    if (Math.max(Math.abs(x[i]), Math.abs(x[i - 1])) > 0.03 && Math.sign(x[i]) !== Math.sign(x[i - 1])) crossings++;
  }
  return last <= first ? 0 : crossings / 2 / ((last - first) / sampleRate);
}

test('synthesizeSoundEvents: balanced classes, captions naming the kind, samples in [-1, 1], seeded', () => {
  const a = synthesizeSoundEvents({ count: 40, seed: 3 });
  const b = synthesizeSoundEvents({ count: 40, seed: 3 });
  assert.deepEqual(a.waveforms, b.waveforms);
  assert.deepEqual(a.captions, b.captions);
  assert.notDeepEqual(synthesizeSoundEvents({ count: 40, seed: 4 }).captions, a.captions);
  assert.equal(a.waveforms.length, 40 * 8000);
  for (let i = 0; i < 40; i++) {
    assert.equal(a.labels![i], i % 10);
    assert.match(a.captions[i], new RegExp(`\\b${SOUND_EVENT_CLASSES[i % 10]}\\b`));
  }
  assert.ok(a.waveforms.every((v) => v >= -1 && v <= 1 && Number.isFinite(v)));
  assert.match(a.source, /synthesised .* Not recorded/);
});

test('synthesizeSoundEvents: a "high" whistle is higher than a "low" one', () => {
  const d = synthesizeSoundEvents({ count: 400, seed: 1 });
  const rate = (pitch: string) => {
    const rates = d.captions.flatMap((c, i) =>
      d.labels![i] === 0 && new RegExp(`\\b${pitch}\\b`).test(c) && !/noise|noisy/.test(c)
        ? [zeroCrossingRate(clipSamples(d, i), 8000)]
        : [],
    );
    assert.ok(rates.length > 0, `some clean ${pitch} whistles`);
    return rates.reduce((s, r) => s + r, 0) / rates.length;
  };
  const low = rate('(low|deep)');
  const high = rate('(high|shrill)');
  assert.ok(low > 100 && low < 400 && high > 900 && high < 2000, `low ${low} Hz, high ${high} Hz`);
});

test('synthesizeSoundEvents and audioSubset check their arguments', () => {
  assert.throws(() => synthesizeSoundEvents({ count: 0 }), /count must be a positive integer/);
  assert.throws(() => synthesizeSoundEvents({ sampleRate: 2000 }), /sampleRate/);
  const d = synthesizeSoundEvents({ count: 5 });
  const s = audioSubset(d, [4, 1]);
  assert.deepEqual([s.size, s.labels![0], s.captions[1]], [2, 4, d.captions[1]]);
  assert.throws(() => audioSubset(d, [5]), /clip index 5 is outside/);
});
