/**
 * show.augmentations: a grid with one row per source image, column 0 the original and the others
 * SimCLR views drawn by the library's pipeline (simclrAugment), as the custom-MIME payload with the
 * grid PNG as fallback; and the source images published to the panel's augmentation explorer.
 * Capped at MAX_ROWS x MAX_VIEWS tiles (the note says when it cut).
 */
import { LookTwiceMime, type AugmentationGridPayload, type DisplayOutput } from '../../protocol/outputs';
import { MAX_GRID_ROWS as MAX_ROWS, MAX_GRID_VIEWS as MAX_VIEWS, MAX_TILE_SIZE } from '../../protocol/payloadLimits';
import type { PanelEvent } from '../../protocol/panelMessages';
import { tf } from '../../simclr/tf';
import { Random } from '../../simclr/random';
import { imageBatch, type ImageDataset } from '../../simclr/data/dataset';
import { defaultAugmentConfig, describeAugmentConfig, type AugmentConfig } from '../../simclr/augment/augmentConfig';
import { simclrAugment } from '../../simclr/augment/simclrAugment';
import { augmentParams } from './augmentParams';
import { augmentationGridSvg } from './augmentationsSvg';
import { pixelsToPng, tileGrid } from './images';
import { jsonItem, output, plainItem, pngItem, textItem } from './mimeBundle';

/** Tiles smaller than this are enlarged (nearest neighbour) so the PNG fallback is readable. */
const MIN_TILE = 56;
/** Transparent pixels between tiles. */
const GAP = 2;

export interface AugmentationsOptions {
  rows?: number;
  views?: number;
  seed?: number;
  config?: AugmentConfig;
}

export type AugmentationsInput = ImageDataset | tf.Tensor4D;

export interface AugmentationsResult {
  output: DisplayOutput;
  event: Extract<PanelEvent, { kind: 'augmentations' }>;
  config: AugmentConfig;
}

export function augmentationsOutput(
  input: AugmentationsInput,
  options: AugmentationsOptions,
  id: string,
): AugmentationsResult {
  const asked = { rows: Math.floor(options.rows ?? 6), views: Math.floor(options.views ?? 5) };
  if (asked.rows < 1 || asked.views < 1) throw new RangeError('show.augmentations: rows and views must be at least 1');
  const available = input instanceof tf.Tensor ? input.shape[0] : input.shape[0];
  const rows = Math.min(asked.rows, MAX_ROWS, available);
  const views = Math.min(asked.views, MAX_VIEWS);
  const images = tf.tidy(() =>
    input instanceof tf.Tensor
      ? input.slice([0, 0, 0, 0], [rows, -1, -1, -1])
      : imageBatch(
          input,
          Array.from({ length: rows }, (_, i) => i),
        ),
  );
  try {
    const [, h, w, c] = images.shape;
    if (c !== 1 && c !== 3) throw new RangeError(`show.augmentations: images need 1 or 3 channels, got ${c}`);
    const config = options.config ?? defaultAugmentConfig(Math.min(h, w), c);
    const random = new Random(options.seed ?? 0);
    const columns: Uint8Array[][] = [tilesOf(images)];
    for (let v = 0; v < views; v++) {
      const view = simclrAugment(images, config, random);
      const sized = tf.tidy(() =>
        view.shape[1] === h && view.shape[2] === w ? view.clone() : tf.image.resizeBilinear(view, [h, w]),
      );
      columns.push(tilesOf(sized));
      view.dispose();
      sized.dispose();
    }
    const scale = Math.max(1, Math.ceil(MIN_TILE / Math.max(h, w)));
    if (h * scale > MAX_TILE_SIZE || w * scale > MAX_TILE_SIZE)
      throw new RangeError(
        `show.augmentations: images of ${h}x${w} are larger than the ${MAX_TILE_SIZE}-pixel tiles a grid may have`,
      );
    const tiles: Uint8Array[] = [];
    for (let r = 0; r < rows; r++) for (const column of columns) tiles.push(enlarge(column[r], h, w, c, scale));
    const png = pixelsToPng(tileGrid(tiles, rows, views + 1, h * scale, w * scale, c, GAP));
    const labels = input instanceof tf.Tensor ? undefined : input.labels;
    const classNames = input instanceof tf.Tensor ? undefined : input.classNames;
    const cut = rows < asked.rows || views < asked.views;
    const note = cut
      ? `showing ${rows} of ${asked.rows} images and ${views} of ${asked.views} views (cap ${MAX_ROWS} x ${MAX_VIEWS})`
      : undefined;
    const pipeline = describeAugmentConfig(config);
    const payload: AugmentationGridPayload = {
      rows,
      cols: views + 1,
      tileSize: h * scale,
      png: Buffer.from(png).toString('base64'),
      columnTitles: ['original', ...Array.from({ length: views }, (_, i) => `view ${i + 1}`)],
      ...(labels
        ? { rowLabels: Array.from({ length: rows }, (_, r) => classNames?.[labels[r]] ?? `class ${labels[r]}`) }
        : {}),
      pipeline,
      ...(note ? { note } : {}),
    };
    const sources = toBytesUnit(images.dataSync());
    const event: Extract<PanelEvent, { kind: 'augmentations' }> = {
      kind: 'augmentations',
      id,
      images: sources,
      n: rows,
      shape: [h, w, c],
      ...(labels ? { labels: labels.slice(0, rows) } : {}),
      ...(classNames ? { classNames } : {}),
      params: augmentParams(config, c),
      pipeline,
    };
    const text = [
      `augmentation grid: ${rows} images x (original + ${views} views)`,
      ...(payload.rowLabels ? [`rows: ${payload.rowLabels.join(', ')}`] : []),
      `pipeline: ${pipeline}`,
      ...(note ? [note] : []),
    ].join('\n');
    const svg = augmentationGridSvg({
      png: payload.png,
      rows,
      cols: views + 1,
      tileSize: h * scale,
      gap: GAP,
      columnTitles: payload.columnTitles,
      rowLabels: payload.rowLabels,
      caption: [pipeline, ...(note ? [note] : [])],
    });
    // SVG first among the fallbacks: it carries the titles and labels the bare PNG lacks.
    return {
      output: output([
        jsonItem(LookTwiceMime.augmentations, payload),
        textItem('image/svg+xml', svg),
        pngItem(png),
        plainItem(text),
      ]),
      event,
      config,
    };
  } finally {
    images.dispose();
  }
}

/** Each image of a [n, h, w, c] tensor in [0, 1] as bytes. */
function tilesOf(batch: tf.Tensor4D): Uint8Array[] {
  const [n, h, w, c] = batch.shape;
  const bytes = toBytesUnit(batch.dataSync());
  return Array.from({ length: n }, (_, i) => bytes.subarray(i * h * w * c, (i + 1) * h * w * c));
}

function toBytesUnit(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, values[i])) * 255);
  return out;
}

function enlarge(tile: Uint8Array, h: number, w: number, c: number, scale: number): Uint8Array {
  if (scale === 1) return tile;
  const out = new Uint8Array(h * scale * w * scale * c);
  for (let y = 0; y < h * scale; y++) {
    for (let x = 0; x < w * scale; x++) {
      const from = (Math.floor(y / scale) * w + Math.floor(x / scale)) * c;
      out.set(tile.subarray(from, from + c), (y * w * scale + x) * c);
    }
  }
  return out;
}
