/**
 * show.similarity: the cosine similarities of a batch of n pairs, media (rows) against captions
 * (columns), as a heatmap: after training the diagonal (true pairs) should stand out. The payload
 * feeds our renderer; an SVG heatmap with the row media and numbered captions, and the matrix as
 * text, are the fallbacks.
 */
import { MAX_SIMILARITY_PAIRS } from '../../protocol/payloadLimits';
import { LookTwiceMime, type DisplayOutput, type SimilarityPayload } from '../../protocol/outputs';
import { tf } from '../../simclr/tf';
import { l2Normalize } from '../../simclr/losses/ntXent';
import type { DualEncoder } from '../../simclr/multimodal/dualEncoder';
import { mediaBatch, pairCount, type PairedData } from '../../simclr/multimodal/pairedData';
import { escapeXml } from './lossCurveOutput';
import { mediaView } from './mediaViews';
import { jsonItem, output, plainItem, textItem } from './mimeBundle';

export const MAX_PAIRS = MAX_SIMILARITY_PAIRS;

export interface SimilarityOptions {
  /** Pairs in the batch (default 8, at most MAX_PAIRS), from `start` (default 0). */
  n?: number;
  start?: number;
  title?: string;
}

export function similarityPayload(
  model: DualEncoder,
  data: PairedData,
  options: SimilarityOptions = {},
): SimilarityPayload {
  const total = pairCount(data);
  const start = Math.floor(options.start ?? 0);
  const n = Math.min(Math.floor(options.n ?? 8), MAX_PAIRS, total - start);
  if (!(start >= 0 && n >= 2))
    throw new RangeError(`show.similarity: needs at least 2 pairs from item ${start} of ${data.name} (${total} items)`);
  const indices = Array.from({ length: n }, (_, i) => start + i);
  const columns = indices.map((i) => data.captions[i]);
  const values = tf.tidy(() => {
    const media = model.embedMedia(mediaBatch(data, indices));
    return Array.from(tf.matMul(media, l2Normalize(model.embedTexts(columns)), false, true).dataSync());
  });
  return {
    n,
    values,
    rows: indices.map((i) => mediaView(data, i)),
    columns,
    ...(options.title ? { title: options.title } : {}),
  };
}

/** Diverging colour of a similarity in [-1, 1]: blue (negative), white (0), red (positive). */
export function similarityColour(v: number): string {
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0 ? [255, 255 - 200 * t, 255 - 200 * t] : [255 + 200 * t, 255 + 200 * t, 255];
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

const CELL = 40;
const TEXT = '#808080';

export function similaritySvg(p: SimilarityPayload): string {
  const left = p.rows.some((r) => r.spectrogramPng) ? CELL * 2 + 6 : CELL + 6;
  const top = p.title ? 40 : 20;
  const parts: string[] = [];
  if (p.title) parts.push(`<text x="0" y="14" font-weight="bold">${escapeXml(p.title)}</text>`);
  for (let i = 0; i < p.n; i++) {
    const png = p.rows[i].png ?? p.rows[i].spectrogramPng;
    if (png)
      parts.push(
        `<image x="0" y="${top + i * CELL}" width="${left - 6}" height="${CELL - 2}" preserveAspectRatio="none" style="image-rendering:pixelated" xlink:href="data:image/png;base64,${png}"/>`,
      );
    for (let j = 0; j < p.n; j++) {
      const v = p.values[i * p.n + j];
      parts.push(
        `<rect x="${left + j * CELL}" y="${top + i * CELL}" width="${CELL - 1}" height="${CELL - 1}" fill="${similarityColour(v)}"${i === j ? ' stroke="#000" stroke-width="1.5"' : ''}/>`,
        `<text x="${left + j * CELL + CELL / 2}" y="${top + i * CELL + CELL / 2}" dy="0.32em" text-anchor="middle" font-size="10" fill="#333">${v.toFixed(2)}</text>`,
      );
    }
  }
  const captionsTop = top + p.n * CELL + 16;
  p.columns.forEach((c, j) =>
    parts.push(`<text x="0" y="${captionsTop + j * 15}">caption ${j + 1}: ${escapeXml(c)}</text>`),
  );
  parts.unshift(
    ...Array.from(
      { length: p.n },
      (_, j) => `<text x="${left + j * CELL + CELL / 2}" y="${top - 4}" text-anchor="middle">${j + 1}</text>`,
    ),
  );
  const width = Math.max(left + p.n * CELL, 480);
  const height = captionsTop + p.n * 15;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" fill="${TEXT}">`,
    ...parts,
    '</svg>',
  ].join('\n');
}

export function similarityText(p: SimilarityPayload): string {
  const rows = Array.from(
    { length: p.n },
    (_, i) =>
      `${String(i + 1).padStart(2)} ${p.values
        .slice(i * p.n, (i + 1) * p.n)
        .map((v) => v.toFixed(2).padStart(6))
        .join('')}${p.rows[i].label ? `  [${p.rows[i].label}]` : ''}`,
  );
  return [
    `similarity of ${p.n} media (rows) and their captions (columns); the diagonal holds the true pairs`,
    ...rows,
    ...p.columns.map((c, j) => `caption ${j + 1}: ${c}`),
  ].join('\n');
}

export function similarityOutput(model: DualEncoder, data: PairedData, options: SimilarityOptions = {}): DisplayOutput {
  const p = similarityPayload(model, data, options);
  return output([
    jsonItem(LookTwiceMime.similarity, p),
    textItem('image/svg+xml', similaritySvg(p)),
    plainItem(similarityText(p)),
  ]);
}
