/**
 * Re-serialising a JSON document that a program read and partly changed, so that every part it did
 * not change comes back byte for byte (JSON.parse + JSON.stringify would turn 12345678901234567890
 * into 12345678901234567000, 1e-400 into 0, 1.0 into 1 and invalid UTF-8 into U+FFFD), and what
 * it changed is written in nbformat's style (one-space indent, `": "`, one member per line).
 *
 * `current` is compared, part by part, with `pristine` (a second JSON.parse of the same bytes that
 * nobody changed): an equal part is copied from the original bytes; a changed object or array is
 * rewritten around its members, which are again copied when equal. Comparison is iterative, so
 * deeply nested untouched metadata costs no stack.
 */
import { arrayElements, isArraySpan, isObjectSpan, objectMembers, valueAt, type JsonSpan } from './jsonSpans';

export interface JsonSource {
  bytes: Uint8Array;
  /** JSON.parse of `bytes`, never modified. */
  pristine: unknown;
}

/** The bytes of `current`, reusing `source`'s bytes for every part equal to the original. */
export function serializeLossless(current: unknown, source: JsonSource): Buffer {
  // Nothing changed: the file as it was, to the last byte (with or without a final newline).
  if (sameJson(current, source.pristine)) return Buffer.from(source.bytes);
  const root = valueAt(source.bytes, 0);
  const chunks: Uint8Array[] = [source.bytes.subarray(0, root.start)];
  emit(current, source.pristine, source.bytes, root, 0, chunks);
  const trailing = source.bytes.subarray(root.end);
  chunks.push(trailing.length > 0 ? trailing : Buffer.from('\n'));
  return Buffer.concat(chunks);
}

/** JSON text in nbformat's style, its lines indented for a value at `depth`. */
export function freshJson(value: unknown, depth: number): string {
  return JSON.stringify(value, null, 1).replace(/\n/g, `\n${' '.repeat(depth)}`);
}

function emit(
  current: unknown,
  pristine: unknown,
  bytes: Uint8Array,
  span: JsonSpan,
  depth: number,
  out: Uint8Array[],
): void {
  if (sameJson(current, pristine)) {
    out.push(bytes.subarray(span.start, span.end));
  } else if (isPlainObject(current) && isPlainObject(pristine) && isObjectSpan(bytes, span)) {
    const members = new Map(objectMembers(bytes, span).map((member) => [member.key, member]));
    const entries = Object.entries(current).filter(([, value]) => value !== undefined);
    container('{', '}', entries, depth, out, ([key, value]) => {
      const member = members.get(key);
      if (!member) {
        out.push(Buffer.from(`${JSON.stringify(key)}: ${freshJson(value, depth + 1)}`));
        return;
      }
      out.push(bytes.subarray(member.keySpan.start, member.keySpan.end), Buffer.from(': '));
      emit(value, pristine[key], bytes, member.value, depth + 1, out);
    });
  } else if (Array.isArray(current) && Array.isArray(pristine) && isArraySpan(bytes, span)) {
    const elements = arrayElements(bytes, span);
    container(
      '[',
      ']',
      current.map((value, index) => [index, value] as const),
      depth,
      out,
      ([index, value]) => {
        if (index < elements.length) emit(value ?? null, pristine[index], bytes, elements[index], depth + 1, out);
        else out.push(Buffer.from(freshJson(value ?? null, depth + 1)));
      },
    );
  } else {
    out.push(Buffer.from(freshJson(current, depth)));
  }
}

function container<T>(
  open: string,
  close: string,
  items: readonly T[],
  depth: number,
  out: Uint8Array[],
  each: (item: T) => void,
): void {
  if (items.length === 0) {
    out.push(Buffer.from(open + close));
    return;
  }
  const inner = `\n${' '.repeat(depth + 1)}`;
  out.push(Buffer.from(open + inner));
  items.forEach((item, index) => {
    if (index > 0) out.push(Buffer.from(`,${inner}`));
    each(item);
  });
  out.push(Buffer.from(`\n${' '.repeat(depth)}${close}`));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values (object key order ignored; `undefined` members absent), without recursion. */
export function sameJson(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [unknown, unknown];
    if (x === y) continue;
    if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
    if (Array.isArray(x) !== Array.isArray(y)) return false;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    const xs = Object.entries(x).filter(([, v]) => v !== undefined);
    const ys = y as Record<string, unknown>;
    if (xs.length !== Object.values(ys).filter((v) => v !== undefined).length) return false;
    for (const [key, value] of xs) {
      if (!Object.hasOwn(ys, key)) return false;
      stack.push([value, ys[key]]);
    }
  }
  return true;
}
