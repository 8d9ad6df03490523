/**
 * What a cell threw, as plain strings, whatever it was. Cells can throw anything: an Error whose
 * `name` is a Symbol, whose `message` getter throws, whose `message` is a function, a Proxy whose
 * traps throw, an object whose `toString` throws. Reading such a value must never throw and must
 * give strings that survive structured cloning, or the kernel cannot report the cell at all.
 */

/** Longest name/message kept: a cell can throw a 100 MB string. */
export const MAX_DESCRIBED_CHARS = 100_000;

export interface ThrownDescription {
  /** Whether the value is an Error (or claims to be: a Proxy of one counts). */
  isError: boolean;
  name: string;
  message: string;
  stack?: string;
}

export function describeThrown(value: unknown): ThrownDescription {
  if (!isError(value))
    return { isError: false, name: 'Error', message: `a value that is not an Error was thrown: ${textOf(value)}` };
  const name = read(value, 'name');
  const message = read(value, 'message');
  const stack = read(value, 'stack');
  return {
    isError: true,
    name:
      typeof name.value === 'string' && name.value !== ''
        ? clip(name.value)
        : name.threw
          ? '(a name that could not be read)'
          : textOf(name.value ?? 'Error'),
    message:
      typeof message.value === 'string'
        ? clip(message.value)
        : message.threw
          ? `(the message could not be read: ${textOf(message.threw.error)})`
          : message.value === undefined
            ? ''
            : textOf(message.value),
    ...(typeof stack.value === 'string' ? { stack: clip(stack.value) } : {}),
  };
}

/** String(value) that never throws: falls back to the tag, then to the type. */
export function textOf(value: unknown): string {
  try {
    if (typeof value === 'function')
      return `[function ${typeof value.name === 'string' && value.name ? value.name : '(anonymous)'}]`;
    return clip(String(value));
  } catch {
    try {
      return Object.prototype.toString.call(value);
    } catch {
      return `(an unprintable ${typeof value})`;
    }
  }
}

function isError(value: unknown): value is object {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

function read(value: object, key: string): { value?: unknown; threw?: { error: unknown } } {
  try {
    return { value: (value as Record<string, unknown>)[key] };
  } catch (error) {
    return { threw: { error } };
  }
}

function clip(text: string): string {
  return text.length > MAX_DESCRIBED_CHARS
    ? `${text.slice(0, MAX_DESCRIBED_CHARS)}... (${text.length} characters)`
    : text;
}
