/**
 * Inspection (Jupyter's Shift+Tab) of the name at the cursor from the kernel's live state: its kind
 * and a short printout; a function's signature (its whole source at detail level 1).
 */
import { inspect as printValue } from 'node:util';
import type { CodeAnswer } from '../../protocol/codeQueries';
import { dottedNameAt, resolveDotted } from './codeAtCursor';

const MAX_TEXT = 4000;

export function inspect(
  code: string,
  cursor: number,
  detail: 0 | 1,
  scope: Record<string, unknown>,
): CodeAnswer & { kind: 'inspect' } {
  const name = dottedNameAt(code, cursor, true);
  const path = [...name.base, name.word].filter((part) => part.length > 0);
  const found = resolveDotted(path, scope);
  if (!found) return { kind: 'inspect', found: false, text: '' };
  return { kind: 'inspect', found: true, text: describe(path.join('.'), found.value, detail) };
}

function describe(name: string, value: unknown, detail: 0 | 1): string {
  if (typeof value === 'function') {
    const source = Function.prototype.toString.call(value);
    const isClass = source.startsWith('class');
    const kind = isClass ? 'class' : 'function';
    if (detail === 1) return cut(`${name}: ${kind}\n\n${source}`);
    const signature = source.startsWith('class')
      ? source.split('{', 1)[0].trim()
      : functionSignature(source, value as (...args: unknown[]) => unknown);
    return cut(`${name}: ${kind}\n${signature}`);
  }
  const type =
    value === null
      ? 'null'
      : typeof value === 'object'
        ? (Object.getPrototypeOf(value)?.constructor?.name ?? 'Object')
        : typeof value;
  return cut(
    `${name}: ${type}\n${printValue(value, { depth: detail === 1 ? 3 : 1, maxArrayLength: detail === 1 ? 100 : 10, breakLength: 100 })}`,
  );
}

/** `function name(a, b = 1)` or `(a, b) =>`: the source up to the body. */
function functionSignature(source: string, fn: (...args: unknown[]) => unknown): string {
  if (source.includes('[native code]'))
    return `${fn.name}(…${fn.length} argument${fn.length === 1 ? '' : 's'}) [native]`;
  const arrow = source.indexOf('=>');
  const brace = source.indexOf('{');
  const endAt = arrow >= 0 && (brace < 0 || arrow < brace) ? arrow + 2 : brace;
  return (endAt > 0 ? source.slice(0, endAt) : source).replace(/\s+/g, ' ').trim();
}

function cut(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n…` : text;
}
