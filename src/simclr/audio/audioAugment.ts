/**
 * Seeded augmentations for audio clips, the audio counterpart of the image ops in ../augment:
 * on waveforms a random time shift (zero-filled), a random gain and additive white noise at a
 * random signal-to-noise ratio; on log-mel spectrograms SpecAugment's time and frequency masks
 * (Park et al. 2019, arXiv:1904.08779), filled with the clip's mean. Every draw comes from the
 * `Random` passed in, so (seed, step) fixes the result.
 */
import { tf } from '../tf';
import type { Random } from '../random';

export interface WaveformAugmentConfig {
  /** Largest shift, as a fraction of the clip (either direction). Default 0.1. */
  maxShift: number;
  /** Gain drawn uniformly in [-gainDb, +gainDb] decibels. Default 6. */
  gainDb: number;
  /** Probability of adding white noise, at an SNR drawn in [minSnrDb, maxSnrDb]. Default 0.5, 10-30 dB. */
  noiseProbability: number;
  minSnrDb: number;
  maxSnrDb: number;
}

export interface SpecAugmentConfig {
  /** Number of time masks and the widest, in frames. Default 2 of up to 8. */
  timeMasks: number;
  maxTimeWidth: number;
  /** Number of frequency masks and the widest, in mel bands. Default 2 of up to 6. */
  frequencyMasks: number;
  maxFrequencyWidth: number;
}

export const defaultWaveformAugment: WaveformAugmentConfig = {
  maxShift: 0.1,
  gainDb: 6,
  noiseProbability: 0.5,
  minSnrDb: 10,
  maxSnrDb: 30,
};
export const defaultSpecAugment: SpecAugmentConfig = {
  timeMasks: 2,
  maxTimeWidth: 8,
  frequencyMasks: 2,
  maxFrequencyWidth: 6,
};

/**
 * Augments each clip of a batch: shift, then gain, then noise.
 * @param waveforms row-major [B, clipLength]; not modified
 * @returns a new [B, clipLength] array
 */
export function augmentWaveforms(
  waveforms: Float32Array,
  clipLength: number,
  rng: Random,
  config: Partial<WaveformAugmentConfig> = {},
): Float32Array {
  const c = { ...defaultWaveformAugment, ...config };
  if (!Number.isInteger(clipLength) || clipLength < 1 || waveforms.length % clipLength !== 0) {
    throw new RangeError(
      `augmentWaveforms: ${waveforms.length} samples are not a whole number of clips of ${clipLength}`,
    );
  }
  if (!(c.maxShift >= 0 && c.maxShift < 1))
    throw new RangeError(`augmentWaveforms: maxShift must be in [0, 1), got ${c.maxShift}`);
  const out = new Float32Array(waveforms.length);
  const maxShift = Math.floor(c.maxShift * clipLength);
  for (let b = 0; b < waveforms.length / clipLength; b++) {
    const clip = waveforms.subarray(b * clipLength, (b + 1) * clipLength);
    const target = out.subarray(b * clipLength, (b + 1) * clipLength);
    const shift = maxShift > 0 ? rng.int(2 * maxShift + 1) - maxShift : 0;
    const gain = 10 ** (rng.uniform(-c.gainDb, c.gainDb) / 20);
    let power = 0;
    for (let i = 0; i < clipLength; i++) {
      const from = i - shift;
      const v = from >= 0 && from < clipLength ? clip[from] * gain : 0;
      target[i] = v;
      power += v * v;
    }
    if (rng.chance(c.noiseProbability)) {
      const snr = rng.uniform(c.minSnrDb, c.maxSnrDb);
      const sigma = Math.sqrt(power / clipLength / 10 ** (snr / 10));
      for (let i = 0; i < clipLength; i++) target[i] += sigma * rng.normal();
    }
  }
  return out;
}

/**
 * SpecAugment masks: each clip gets its own random time and frequency bands set to its mean.
 * @param spectrograms [B, frames, mels]
 * @returns [B, frames, mels]
 */
export function specAugment(
  spectrograms: tf.Tensor3D,
  rng: Random,
  config: Partial<SpecAugmentConfig> = {},
): tf.Tensor3D {
  const c = { ...defaultSpecAugment, ...config };
  const [batch, frames, mels] = spectrograms.shape;
  const keep = new Float32Array(batch * frames * mels).fill(1);
  for (let b = 0; b < batch; b++) {
    for (let m = 0; m < c.timeMasks; m++) {
      const width = rng.int(Math.min(c.maxTimeWidth, frames) + 1);
      const start = rng.int(frames - width + 1);
      for (let t = start; t < start + width; t++) keep.fill(0, (b * frames + t) * mels, (b * frames + t + 1) * mels);
    }
    for (let m = 0; m < c.frequencyMasks; m++) {
      const width = rng.int(Math.min(c.maxFrequencyWidth, mels) + 1);
      const start = rng.int(mels - width + 1);
      for (let t = 0; t < frames; t++)
        keep.fill(0, (b * frames + t) * mels + start, (b * frames + t) * mels + start + width);
    }
  }
  return tf.tidy(() => {
    const mask = tf.tensor3d(keep, [batch, frames, mels]);
    const mean = tf.mean(spectrograms, [1, 2], true);
    return tf.add(tf.mul(spectrograms, mask), tf.mul(mean, tf.sub(1, mask))) as tf.Tensor3D;
  });
}
