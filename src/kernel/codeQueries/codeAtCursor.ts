/**
 * The dotted name around a cursor in cell source (`tf.layers.den|` -> base ['tf', 'layers'],
 * word 'den'), and how to look such a name up in the notebook's scope without running code:
 * only data properties are read, so a getter (a tensor's lazily computed field, a proxy) never runs
 * because the user pressed Tab.
 */

export interface DottedName {
  /** The names before the last dot (empty for a plain word). */
  base: string[];
  /** The word being typed: code[start, end). */
  word: string;
  start: number;
  end: number;
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The dotted name ending at `cursor`; with `extendRight`, the word continues past the cursor
 * (inspection of a name the cursor is inside). Whitespace around dots is allowed, as in `a .b`.
 */
export function dottedNameAt(code: string, cursor: number, extendRight = false): DottedName {
  const at = Math.max(0, Math.min(cursor, code.length));
  let end = at;
  if (extendRight) while (end < code.length && /[\w$]/.test(code[end])) end++;
  const before = code.slice(0, end);
  const match = /((?:[A-Za-z_$][\w$]*\s*\.\s*)*)([A-Za-z_$][\w$]*)?$/.exec(before);
  const chain = match?.[1] ?? '';
  const word = match?.[2] ?? '';
  // A number before the dot (`1.`) is not a member access.
  const base = chain
    .split('.')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (base.some((part) => !IDENTIFIER.test(part))) return { base: [], word, start: end - word.length, end };
  return { base, word, start: end - word.length, end };
}

/** A property's value if it is a data property somewhere on the prototype chain; getters are not run. */
export function dataProperty(target: unknown, name: string): { value: unknown } | undefined {
  if (target === null || target === undefined) return undefined;
  for (let object: unknown = Object(target); object !== null; object = Object.getPrototypeOf(object)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    if (descriptor) return 'value' in descriptor ? { value: descriptor.value } : undefined;
  }
  return undefined;
}

/** Resolves ['tf', 'layers'] in the cell scope, then the global object; undefined when any part is missing or a getter. */
export function resolveDotted(path: string[], scope: Record<string, unknown>): { value: unknown } | undefined {
  if (path.length === 0) return undefined;
  const [first, ...rest] = path;
  let current = first in scope ? { value: scope[first] } : dataProperty(globalThis, first);
  for (const part of rest) {
    if (!current) return undefined;
    current = dataProperty(current.value, part);
  }
  return current;
}

/** Every property name of a value and its prototypes (Object.prototype's only for plain objects' sake, last). */
export function propertyNames(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  const names = new Set<string>();
  for (let object: unknown = Object(value); object !== null; object = Object.getPrototypeOf(object)) {
    for (const name of Object.getOwnPropertyNames(object)) if (IDENTIFIER.test(name)) names.add(name);
  }
  return [...names];
}
