/**
 * show.audio: audio clips with a player and their log-mel spectrograms. The payload feeds our
 * renderer (an <audio> element per clip); the fallbacks are the spectrograms as one PNG (what
 * GitHub and Jupyter show) and the captions as text.
 */
import { MAX_AUDIO_CLIPS } from '../../protocol/payloadLimits';
import { LookTwiceMime, type AudioPayload, type DisplayOutput } from '../../protocol/outputs';
import type { AudioDataset } from '../../simclr/data/audioDataset';
import { clipSamples } from '../../simclr/data/audioDataset';
import { base64, spectrogramPixels } from './mediaViews';
import { pixelsToPng, tileGrid } from './images';
import { jsonItem, output, plainItem, pngItem } from './mimeBundle';
import { encodeWav } from '../../simclr/data/wavFile';

export const MAX_CLIPS = MAX_AUDIO_CLIPS;

/** Clips `indices` of an audio dataset, or one clip given as samples. */
export type AudioInput =
  { data: AudioDataset; indices: number[] } | { samples: Float32Array; sampleRate: number; caption?: string };

export function audioPayload(input: AudioInput): AudioPayload {
  if ('samples' in input) {
    if (!(input.samples instanceof Float32Array) || input.samples.length === 0)
      throw new TypeError('show.audio: samples must be a non-empty Float32Array');
    return { clips: [clip(input.samples, input.sampleRate, input.caption)] };
  }
  const { data, indices } = input;
  if (indices.length === 0) throw new RangeError('show.audio: no clips to show');
  return {
    clips: indices.slice(0, MAX_CLIPS).map((i) => {
      const label = data.labels && data.classNames ? data.classNames[data.labels[i]] : undefined;
      return clip(clipSamples(data, i), data.sampleRate, data.captions[i], label);
    }),
  };
}

function clip(
  samples: Float32Array,
  sampleRate: number,
  caption?: string,
  label?: string,
): AudioPayload['clips'][number] {
  return {
    wav: base64(encodeWav(samples, sampleRate)),
    spectrogramPng: base64(pixelsToPng(spectrogramPixels(samples, sampleRate))),
    sampleRate,
    seconds: samples.length / sampleRate,
    ...(caption ? { caption } : {}),
    ...(label ? { label } : {}),
  };
}

export function audioOutput(input: AudioInput): DisplayOutput {
  const p = audioPayload(input);
  const samples =
    'samples' in input ? [input.samples] : input.indices.slice(0, MAX_CLIPS).map((i) => clipSamples(input.data, i));
  const sampleRate = 'samples' in input ? input.sampleRate : input.data.sampleRate;
  const tiles = samples.map((s) => spectrogramPixels(s, sampleRate));
  const { width, height } = tiles[0];
  // Clips of one dataset share a length, so their spectrograms stack into one column.
  const png = pixelsToPng(
    tiles.length === 1
      ? tiles[0]
      : tileGrid(
          tiles.map((t) => t.data),
          tiles.length,
          1,
          height,
          width,
          3,
          4,
        ),
  );
  const text = p.clips
    .map(
      (c, i) =>
        `${i + 1}. ${c.seconds.toFixed(2)} s at ${c.sampleRate} Hz${c.label ? ` [${c.label}]` : ''}${c.caption ? `: ${c.caption}` : ''}`,
    )
    .join('\n');
  return output([
    jsonItem(LookTwiceMime.audio, p),
    pngItem(png),
    plainItem(`audio clips (spectrograms top to bottom)\n${text}`),
  ]);
}
