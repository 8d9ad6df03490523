/**
 * Log-mel spectrogram, the usual front end of audio encoders (CLAP: Elizalde et al. 2023,
 * arXiv:2206.04769; Wu et al. 2023, arXiv:2211.06687): frames of `frameLength` samples every `hop`
 * samples (no centre padding), a periodic Hann window, the power of the one-sided DFT, a triangular
 * HTK mel filterbank (./melFilterbank.ts), then log(mel + 1e-6).
 *
 * The DFT is two matrix products with windowed cosine and sine tables rather than tf.signal.stft:
 * tfjs's stft takes one 1-D signal at a time and the wasm backend has no FFT kernel, while matMul
 * runs batched on every backend (and at these sizes, N = 256, costs about the same). The result
 * equals tf.signal.stft's power spectrum and numpy/torch's (test/simclr/audio, fixture).
 */
import { tf } from '../tf';
import { melFilterbank } from './melFilterbank';

export interface SpectrogramConfig {
  sampleRate: number;
  /** Samples per frame, also the DFT length. */
  frameLength: number;
  /** Samples between frame starts. */
  hop: number;
  numMels: number;
  fMin: number;
  /** Default sampleRate / 2. */
  fMax: number;
}

/** For 1 s clips at 8 kHz: 61 frames of 32 ms every 16 ms, 40 mel bands up to 4 kHz. */
export const defaultSpectrogramConfig: SpectrogramConfig = {
  sampleRate: 8000,
  frameLength: 256,
  hop: 128,
  numMels: 40,
  fMin: 0,
  fMax: 4000,
};

/** Fills defaults (fMax = Nyquist) and checks; errors name the field. */
export function resolveSpectrogramConfig(config: Partial<SpectrogramConfig> = {}): SpectrogramConfig {
  const sampleRate = config.sampleRate ?? defaultSpectrogramConfig.sampleRate;
  const c: SpectrogramConfig = { ...defaultSpectrogramConfig, fMax: sampleRate / 2, ...config, sampleRate };
  for (const key of ['sampleRate', 'frameLength', 'hop', 'numMels'] as const) {
    if (!Number.isInteger(c[key]) || c[key] < 1)
      throw new RangeError(`spectrogram ${key} must be a positive integer, got ${c[key]}`);
  }
  if (c.frameLength < 2 || c.frameLength % 2 !== 0)
    throw new RangeError(`spectrogram frameLength must be even, got ${c.frameLength}`);
  return c;
}

/** Number of frames of a clip of `clipLength` samples. */
export function frameCount(clipLength: number, config: SpectrogramConfig): number {
  if (clipLength < config.frameLength)
    throw new RangeError(
      `spectrogram: clips of ${clipLength} samples are shorter than one frame (${config.frameLength})`,
    );
  return 1 + Math.floor((clipLength - config.frameLength) / config.hop);
}

/** Windowed DFT tables: [frameLength, bins] cos and sin, Hann window folded in. */
function dftTables(n: number): { cos: Float32Array; sin: Float32Array; bins: number } {
  const bins = n / 2 + 1;
  const cos = new Float32Array(n * bins);
  const sin = new Float32Array(n * bins);
  for (let t = 0; t < n; t++) {
    const window = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / n); // periodic Hann, as torch.hann_window
    for (let k = 0; k < bins; k++) {
      const angle = (2 * Math.PI * ((t * k) % n)) / n;
      cos[t * bins + k] = window * Math.cos(angle);
      sin[t * bins + k] = window * Math.sin(angle);
    }
  }
  return { cos, sin, bins };
}

/**
 * Power spectrogram |STFT|^2.
 * @param waveforms [B, T]
 * @returns [B, frames, frameLength / 2 + 1]
 */
export function powerSpectrogram(waveforms: tf.Tensor2D, config: SpectrogramConfig): tf.Tensor3D {
  const [batch, length] = waveforms.shape;
  const frames = frameCount(length, config);
  const n = config.frameLength;
  const { cos, sin, bins } = dftTables(n);
  const indices = new Int32Array(frames * n);
  for (let f = 0; f < frames; f++) for (let t = 0; t < n; t++) indices[f * n + t] = f * config.hop + t;
  return tf.tidy(() => {
    const framed = tf.gather(waveforms, tf.tensor1d(indices, 'int32'), 1).reshape([batch * frames, n]);
    const re = tf.matMul(framed, tf.tensor2d(cos, [n, bins]));
    const im = tf.matMul(framed, tf.tensor2d(sin, [n, bins]));
    return tf.add(tf.square(re), tf.square(im)).reshape([batch, frames, bins]) as tf.Tensor3D;
  });
}

/**
 * @param waveforms [B, T] samples
 * @returns [B, frames, numMels] log(mel power + 1e-6)
 */
export function logMelSpectrogram(waveforms: tf.Tensor2D, config: Partial<SpectrogramConfig> = {}): tf.Tensor3D {
  if (waveforms.rank !== 2)
    throw new RangeError(`logMelSpectrogram: waveforms must be [B, T], got [${waveforms.shape}]`);
  const c = resolveSpectrogramConfig(config);
  const bins = c.frameLength / 2 + 1;
  const mel = melFilterbank(bins, c.numMels, c.sampleRate, c.fMin, c.fMax);
  return tf.tidy(() => {
    const power = powerSpectrogram(waveforms, c);
    const [batch, frames] = power.shape;
    const melPower = tf.matMul(power.reshape([batch * frames, bins]), tf.tensor2d(mel, [bins, c.numMels]));
    return tf.log(tf.add(melPower, 1e-6)).reshape([batch, frames, c.numMels]) as tf.Tensor3D;
  });
}
