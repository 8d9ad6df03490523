/**
 * Paired data for two-tower training: captioned images or captioned audio clips. Helpers give the
 * number of pairs, the media of a batch as a tensor and the captions of a batch.
 */
import { tf } from '../tf';
import { imageBatch, type ImageDataset } from '../data/dataset';
import type { CaptionedImages } from '../data/captionedImages';
import { waveformBatch, type AudioDataset } from '../data/audioDataset';

export type PairedData = CaptionedImages | AudioDataset;

export function isAudioData(data: PairedData): data is AudioDataset {
  return (data as AudioDataset).waveforms instanceof Float32Array;
}

/** Number of (media, caption) pairs; throws unless every item has a caption. */
export function pairCount(data: PairedData): number {
  const n = isAudioData(data) ? data.size : (data as ImageDataset).shape[0];
  if (!Array.isArray(data.captions) || data.captions.length !== n) {
    throw new RangeError(
      `${data.name}: ${n} items but ${data.captions?.length ?? 0} captions; paired data needs one caption per item`,
    );
  }
  return n;
}

/**
 * Media of `indices`: images [B, H, W, C] in [0, 1] or waveforms [B, clipLength].
 * `transformWaveforms` (audio only) rewrites the batch's samples first (augmentation).
 */
export function mediaBatch(
  data: PairedData,
  indices: ArrayLike<number>,
  transformWaveforms?: (w: Float32Array) => Float32Array,
): tf.Tensor {
  if (isAudioData(data)) {
    const samples = waveformBatch(data, indices);
    return tf.tensor2d(transformWaveforms ? transformWaveforms(samples) : samples, [indices.length, data.clipLength]);
  }
  return imageBatch(data, indices);
}

export function captionBatch(data: PairedData, indices: ArrayLike<number>): string[] {
  return Array.from(indices, (i) => data.captions[i]);
}

/**
 * Unit-length embeddings of every item's media and caption, `batchSize` at a time.
 * @returns media [n, E] and text [n, E] (the caller disposes them)
 */
export function embedPairs(
  model: {
    embedMedia(m: tf.Tensor, o?: { representation?: boolean }): tf.Tensor2D;
    embedTexts(t: readonly string[]): tf.Tensor2D;
  },
  data: PairedData,
  options: { batchSize?: number; representation?: boolean } = {},
): { media: tf.Tensor2D; text: tf.Tensor2D } {
  const n = pairCount(data);
  const batchSize = options.batchSize ?? 256;
  const parts: tf.Tensor2D[] = [];
  for (let i = 0; i < n; i += batchSize) {
    const indices = Int32Array.from({ length: Math.min(batchSize, n - i) }, (_, k) => i + k);
    parts.push(tf.tidy(() => model.embedMedia(mediaBatch(data, indices), { representation: options.representation })));
  }
  const media = parts.length === 1 ? parts[0] : tf.concat(parts, 0);
  if (parts.length > 1) tf.dispose(parts);
  return { media, text: model.embedTexts(data.captions) };
}
