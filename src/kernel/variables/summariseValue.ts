/**
 * One top-level value as the Variables view shows it, read from the object itself in O(1): shapes,
 * dtypes, sizes and counts, never the data (a tensor's values stay where they are, a dataset's pixels
 * are not touched). Datasets and models are recognised by shape (duck typing): the kernel's values
 * may come from another copy of the library.
 */
import { PREVIEW_CHARS, type TensorSummary, type VariableSummary } from '../../protocol/variables';
import { tf } from '../../simclr/tf';

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, string: 0 };

export function tensorSummary(tensor: tf.Tensor): TensorSummary {
  const shape = [...tensor.shape];
  const disposed = tensor.isDisposed;
  return {
    shape,
    dtype: tensor.dtype,
    bytes: tensor.size * (BYTES_PER_ELEMENT[tensor.dtype] ?? 4),
    backend: disposed ? '' : backendOf(tensor),
    disposed,
    image: isImageShape(shape),
  };
}

/** [h, w], [h, w, 1|3|4] or [n, h, w, 1|3|4] with n >= 1. */
export function isImageShape(shape: readonly number[]): boolean {
  const channels = shape[shape.length - 1];
  if (shape.length === 2) return shape[0] > 1 && shape[1] > 1;
  if (shape.length === 3) return [1, 3, 4].includes(channels) && shape[0] > 1 && shape[1] > 1;
  if (shape.length === 4) return [1, 3, 4].includes(channels) && shape[0] >= 1 && shape[1] > 1 && shape[2] > 1;
  return false;
}

function backendOf(tensor: tf.Tensor): string {
  const engine = tf.engine() as unknown as {
    state: { tensorInfo: WeakMap<object, { backend?: unknown }> };
    registry: Record<string, unknown>;
  };
  const backend = engine.state.tensorInfo.get(tensor.dataId)?.backend;
  const name = Object.entries(engine.registry).find(([, instance]) => instance === backend)?.[0];
  return name ?? tf.getBackend();
}

interface DatasetLike {
  name?: unknown;
  source: string;
  pixels: Uint8Array;
  shape: number[];
}

function isDataset(value: object): value is DatasetLike {
  const candidate = value as Partial<DatasetLike>;
  return (
    typeof candidate.source === 'string' &&
    candidate.pixels instanceof Uint8Array &&
    Array.isArray(candidate.shape) &&
    candidate.shape.length === 4
  );
}

interface CountsParams {
  countParams(): number;
}
const countsParams = (value: unknown): value is CountsParams =>
  typeof (value as Partial<CountsParams> | null)?.countParams === 'function';

/** A tf.LayersModel, or a model made of them (the library's SimclrModel: encoder + head). */
function parameterCount(value: object): number | undefined {
  if (countsParams(value)) return value.countParams();
  const parts = Object.values(value).filter(countsParams);
  const { encoder } = value as { encoder?: unknown };
  return countsParams(encoder) && parts.length > 0
    ? parts.reduce((sum, part) => sum + part.countParams(), 0)
    : undefined;
}

function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS - 1)}…` : line;
}

function className(value: object): string {
  return (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name || 'Object';
}

export function summariseValue(name: string, value: unknown): VariableSummary {
  if (value === null) return { name, kind: 'null', type: 'null', preview: 'null' };
  switch (typeof value) {
    case 'undefined':
      return { name, kind: 'undefined', type: 'undefined', preview: 'undefined' };
    case 'string':
      return {
        name,
        kind: 'string',
        type: `string (${value.length})`,
        preview: clip(JSON.stringify(value.length > PREVIEW_CHARS * 2 ? value.slice(0, PREVIEW_CHARS * 2) : value)),
      };
    case 'number':
    case 'boolean':
      return { name, kind: typeof value as 'number' | 'boolean', type: typeof value, preview: String(value) };
    case 'bigint':
      return { name, kind: 'bigint', type: 'bigint', preview: clip(`${value}n`) };
    case 'symbol':
      return { name, kind: 'symbol', type: 'symbol', preview: clip(value.toString()) };
    case 'function': {
      const isClass = /^class[\s{]/.test(Function.prototype.toString.call(value));
      const fn = value as (...args: unknown[]) => unknown;
      return isClass
        ? { name, kind: 'class', type: `class ${fn.name || name}` }
        : { name, kind: 'function', type: `function ${fn.name || name}(${fn.length} args)` };
    }
    default:
      break;
  }
  const object = value as object;
  if (object instanceof tf.Tensor) {
    const tensor = tensorSummary(object);
    return {
      name,
      kind: 'tensor',
      type: `${className(object) === 'Variable' ? 'Variable' : 'Tensor'}${object.rank <= 6 ? `${object.rank}D` : ''} ${object.dtype}${tensor.disposed ? ' (disposed)' : ''}`,
      tensor,
    };
  }
  if (isDataset(object)) {
    return {
      name,
      kind: 'dataset',
      type: 'ImageDataset',
      dataset: { size: object.shape[0], source: object.source, shape: [...object.shape] },
      preview: typeof object.name === 'string' ? clip(object.name) : undefined,
    };
  }
  const parameters = parameterCount(object);
  if (parameters !== undefined) return { name, kind: 'model', type: className(object), model: { parameters } };
  if (object instanceof Promise) return { name, kind: 'promise', type: 'Promise' };
  if (Array.isArray(object))
    return {
      name,
      kind: 'array',
      type: `${elementType(object)}[] (${object.length})`,
      preview: clip(previewArray(object)),
    };
  if (ArrayBuffer.isView(object)) {
    const length = (object as unknown as ArrayLike<number>).length ?? object.byteLength;
    return {
      name,
      kind: 'typedArray',
      type: `${className(object)} (${length})`,
      preview: clip(
        previewArray(
          Array.from({ length: Math.min(length, 8) }, (_, i) => (object as unknown as ArrayLike<number>)[i]),
        ),
      ),
    };
  }
  if (object instanceof Map || object instanceof Set)
    return { name, kind: 'object', type: `${className(object)} (${object.size})` };
  const keys = Object.keys(object);
  return {
    name,
    kind: 'object',
    type: className(object),
    preview: clip(`{ ${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''} }`),
  };
}

function elementType(array: unknown[]): string {
  const types = new Set(
    array
      .slice(0, 20)
      .map((item) =>
        item === null ? 'null' : item instanceof tf.Tensor ? 'Tensor' : Array.isArray(item) ? 'array' : typeof item,
      ),
  );
  return types.size === 1 ? [...types][0] : types.size === 0 ? 'unknown' : 'mixed';
}

function previewArray(items: unknown[]): string {
  const shown = items
    .slice(0, 8)
    .map((item) =>
      typeof item === 'number'
        ? String(Number(item.toPrecision(4)))
        : typeof item === 'string'
          ? JSON.stringify(item.slice(0, 20))
          : item === null
            ? 'null'
            : typeof item === 'object'
              ? item instanceof tf.Tensor
                ? `Tensor[${item.shape.join(', ')}]`
                : '{…}'
              : String(item),
    );
  return `[${shown.join(', ')}${items.length > 8 ? ', …' : ''}]`;
}
