/**
 * show.embeddings: publishes a set of embeddings to the side panel (all of them, as binary typed
 * arrays, with labels and thumbnails) and shows a projection in the notebook: the custom-MIME
 * EmbeddingPayload for our renderer with an SVG scatter and a text summary as fallback. The
 * notebook output is capped at `maxPoints` (a seeded sample; the note says so).
 */
import { LookTwiceMime, type DisplayOutput, type EmbeddingPayload } from '../../protocol/outputs';
import type { PanelEvent } from '../../protocol/panelMessages';
import { MAX_EMBEDDING_POINTS, MAX_THUMBNAIL_TILE } from '../../protocol/payloadLimits';
import { tf } from '../../simclr/tf';
import { Random } from '../../simclr/random';
import { imageBatch, type ImageDataset } from '../../simclr/data/dataset';
import type { SimclrModel } from '../../simclr/models/simclrModel';
import type { DualEncoder } from '../../simclr/multimodal/dualEncoder';
import { isAudioData, type PairedData } from '../../simclr/multimodal/pairedData';
import { jointEmbeddings } from '../../simclr/multimodal/jointEmbeddings';
import { project } from '../../simclr/projections/project';
import { tileGrid, pixelsToPng } from './images';
import { jsonItem, output, plainItem, textItem } from './mimeBundle';
import { scatterSvg } from './scatterSvg';
import type { ProjectionMethod } from '../../protocol/projectionMethods';
import { defaultAugmentConfig, describeAugmentConfig, type AugmentConfig } from '../../simclr/augment/augmentConfig';
import type { AugmentFn } from '../../simclr/train/trainStep';
import type { PairSource } from '../panel/embeddingStore';

export interface EmbeddingsOptions {
  method?: ProjectionMethod;
  labels?: ArrayLike<number>;
  classNames?: string[];
  /** Images of the points ([n, h, w, c] pixels), shown on hover. A dataset gives its own. */
  thumbnails?: Pick<ImageDataset, 'pixels' | 'shape'>;
  /** Points in the notebook output (default 1000); the panel always gets all. */
  maxPoints?: number;
  /** With a model and a dataset: how many images to embed (default all, at most 10000). */
  count?: number;
  seed?: number;
  /** Name of this set for the panel (default: embeddings-N). */
  id?: string;
  /** Dimension of the rows when `vectors` is a flat Float32Array. */
  dim?: number;
  /** With a two-tower model: colour the points by 'modality' (default) or by 'class'. */
  colour?: 'modality' | 'class';
  /**
   * With a model and a dataset, for the panel's positive-pair inspector: the run's augmentation (default
   * pretrain's, defaultAugmentConfig), batch size (default 64) and temperature (default 0.5). Pass the
   * options you gave pretrain.
   */
  augment?: AugmentConfig | AugmentFn;
  batchSize?: number;
  temperature?: number;
}

export type EmbeddingsInput =
  | tf.Tensor
  | Float32Array
  | number[][]
  | { model: SimclrModel; dataset: ImageDataset }
  | { model: DualEncoder; pairs: PairedData };

export const DEFAULT_MAX_POINTS = 1000;
const MAX_EMBED = MAX_EMBEDDING_POINTS;
let sets = 0;

interface Gathered {
  /** Embeds a text into the same space (two-tower models): the panel's text query uses it. */
  textQuery?: (text: string) => Float32Array;
  vectors: Float32Array;
  n: number;
  dim: number;
  labels?: Int32Array;
  classNames?: string[];
  thumbnails?: Pick<ImageDataset, 'pixels' | 'shape'>;
  /** The model and images behind the points (sets shown from a SimCLR model): the pair inspector uses them. */
  pairSource?: PairSource;
}

export function gatherEmbeddings(input: EmbeddingsInput, options: EmbeddingsOptions): Gathered {
  const labels = options.labels ? Int32Array.from(options.labels) : undefined;
  if (input instanceof tf.Tensor) {
    if (input.rank !== 2)
      throw new RangeError(`show.embeddings: a tensor must be [n, dim], got [${input.shape.join(', ')}]`);
    return {
      vectors: Float32Array.from(input.dataSync()),
      n: input.shape[0],
      dim: input.shape[1] ?? 0,
      labels,
      classNames: options.classNames,
      thumbnails: options.thumbnails,
    };
  }
  if (input instanceof Float32Array) {
    const dim = options.dim;
    if (!dim || input.length % dim !== 0)
      throw new RangeError(
        'show.embeddings(vectors: Float32Array, { dim }): give the row length `dim` (vectors.length must be a multiple of it)',
      );
    return {
      vectors: input,
      n: input.length / dim,
      dim,
      labels,
      classNames: options.classNames,
      thumbnails: options.thumbnails,
    };
  }
  if (Array.isArray(input)) {
    const dim = input[0]?.length ?? 0;
    if (input.some((row) => row.length !== dim))
      throw new RangeError('show.embeddings(rows): every row must have the same length');
    return {
      vectors: Float32Array.from(input.flat()),
      n: input.length,
      dim,
      labels,
      classNames: options.classNames,
      thumbnails: options.thumbnails,
    };
  }
  if ('pairs' in input) return gatherJoint(input.model, input.pairs, options);
  const { model, dataset } = input;
  const n = Math.min(dataset.shape[0], options.count ?? MAX_EMBED, MAX_EMBED);
  const dim = model.representationDim;
  const vectors = new Float32Array(n * dim);
  for (let start = 0; start < n; start += 256) {
    const indices = Array.from({ length: Math.min(256, n - start) }, (_, i) => start + i);
    const batch = tf.tidy(() => model.embed(imageBatch(dataset, indices)));
    vectors.set(batch.dataSync(), start * dim);
    batch.dispose();
  }
  const [, h, w, c] = dataset.shape;
  return {
    vectors,
    n,
    dim,
    labels: labels ?? dataset.labels?.slice(0, n),
    classNames: options.classNames ?? dataset.classNames,
    thumbnails: options.thumbnails ?? { pixels: dataset.pixels.subarray(0, n * h * w * c), shape: [n, h, w, c] },
    pairSource: pairSource(model, dataset, options),
  };
}

/** The pair inspector's source, when the images have an augmentation (given, or pretrain's default for their shape). */
function pairSource(model: SimclrModel, dataset: ImageDataset, options: EmbeddingsOptions): PairSource | undefined {
  const [, h, w, c] = dataset.shape;
  const augment = options.augment ?? (h === w && (c === 1 || c === 3) ? defaultAugmentConfig(h, c) : undefined);
  if (!augment) return undefined;
  return {
    model,
    dataset,
    augment,
    pipeline: typeof augment === 'function' ? 'custom function' : describeAugmentConfig(augment),
    ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
  };
}

/**
 * A two-tower model's media and caption embeddings in one set (media rows, then caption rows),
 * coloured by modality or by class; a caption point's thumbnail is its pair's image.
 */
function gatherJoint(model: DualEncoder, pairs: PairedData, options: EmbeddingsOptions): Gathered {
  const joint = jointEmbeddings(model, pairs, Math.min(options.count ?? MAX_EMBED / 2, MAX_EMBED / 2));
  const byModality = (options.colour ?? 'modality') === 'modality';
  const media = isAudioData(pairs) ? 'audio' : 'image';
  let thumbnails: Gathered['thumbnails'];
  if (!isAudioData(pairs)) {
    const [, h, w, c] = pairs.shape;
    const size = h * w * c;
    const pixels = new Uint8Array(2 * joint.n * size);
    for (let row = 0; row < 2 * joint.n; row++)
      pixels.set(pairs.pixels.subarray(joint.pair[row] * size, (joint.pair[row] + 1) * size), row * size);
    thumbnails = { pixels, shape: [2 * joint.n, h, w, c] };
  }
  return {
    vectors: joint.vectors,
    n: 2 * joint.n,
    dim: joint.dim,
    labels: byModality ? joint.modality : joint.labels,
    classNames: byModality ? [media, 'caption'] : pairs.classNames,
    thumbnails,
    textQuery: (text) => {
      const e = model.embedTexts([text]);
      const v = Float32Array.from(e.dataSync());
      e.dispose();
      return v;
    },
  };
}

export function embeddingsEvent(data: Gathered, id: string): Extract<PanelEvent, { kind: 'embeddings' }> {
  const thumbs = data.thumbnails && data.thumbnails.shape[0] >= data.n ? data.thumbnails : undefined;
  const [, h = 0, w = 0, c = 0] = thumbs?.shape ?? [];
  return {
    kind: 'embeddings',
    id,
    vectors: data.vectors,
    n: data.n,
    dim: data.dim,
    ...(data.textQuery ? { textQuery: true } : {}),
    ...(data.pairSource ? { pairInspection: true } : {}),
    ...(data.labels ? { labels: data.labels } : {}),
    ...(data.classNames ? { classNames: data.classNames } : {}),
    ...(thumbs
      ? {
          thumbnails: thumbs.pixels.slice(0, data.n * h * w * c),
          thumbnailShape: [h, w, c] as [number, number, number],
        }
      : {}),
  };
}

export async function embeddingsOutput(
  data: Gathered,
  options: EmbeddingsOptions,
  signal?: AbortSignal,
): Promise<DisplayOutput> {
  const method = options.method ?? 'pca';
  const cap = Math.min(MAX_EMBEDDING_POINTS, Math.max(1, Math.floor(options.maxPoints ?? DEFAULT_MAX_POINTS)));
  const sample =
    data.n <= cap
      ? Int32Array.from({ length: data.n }, (_, i) => i)
      : new Random(options.seed ?? 0)
          .shuffle(Int32Array.from({ length: data.n }, (_, i) => i))
          .slice(0, cap)
          .sort();
  const m = sample.length;
  const vectors = new Float32Array(m * data.dim);
  sample.forEach((row, i) => vectors.set(data.vectors.subarray(row * data.dim, (row + 1) * data.dim), i * data.dim));
  const points = await project(vectors, m, data.dim, {
    method,
    dims: 2,
    seed: options.seed ?? 0,
    metric: 'cosine',
    signal,
  });
  const labels = data.labels ? Array.from(sample, (row) => data.labels?.[row] ?? 0) : undefined;
  const note =
    m < data.n ? `showing a sample of ${m} of ${data.n} points (maxPoints); the side panel has all of them` : undefined;
  const payload: EmbeddingPayload = {
    method,
    dims: 2,
    points: Array.from(points, (v) => Math.round(v * 1e4) / 1e4),
    ...(labels ? { labels } : {}),
    ...(data.classNames ? { classNames: data.classNames } : {}),
    ...(data.thumbnails && Math.max(data.thumbnails.shape[1], data.thumbnails.shape[2]) <= MAX_THUMBNAIL_TILE
      ? { thumbnails: thumbnailAtlas(data.thumbnails, sample) }
      : {}),
    total: data.n,
    ...(note ? { note } : {}),
  };
  const title = `${method.toUpperCase()} of ${data.n} embeddings (dim ${data.dim})${note ? `, ${m} shown` : ''}`;
  return output([
    jsonItem(LookTwiceMime.embedding, payload),
    textItem('image/svg+xml', scatterSvg(points, 2, labels, data.classNames, title)),
    plainItem(`${title}${note ? `\n${note}` : ''}`),
  ]);
}

function thumbnailAtlas(
  thumbnails: Pick<ImageDataset, 'pixels' | 'shape'>,
  sample: Int32Array,
): { png: string; tileSize: number; columns: number } {
  const [, h, w, c] = thumbnails.shape;
  const columns = Math.ceil(Math.sqrt(sample.length));
  const tiles = Array.from(sample, (row) => thumbnails.pixels.subarray(row * h * w * c, (row + 1) * h * w * c));
  const grid = tileGrid(tiles, Math.ceil(sample.length / columns), columns, h, w, c as 1 | 3 | 4, 0);
  return { png: Buffer.from(pixelsToPng(grid)).toString('base64'), tileSize: h, columns };
}

export function nextEmbeddingsId(): string {
  return `embeddings-${++sets}`;
}
