/**
 * Where each value of a JSON text lies, in bytes. The text must already be valid JSON (JSON.parse
 * accepted it); this finds the byte range of a value, of an object's members and of an array's
 * elements, one level at a time, so untouched parts of a file can be copied byte for byte (invalid
 * UTF-8, 12345678901234567890, 1e-400, 1.0 and the file's own spacing included). Works on bytes:
 * every structural character of JSON is ASCII, and no byte of a multi-byte UTF-8 sequence (valid or
 * not) is below 0x80. Iterative, so a value nested 100,000 deep is skipped without recursion.
 */

export interface JsonSpan {
  start: number;
  /** One past the value's last byte. */
  end: number;
}

export interface JsonMember {
  /** The key as JSON.parse reads it. */
  key: string;
  /** The key's bytes, quotes included, as written. */
  keySpan: JsonSpan;
  value: JsonSpan;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

export function skipWhitespace(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09))
    at++;
  return at;
}

/** The span of the value starting at `at` (after whitespace). */
export function valueAt(bytes: Uint8Array, at: number): JsonSpan {
  const start = skipWhitespace(bytes, at);
  return { start, end: valueEnd(bytes, start) };
}

function stringEnd(bytes: Uint8Array, at: number): number {
  for (let i = at + 1; i < bytes.length; i++) {
    if (bytes[i] === BACKSLASH) i++;
    else if (bytes[i] === QUOTE) return i + 1;
  }
  throw new SyntaxError('unterminated string');
}

function valueEnd(bytes: Uint8Array, start: number): number {
  const first = bytes[start];
  if (first === QUOTE) return stringEnd(bytes, start);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let i = start;
    while (i < bytes.length && !isDelimiter(bytes[i])) i++;
    return i;
  }
  let depth = 0;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) i = stringEnd(bytes, i) - 1;
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) return i + 1;
  }
  throw new SyntaxError('unterminated container');
}

function isDelimiter(byte: number): boolean {
  return (
    byte === COMMA ||
    byte === CLOSE_BRACE ||
    byte === CLOSE_BRACKET ||
    byte === 0x20 ||
    byte === 0x0a ||
    byte === 0x0d ||
    byte === 0x09
  );
}

/** The members of the object at `span`, in order (a repeated key appears twice, as written). */
export function objectMembers(bytes: Uint8Array, span: JsonSpan): JsonMember[] {
  const members: JsonMember[] = [];
  let at = skipWhitespace(bytes, span.start + 1);
  if (bytes[at] === CLOSE_BRACE) return members;
  for (;;) {
    const keySpan = { start: at, end: stringEnd(bytes, at) };
    const key = JSON.parse(Buffer.from(bytes.subarray(keySpan.start, keySpan.end)).toString('utf8')) as string;
    at = skipWhitespace(bytes, keySpan.end);
    if (bytes[at] !== COLON) throw new SyntaxError(`expected ':' at byte ${at}`);
    const value = valueAt(bytes, at + 1);
    members.push({ key, keySpan, value });
    at = skipWhitespace(bytes, value.end);
    if (bytes[at] === CLOSE_BRACE) return members;
    if (bytes[at] !== COMMA) throw new SyntaxError(`expected ',' or '}' at byte ${at}`);
    at = skipWhitespace(bytes, at + 1);
  }
}

/** The elements of the array at `span`, in order. */
export function arrayElements(bytes: Uint8Array, span: JsonSpan): JsonSpan[] {
  const elements: JsonSpan[] = [];
  let at = skipWhitespace(bytes, span.start + 1);
  if (bytes[at] === CLOSE_BRACKET) return elements;
  for (;;) {
    const value = valueAt(bytes, at);
    elements.push(value);
    at = skipWhitespace(bytes, value.end);
    if (bytes[at] === CLOSE_BRACKET) return elements;
    if (bytes[at] !== COMMA) throw new SyntaxError(`expected ',' or ']' at byte ${at}`);
    at += 1;
  }
}

export function isObjectSpan(bytes: Uint8Array, span: JsonSpan): boolean {
  return bytes[span.start] === OPEN_BRACE;
}

export function isArraySpan(bytes: Uint8Array, span: JsonSpan): boolean {
  return bytes[span.start] === OPEN_BRACKET;
}
