/**
 * How `display(value)` and a cell's last value look: strings as text, numbers and other primitives
 * as the REPL prints them, tensors as shape, dtype and (truncated) values, image tensors and
 * ImageData-like objects as PNG, plain objects and arrays as JSON with a text fallback.
 */
import { inspect } from 'node:util';
import type { DisplayOutput } from '../../protocol/outputs';
import { tf } from '../../simclr/tf';
import type { ImageDataset } from '../../simclr/data/dataset';
import { SimclrModel } from '../../simclr/models/simclrModel';
import { isImageTensor, pixelsToPng, tensorPixels, tileGrid, toBytes, type Pixels } from './images';
import { isDisplayOutput, jsonItem, output, plainItem, pngItem } from './mimeBundle';

/** Tensors with more values than this are shown by tf's truncated printout of a slice. */
const MAX_TENSOR_VALUES = 1000;

export interface FormatOptions {
  /** A cell's value (strings quoted, as a REPL shows them) rather than an explicit display(). */
  asResult?: boolean;
}

export function formatValue(value: unknown, options: FormatOptions = {}): DisplayOutput {
  if (isDisplayOutput(value)) return value;
  if (typeof value === 'string') return output([plainItem(options.asResult ? inspect(value) : value)]);
  if (value instanceof tf.Tensor) return formatTensor(value);
  if (value instanceof SimclrModel) {
    const config = `SimclrModel: ${value.config.encoder.kind} encoder (representation ${value.representationDim}), head ${value.config.headWidths.join(' -> ')}, seed ${value.config.seed}`;
    return output([
      plainItem(
        `${config}\n\nencoder\n${layersSummary(value.encoder)}\n\nprojection head\n${layersSummary(value.head)}`,
      ),
    ]);
  }
  if (value instanceof tf.LayersModel) return output([plainItem(layersSummary(value))]);
  if (isImageDataset(value)) return datasetOutput(value);
  const image = imageDataLike(value);
  if (image)
    return output([pngItem(pixelsToPng(image)), plainItem(`image ${image.width}x${image.height}x${image.channels}`)]);
  const text = plainItem(inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 }));
  if (isJsonShaped(value)) return output([jsonItem('application/json', value), text]);
  return output([text]);
}

export function formatTensor(tensor: tf.Tensor): DisplayOutput {
  if (tensor.isDisposed) return output([plainItem(`Tensor (disposed) ${tensor.dtype} [${tensor.shape.join(', ')}]`)]);
  const header = `Tensor ${tensor.dtype} [${tensor.shape.join(', ')}]`;
  const body =
    tensor.size <= MAX_TENSOR_VALUES
      ? tensor.toString()
      : `${tensor.toString().split('\n').slice(0, 40).join('\n')}\n  … (${tensor.size} values)`;
  const text = plainItem(`${header}\n${body.replace(/^Tensor\n?/, '')}`);
  if (isImageTensor(tensor)) return output([pngItem(pixelsToPng(tensorPixels(tensor))), text]);
  return output([text]);
}

/** { data, width, height } with 1, 3 or 4 values per pixel (canvas ImageData has 4). */
function imageDataLike(value: unknown): Pixels | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { data, width, height } = value as { data?: unknown; width?: unknown; height?: unknown };
  if (typeof width !== 'number' || typeof height !== 'number' || !ArrayBuffer.isView(data)) return undefined;
  const values = data as unknown as ArrayLike<number>;
  const channels = values.length / (width * height);
  if (channels !== 1 && channels !== 3 && channels !== 4) return undefined;
  return { data: toBytes(values), width, height, channels };
}

/** Values (objects, arrays) in a JSON output at most; larger ones are shown as text only. */
const MAX_JSON_NODES = 5000;

/**
 * Plain objects and arrays go out as JSON too, when small: the walk gives up at MAX_JSON_NODES and
 * at typed arrays (a dataset's pixels would become millions of JSON keys), class instances and cycles.
 */
function isJsonShaped(value: unknown): boolean {
  let budget = MAX_JSON_NODES;
  const seen = new Set<object>();
  const plain = (v: unknown): boolean => {
    if (--budget < 0) return false;
    if (v === null || typeof v !== 'object') return typeof v !== 'bigint' && typeof v !== 'symbol';
    if (seen.has(v) || ArrayBuffer.isView(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) return v.every(plain);
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(v).every(plain);
  };
  return (Array.isArray(value) || (typeof value === 'object' && value !== null)) && plain(value);
}

/** An ImageDataset shows as its first images in a row and a summary, not as millions of pixel values. */
function isImageDataset(value: unknown): value is ImageDataset {
  if (typeof value !== 'object' || value === null) return false;
  const d = value as Partial<ImageDataset>;
  return (
    d.pixels instanceof Uint8Array &&
    Array.isArray(d.shape) &&
    d.shape.length === 4 &&
    typeof d.name === 'string' &&
    d.pixels.length === d.shape.reduce((a, b) => a * b, 1)
  );
}

const PREVIEW_IMAGES = 10;

function datasetOutput(dataset: ImageDataset): DisplayOutput {
  const [n, h, w, c] = dataset.shape;
  const count = Math.min(n, PREVIEW_IMAGES);
  const labels = dataset.labels;
  const summary = [
    `${dataset.name}: ${n} images of ${h}x${w}x${c} from ${dataset.source}`,
    labels
      ? `labels: ${dataset.classNames ? dataset.classNames.length : new Set(labels).size} classes${dataset.classNames ? ` (${dataset.classNames.join(', ')})` : ''}`
      : 'no labels',
    count > 0
      ? `first ${count}: ${labels ? Array.from(labels.subarray(0, count), (l) => dataset.classNames?.[l] ?? String(l)).join(', ') : ''}`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
  if (count === 0 || (c !== 1 && c !== 3 && c !== 4)) return output([plainItem(summary)]);
  const tiles = Array.from({ length: count }, (_, i) => dataset.pixels.subarray(i * h * w * c, (i + 1) * h * w * c));
  return output([pngItem(pixelsToPng(tileGrid(tiles, 1, count, h, w, c))), plainItem(summary)]);
}

/** Keras-style layer table (tfjs's model.summary), instead of an inspect dump of the model's internals. */
function layersSummary(model: tf.LayersModel): string {
  const lines: string[] = [];
  model.summary(100, undefined, (...parts: unknown[]) => lines.push(parts.join(' ')));
  return lines.join('\n');
}
