import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import { augmentWaveforms, specAugment } from '../../../src/simclr/audio/audioAugment';

const clip = Float32Array.from({ length: 200 }, (_, i) => Math.sin(i / 5) * (i < 100 ? 1 : 0.5));

test('augmentWaveforms: seeded, input untouched, shift alone moves samples and zero-fills', () => {
  const batch = new Float32Array([...clip, ...clip]);
  const copy = batch.slice();
  const a = augmentWaveforms(batch, 200, new Random(1));
  assert.deepEqual(a, augmentWaveforms(batch, 200, new Random(1)));
  assert.notDeepEqual(a, augmentWaveforms(batch, 200, new Random(2)));
  assert.deepEqual(batch, copy);
  const shiftOnly = augmentWaveforms(clip, 200, new Random(7), { gainDb: 0, noiseProbability: 0, maxShift: 0.2 });
  let shift = NaN;
  for (let s = -40; s <= 40; s++)
    if (clip.every((v, i) => i + s < 0 || i + s >= 200 || Math.abs(shiftOnly[i + s] - v) < 1e-6)) shift = s;
  assert.ok(Number.isInteger(shift) && shift !== 0, `a pure shift (${shift})`);
  assert.throws(() => augmentWaveforms(new Float32Array(10), 3, new Random(0)), /whole number of clips/);
});

test('augmentWaveforms: gain stays within its decibel range; noise at the drawn SNR', () => {
  const out = augmentWaveforms(clip, 200, new Random(3), { maxShift: 0, noiseProbability: 0, gainDb: 6 });
  const ratio = out[10] / clip[10];
  assert.ok(ratio >= 10 ** (-6 / 20) - 1e-6 && ratio <= 10 ** (6 / 20) + 1e-6);
  out.forEach((v, i) => assert.ok(Math.abs(v - ratio * clip[i]) < 1e-5));
  const noisy = augmentWaveforms(clip, 200, new Random(3), {
    maxShift: 0,
    gainDb: 0,
    noiseProbability: 1,
    minSnrDb: 20,
    maxSnrDb: 20,
  });
  let signal = 0,
    noise = 0;
  clip.forEach((v, i) => {
    signal += v * v;
    noise += (noisy[i] - v) ** 2;
  });
  const snr = 10 * Math.log10(signal / noise);
  assert.ok(Math.abs(snr - 20) < 2, `SNR ${snr} dB`);
});

test('specAugment: masked bands hold the clip mean, the rest is unchanged, no tensors leak', () => {
  const values = Float32Array.from({ length: 2 * 20 * 10 }, (_, i) => (i * 37) % 11);
  const before = tf.memory().numTensors;
  const [out, means] = tf.tidy(() => {
    const x = tf.tensor3d(values, [2, 20, 10]);
    return [
      specAugment(x, new Random(5), {
        timeMasks: 1,
        maxTimeWidth: 5,
        frequencyMasks: 1,
        maxFrequencyWidth: 3,
      }).dataSync(),
      tf.mean(x, [1, 2]).dataSync(),
    ];
  });
  assert.equal(tf.memory().numTensors, before);
  let changed = 0;
  out.forEach((v, i) => {
    if (v !== values[i]) {
      changed++;
      assert.ok(Math.abs(v - means[Math.floor(i / 200)]) < 1e-5, `masked value ${i} is the clip mean`);
    }
  });
  assert.ok(changed > 0 && changed < values.length / 2, `${changed} values masked`);
});
