/**
 * Media items of paired data as they appear in multimodal outputs: an image as an enlarged PNG, an
 * audio clip as a WAV with its log-mel spectrogram drawn as a PNG (a dark-to-bright colour ramp,
 * time left to right, low frequencies at the bottom).
 */
import type { MediaView } from '../../protocol/outputs';
import { tf } from '../../simclr/tf';
import { imageBatch } from '../../simclr/data/dataset';
import { clipSamples, type AudioDataset } from '../../simclr/data/audioDataset';
import { logMelSpectrogram, resolveSpectrogramConfig } from '../../simclr/audio/logMelSpectrogram';
import { isAudioData, type PairedData } from '../../simclr/multimodal/pairedData';
import { pixelsToPng, toBytes, type Pixels } from './images';
import { encodeWav } from '../../simclr/data/wavFile';

/** Images smaller than this are enlarged (nearest neighbour) so they read in a PNG fallback. */
const MIN_SIDE = 56;
/** Colour ramp of spectrograms: black, purple, orange, pale yellow. */
const RAMP = [
  [0, 0, 4],
  [120, 28, 109],
  [237, 105, 37],
  [252, 255, 164],
];

export const base64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

function ramp(t: number): number[] {
  const x = Math.min(1, Math.max(0, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  return RAMP[i].map((v, c) => Math.round(v + f * (RAMP[i + 1][c] - v)));
}

/** PNG of image `index`, enlarged to at least MIN_SIDE pixels. */
export function imagePng(data: PairedData, index: number): Uint8Array {
  if (isAudioData(data)) throw new RangeError(`${data.name} holds audio, not images`);
  const [, h, w, c] = data.shape;
  const batch = imageBatch(data, [index]);
  const bytes = toBytes(batch.dataSync());
  batch.dispose();
  const scale = Math.max(1, Math.ceil(MIN_SIDE / Math.max(h, w)));
  const out = new Uint8Array(h * scale * w * scale * c);
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      const from = (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
      out.set(bytes.subarray(from, from + c), (y * w * scale + x) * c);
    }
  }
  return pixelsToPng({ data: out, width: w * scale, height: h * scale, channels: c as 1 | 3 });
}

/** The log-mel spectrogram of a clip as a PNG (see spectrogramPixels). */
export function spectrogramPng(samples: Float32Array, sampleRate: number): Uint8Array {
  return pixelsToPng(spectrogramPixels(samples, sampleRate));
}

/** The log-mel spectrogram of a clip as RGB pixels, `scale` pixels per frame and per band. */
export function spectrogramPixels(samples: Float32Array, sampleRate: number, scale = 3): Pixels {
  const config = resolveSpectrogramConfig({
    sampleRate,
    frameLength: sampleRate >= 16000 ? 512 : 256,
    hop: sampleRate >= 16000 ? 256 : 128,
    numMels: 40,
  });
  const spec = tf.tidy(() => logMelSpectrogram(tf.tensor2d(samples, [1, samples.length]), config));
  const [, frames, mels] = spec.shape;
  const values = spec.dataSync();
  spec.dispose();
  let max = -Infinity;
  for (const v of values) max = Math.max(max, v);
  const floor = max - 12; // ~50 dB of range (natural log)
  const width = frames * scale;
  const height = mels * scale;
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const m = mels - 1 - Math.floor(y / scale);
    for (let x = 0; x < width; x++) {
      const colour = ramp((values[Math.floor(x / scale) * mels + m] - floor) / (max - floor));
      out.set(colour, (y * width + x) * 3);
    }
  }
  return { data: out, width, height, channels: 3 };
}

/** The view of item `index`: its image, or its clip and spectrogram; labelled with its class. */
export function mediaView(data: PairedData, index: number): MediaView {
  const label = data.labels && data.classNames ? data.classNames[data.labels[index]] : undefined;
  if (isAudioData(data)) return { ...audioView(data, index), ...(label ? { label } : {}) };
  return { png: base64(imagePng(data, index)), ...(label ? { label } : {}) };
}

function audioView(data: AudioDataset, index: number): MediaView {
  const samples = clipSamples(data, index);
  return {
    wav: base64(encodeWav(samples, data.sampleRate)),
    spectrogramPng: base64(spectrogramPng(samples, data.sampleRate)),
  };
}
