import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import {
  logMelSpectrogram,
  powerSpectrogram,
  resolveSpectrogramConfig,
  frameCount,
} from '../../../src/simclr/audio/logMelSpectrogram';
import { melFilterbank, hzToMel, melToHz } from '../../../src/simclr/audio/melFilterbank';
import { initBackend } from '../../../src/simclr/backend/initBackend';

interface Fixture {
  config: { sampleRate: number; frameLength: number; hop: number; numMels: number; fMin: number; fMax: number };
  waveforms: number[][];
  power: number[][][];
  logMel: number[][][];
}
const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/logmel-reference.json'), 'utf8')) as Fixture;

function maxRelativeError(actual: number[][][], expected: number[][][], floor: number): number {
  let worst = 0;
  actual.flat(2).forEach((a, i) => {
    const e = expected.flat(2)[i];
    worst = Math.max(worst, Math.abs(a - e) / Math.max(floor, Math.abs(e)));
  });
  return worst;
}

function checkAgainstFixture() {
  const config = resolveSpectrogramConfig(fixture.config);
  const before = tf.memory().numTensors;
  const [power, logMel] = tf.tidy(() => {
    const x = tf.tensor2d(fixture.waveforms);
    return [powerSpectrogram(x, config).arraySync(), logMelSpectrogram(x, config).arraySync()];
  });
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  assert.deepEqual([power.length, power[0].length, power[0][0].length], [2, frameCount(1536, config), 129]);
  // float32 DFT of a 256-sample frame: relative to the largest bin of the clip.
  const peak = Math.max(...fixture.power.flat(2));
  assert.ok(maxRelativeError(power, fixture.power, peak) < 1e-5, 'power matches torch.stft');
  assert.ok(
    maxRelativeError(logMel, fixture.logMel, 1) < 2e-3,
    `log-mel matches the numpy reference (${maxRelativeError(logMel, fixture.logMel, 1)})`,
  );
}

test('mel scale: hzToMel and melToHz invert each other; 1000 Hz is ~1000 mel', () => {
  for (const f of [0, 50, 440, 1000, 3999]) assert.ok(Math.abs(melToHz(hzToMel(f)) - f) < 1e-6);
  assert.ok(Math.abs(hzToMel(1000) - 1000) < 0.1);
});

test('melFilterbank: triangles peak at 1 and every bin inside the range is covered', () => {
  const bank = melFilterbank(129, 16, 8000, 0, 4000);
  for (let m = 0; m < 16; m++) {
    let peak = 0;
    for (let k = 0; k < 129; k++) peak = Math.max(peak, bank[k * 16 + m]);
    assert.ok(peak > 0.5 && peak <= 1, `filter ${m} peaks at ${peak}`);
  }
  assert.throws(() => melFilterbank(129, 16, 8000, 0, 5000), /fMax <= sampleRate \/ 2/);
});

test('logMelSpectrogram matches torch.stft + the HTK filterbank on fixed audio (cpu)', () => {
  checkAgainstFixture();
});

test('powerSpectrogram equals tf.signal.stft on one clip', () => {
  const config = resolveSpectrogramConfig(fixture.config);
  const ours = tf.tidy(() => powerSpectrogram(tf.tensor2d([fixture.waveforms[0]]), config).arraySync()[0]);
  const stock = tf.tidy(() => {
    const s = tf.signal.stft(
      tf.tensor1d(fixture.waveforms[0]),
      config.frameLength,
      config.hop,
      config.frameLength,
      tf.signal.hannWindow,
    );
    return tf.add(tf.square(tf.real(s)), tf.square(tf.imag(s))).arraySync() as number[][];
  });
  assert.equal(ours.length, stock.length);
  const peak = Math.max(...stock.flat());
  ours.flat().forEach((v, i) => assert.ok(Math.abs(v - stock.flat()[i]) < 1e-5 * peak, `bin ${i}`));
});

test('logMelSpectrogram refuses clips shorter than a frame and non-2-D input', () => {
  assert.throws(
    () => logMelSpectrogram(tf.zeros([1, 100]) as tf.Tensor2D, { frameLength: 256 }),
    /shorter than one frame/,
  );
  assert.throws(() => logMelSpectrogram(tf.zeros([100]) as unknown as tf.Tensor2D), /must be \[B, T\]/);
  assert.throws(() => resolveSpectrogramConfig({ frameLength: 255 }), /must be even/);
});

test('logMelSpectrogram on wasm matches the same reference', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  checkAgainstFixture();
});
