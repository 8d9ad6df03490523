/**
 * show.retrieval: what a two-tower model finds across modalities. A text query gets the k media
 * items of a paired dataset most similar to it; a media item (by index) gets the k most similar
 * captions. The payload feeds our renderer; an SVG (thumbnails or spectrograms with captions and
 * scores) and a text list are the fallbacks.
 */
import { MAX_RETRIEVAL_RESULTS } from '../../protocol/payloadLimits';
import { LookTwiceMime, type DisplayOutput, type MediaView, type RetrievalPayload } from '../../protocol/outputs';
import { tf } from '../../simclr/tf';
import type { DualEncoder } from '../../simclr/multimodal/dualEncoder';
import { embedPairs, pairCount, type PairedData } from '../../simclr/multimodal/pairedData';
import { topMatches } from '../../simclr/multimodal/retrieval';
import { escapeXml } from './lossCurveOutput';
import { mediaView } from './mediaViews';
import { jsonItem, output, plainItem, textItem } from './mimeBundle';

export const MAX_RESULTS = MAX_RETRIEVAL_RESULTS;

export interface RetrievalOptions {
  /** A text to search media with, or the index of a media item to search captions with. */
  query: string | number;
  /** Results to show; default 8, at most MAX_RESULTS. */
  k?: number;
}

/** The ranked results of a query over `data` (all items embedded once per call). */
export function retrievalPayload(model: DualEncoder, data: PairedData, options: RetrievalOptions): RetrievalPayload {
  const n = pairCount(data);
  const k = Math.min(Math.floor(options.k ?? 8), MAX_RESULTS, n);
  if (!(k >= 1)) throw new RangeError('show.retrieval: k must be at least 1');
  const { query } = options;
  if (typeof query === 'number' && !(Number.isInteger(query) && query >= 0 && query < n)) {
    throw new RangeError(`show.retrieval: query index ${query} is outside ${data.name} (0..${n - 1})`);
  }
  if (typeof query !== 'number' && typeof query !== 'string')
    throw new TypeError('show.retrieval: query must be a text or an item index');
  const { media, text } = embedPairs(model, data);
  try {
    if (typeof query === 'string') {
      const q = model.embedTexts([query]);
      const [top] = topMatches(q, media, k);
      q.dispose();
      return {
        direction: 'text-to-media',
        query: { text: query },
        searched: n,
        results: top.indices.map((i, r) => ({
          score: top.scores[r],
          media: mediaView(data, i),
          text: data.captions[i],
        })),
      };
    }
    const q = tf.tidy(() => media.slice([query, 0], [1, -1]));
    const [top] = topMatches(q, text, k);
    q.dispose();
    return {
      direction: 'media-to-text',
      query: { media: mediaView(data, query), text: data.captions[query] },
      searched: n,
      results: top.indices.map((i, r) => ({
        score: top.scores[r],
        text: data.captions[i],
        ...(i === query ? { match: true } : {}),
      })),
    };
  } finally {
    tf.dispose([media, text]);
  }
}

const TEXT = '#808080';
const TILE = 56;

function mediaSvg(view: MediaView | undefined, x: number, y: number): string {
  const png = view?.png ?? view?.spectrogramPng;
  if (!png) return '';
  const width = view?.png ? TILE : TILE * 2;
  return `<image x="${x}" y="${y}" width="${width}" height="${TILE}" preserveAspectRatio="none" style="image-rendering:pixelated" xlink:href="data:image/png;base64,${png}"/>`;
}

/** Fallback: the query on top, then one row per result (media, score, caption). */
export function retrievalSvg(p: RetrievalPayload): string {
  const rowH = p.direction === 'text-to-media' ? TILE + 6 : 18;
  const top = p.direction === 'text-to-media' ? 24 : TILE + 30;
  const lines: string[] = [];
  if (p.direction === 'text-to-media')
    lines.push(`<text x="0" y="15" font-weight="bold">query: ${escapeXml(p.query.text ?? '')}</text>`);
  else
    lines.push(
      mediaSvg(p.query.media, 0, 0),
      `<text x="${TILE * 2 + 8}" y="${TILE / 2}" font-weight="bold">query item: ${escapeXml(p.query.text ?? '')}</text>`,
    );
  p.results.forEach((r, i) => {
    const y = top + i * rowH;
    if (p.direction === 'text-to-media') {
      lines.push(
        mediaSvg(r.media, 0, y),
        `<text x="${(r.media?.png ? TILE : TILE * 2) + 8}" y="${y + TILE / 2}">${i + 1}. ${r.score.toFixed(3)}  ${escapeXml(r.text ?? '')}${r.media?.label ? ` [${escapeXml(r.media.label)}]` : ''}</text>`,
      );
    } else {
      lines.push(
        `<text x="0" y="${y + 12}"${r.match ? ' font-weight="bold"' : ''}>${i + 1}. ${r.score.toFixed(3)}  ${escapeXml(r.text ?? '')}${r.match ? '  (its own caption)' : ''}</text>`,
      );
    }
  });
  const width = 560;
  const height = top + p.results.length * rowH + 4;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12" fill="${TEXT}">`,
    ...lines,
    '</svg>',
  ].join('\n');
}

export function retrievalText(p: RetrievalPayload): string {
  const head =
    p.direction === 'text-to-media'
      ? `text -> media: "${p.query.text}" (top ${p.results.length} of ${p.searched})`
      : `media -> text: item "${p.query.text}" (top ${p.results.length} of ${p.searched} captions)`;
  return [
    head,
    ...p.results.map(
      (r, i) =>
        `${i + 1}. ${r.score.toFixed(3)}  ${r.text ?? ''}${r.media?.label ? ` [${r.media.label}]` : ''}${r.match ? '  <- its own caption' : ''}`,
    ),
  ].join('\n');
}

export function retrievalOutput(model: DualEncoder, data: PairedData, options: RetrievalOptions): DisplayOutput {
  const p = retrievalPayload(model, data, options);
  return output([
    jsonItem(LookTwiceMime.retrieval, p),
    textItem('image/svg+xml', retrievalSvg(p)),
    plainItem(retrievalText(p)),
  ]);
}
