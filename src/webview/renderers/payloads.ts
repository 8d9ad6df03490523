/**
 * Validation of the JSON payloads of Look Twice's output MIME types (src/protocol/outputs.ts).
 * Output data may come from an old or hand-edited notebook, so each renderer checks its payload
 * and shows a readable error naming the field instead of drawing garbage. Every dimension is
 * bounded by the caps the kernel produces within (protocol/payloadLimits.ts), checked before
 * anything is allocated for it.
 */
import type {
  AudioPayload,
  AugmentationGridPayload,
  EmbeddingPayload,
  LossCurvePayload,
  MediaView,
  ProgressPayload,
  RetrievalPayload,
  SimilarityPayload,
} from '../../protocol/outputs';
import {
  MAX_AUDIO_CLIPS,
  MAX_RETRIEVAL_RESULTS,
  MAX_SIMILARITY_PAIRS,
  MAX_CLASS_NAMES,
  MAX_CURVE_POINTS,
  MAX_CURVE_SERIES,
  MAX_EMBEDDING_POINTS,
  MAX_GRID_COLS,
  MAX_GRID_ROWS,
  MAX_TILE_SIZE,
  MAX_THUMBNAIL_TILE,
} from '../../protocol/payloadLimits';
import { PROJECTION_METHODS } from '../../protocol/projectionMethods';

type Json = Record<string, unknown>;

function object(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what}: expected an object`);
  return value as Json;
}
function num(o: Json, key: string, what: string, min = -Infinity): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min)
    throw new Error(`${what}.${key}: expected a finite number >= ${min}, got ${JSON.stringify(v)}`);
  return v;
}
/** An integer in [min, max]. */
function int(o: Json, key: string, what: string, min: number, max: number): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new Error(`${what}.${key}: expected an integer in ${min}..${max}, got ${JSON.stringify(v)}`);
  return v;
}
/** An array of at most `max` items, checked before its items are. */
function bounded(v: unknown, max: number, what: string): unknown[] {
  if (!Array.isArray(v)) throw new Error(`${what}: expected an array`);
  if (v.length > max) throw new Error(`${what}: ${v.length} items, more than the ${max} allowed`);
  return v;
}
function str(o: Json, key: string, what: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new Error(`${what}.${key}: expected a string`);
  return v;
}
function base64(o: Json, key: string, what: string): string {
  const v = str(o, key, what);
  if (!/^[A-Za-z0-9+/=\s]*$/.test(v)) throw new Error(`${what}.${key}: expected base64 text`);
  return v;
}
function optStr(o: Json, key: string, what: string): string | undefined {
  return o[key] === undefined ? undefined : str(o, key, what);
}
function strings(o: Json, key: string, what: string, max = MAX_CLASS_NAMES): string[] {
  const v = bounded(o[key], max, `${what}.${key}`);
  if (!v.every((s) => typeof s === 'string')) throw new Error(`${what}.${key}: expected an array of strings`);
  return v as string[];
}
function numbers(v: unknown, what: string, max: number): number[] {
  const list = bounded(v, max, what);
  if (!list.every((n) => typeof n === 'number')) throw new Error(`${what}: expected an array of numbers`);
  return list as number[];
}
function oneOf<T extends string>(o: Json, key: string, allowed: readonly T[], what: string): T {
  const v = o[key];
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw new Error(`${what}.${key}: expected one of ${allowed.join(', ')}`);
  return v as T;
}

export function parseAugmentationGrid(value: unknown): AugmentationGridPayload {
  const w = 'augmentations';
  const o = object(value, w);
  const rows = int(o, 'rows', w, 1, MAX_GRID_ROWS),
    cols = int(o, 'cols', w, 1, MAX_GRID_COLS);
  const columnTitles = strings(o, 'columnTitles', w, cols);
  const rowLabels = o.rowLabels === undefined ? undefined : strings(o, 'rowLabels', w, rows);
  const png = base64(o, 'png', w);
  return {
    rows,
    cols,
    tileSize: int(o, 'tileSize', w, 1, MAX_TILE_SIZE),
    png,
    columnTitles,
    rowLabels,
    pipeline: optStr(o, 'pipeline', w),
    note: optStr(o, 'note', w),
  };
}

export function parseLossCurve(value: unknown): LossCurvePayload {
  const w = 'loss curve';
  const o = object(value, w);
  const series = bounded(o.series, MAX_CURVE_SERIES, `${w}.series`).map((s: unknown, i: number) => {
    const so = object(s, `${w}.series[${i}]`);
    const steps = numbers(so.steps, `${w}.series[${i}].steps`, MAX_CURVE_POINTS);
    const values = numbers(so.values, `${w}.series[${i}].values`, MAX_CURVE_POINTS);
    if (steps.length !== values.length)
      throw new Error(`${w}.series[${i}]: steps (${steps.length}) and values (${values.length}) differ in length`);
    return { name: str(so, 'name', `${w}.series[${i}]`), steps, values };
  });
  if (typeof o.done !== 'boolean') throw new Error(`${w}.done: expected a boolean`);
  const status = o.status === undefined ? undefined : oneOf(o, 'status', ['done', 'interrupted', 'error'] as const, w);
  const message = optStr(o, 'message', w);
  return {
    runId: str(o, 'runId', w),
    title: optStr(o, 'title', w),
    series,
    done: o.done,
    ...(status ? { status } : {}),
    ...(message ? { message } : {}),
  };
}

export function parseProgress(value: unknown): ProgressPayload {
  const w = 'progress';
  const o = object(value, w);
  return {
    runId: str(o, 'runId', w),
    state: oneOf(o, 'state', ['running', 'done', 'interrupted', 'error'] as const, w),
    step: num(o, 'step', w, 0),
    totalSteps: num(o, 'totalSteps', w, 0),
    epoch: num(o, 'epoch', w, 0),
    metrics: progressMetrics(o, w),
    etaSeconds: typeof o.etaSeconds === 'number' ? o.etaSeconds : NaN,
    ...(typeof o.method === 'string' ? { method: o.method } : {}),
    ...(typeof o.message === 'string' ? { message: o.message } : {}),
  };
}

/** Named numbers of `metrics`; outputs saved before metrics existed had loss, learningRate and imagesPerSec at the top. */
function progressMetrics(o: Json, w: string): Record<string, number> {
  const source =
    o.metrics === undefined
      ? { loss: o.loss, learningRate: o.learningRate, imagesPerSec: o.imagesPerSec }
      : object(o.metrics, `${w}.metrics`);
  const metrics: Record<string, number> = {};
  for (const [name, value] of Object.entries(source))
    if (typeof value === 'number' && Number.isFinite(value)) metrics[name] = value;
  return metrics;
}

export function parseEmbedding(value: unknown): EmbeddingPayload {
  const w = 'embedding';
  const o = object(value, w);
  const method = oneOf(o, 'method', PROJECTION_METHODS, w);
  const dims = num(o, 'dims', w);
  if (dims !== 2 && dims !== 3) throw new Error(`${w}.dims: expected 2 or 3, got ${dims}`);
  const points = numbers(o.points, `${w}.points`, MAX_EMBEDDING_POINTS * dims);
  if (points.length % dims !== 0)
    throw new Error(`${w}.points: length ${points.length} is not a multiple of dims ${dims}`);
  const n = points.length / dims;
  const labels = o.labels === undefined ? undefined : numbers(o.labels, `${w}.labels`, n);
  if (labels && labels.length !== n) throw new Error(`${w}.labels: ${labels.length} labels for ${n} points`);
  const classNames = o.classNames === undefined ? undefined : strings(o, 'classNames', w);
  let thumbnails: EmbeddingPayload['thumbnails'];
  if (o.thumbnails !== undefined) {
    const t = object(o.thumbnails, `${w}.thumbnails`);
    const columns = int(t, 'columns', `${w}.thumbnails`, 1, Math.max(1, Math.ceil(Math.sqrt(MAX_EMBEDDING_POINTS))));
    thumbnails = {
      png: base64(t, 'png', `${w}.thumbnails`),
      tileSize: int(t, 'tileSize', `${w}.thumbnails`, 1, MAX_THUMBNAIL_TILE),
      columns,
    };
  }
  return {
    method,
    dims,
    points,
    labels,
    classNames,
    thumbnails,
    total: num(o, 'total', w, 0),
    note: optStr(o, 'note', w),
  };
}

function optBase64(o: Json, key: string, what: string): string | undefined {
  return o[key] === undefined ? undefined : base64(o, key, what);
}

function mediaView(value: unknown, what: string): MediaView {
  const o = object(value, what);
  const view: MediaView = {
    png: optBase64(o, 'png', what),
    wav: optBase64(o, 'wav', what),
    spectrogramPng: optBase64(o, 'spectrogramPng', what),
    label: optStr(o, 'label', what),
  };
  if (!view.png && !view.wav) throw new Error(`${what}: expected an image (png) or a clip (wav)`);
  return view;
}

export function parseRetrieval(value: unknown): RetrievalPayload {
  const w = 'retrieval';
  const o = object(value, w);
  const direction = oneOf(o, 'direction', ['text-to-media', 'media-to-text'] as const, w);
  const q = object(o.query, `${w}.query`);
  const query = {
    text: optStr(q, 'text', `${w}.query`),
    media: q.media === undefined ? undefined : mediaView(q.media, `${w}.query.media`),
  };
  const results = bounded(o.results, MAX_RETRIEVAL_RESULTS, `${w}.results`).map((r, i) => {
    const what = `${w}.results[${i}]`;
    const item = object(r, what);
    return {
      score: num(item, 'score', what),
      text: optStr(item, 'text', what),
      media: item.media === undefined ? undefined : mediaView(item.media, `${what}.media`),
      match: item.match === true,
    };
  });
  return { direction, query, results, searched: num(o, 'searched', w, 0) };
}

export function parseAudio(value: unknown): AudioPayload {
  const w = 'audio';
  const o = object(value, w);
  const clips = bounded(o.clips, MAX_AUDIO_CLIPS, `${w}.clips`);
  if (clips.length === 0) throw new Error(`${w}.clips: expected a non-empty array`);
  return {
    clips: clips.map((c, i) => {
      const what = `${w}.clips[${i}]`;
      const clip = object(c, what);
      return {
        wav: base64(clip, 'wav', what),
        spectrogramPng: base64(clip, 'spectrogramPng', what),
        sampleRate: num(clip, 'sampleRate', what, 1),
        seconds: num(clip, 'seconds', what, 0),
        caption: optStr(clip, 'caption', what),
        label: optStr(clip, 'label', what),
      };
    }),
  };
}

export function parseSimilarity(value: unknown): SimilarityPayload {
  const w = 'similarity';
  const o = object(value, w);
  const n = int(o, 'n', w, 1, MAX_SIMILARITY_PAIRS);
  const values = numbers(o.values, `${w}.values`, n * n);
  if (values.length !== n * n) throw new Error(`${w}.values: expected n * n = ${n * n} numbers, got ${values.length}`);
  const columns = strings(o, 'columns', w, n);
  if (!Array.isArray(o.rows) || o.rows.length !== n || columns.length !== n)
    throw new Error(`${w}: expected ${n} rows and ${n} columns`);
  return {
    n,
    values,
    rows: o.rows.map((r, i) => mediaView(r, `${w}.rows[${i}]`)),
    columns,
    title: optStr(o, 'title', w),
  };
}
