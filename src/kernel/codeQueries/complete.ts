/**
 * Completion from the kernel's live state: the notebook's top-level names, the global object and the
 * language's keywords for a plain word; the properties of the value for `a.b.` (looked up without
 * running getters). No type information: what exists now, not what a type checker would infer.
 */
import type { CodeAnswer } from '../../protocol/codeQueries';
import { dottedNameAt, propertyNames, resolveDotted } from './codeAtCursor';

const KEYWORDS = [
  'await',
  'async',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'default',
  'delete',
  'do',
  'else',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'of',
  'return',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'type',
  'typeof',
  'undefined',
  'var',
  'void',
  'while',
  'yield',
];

/** Most matches sent back: a completion popup shows a few dozen. */
export const MAX_MATCHES = 500;

export function complete(
  code: string,
  cursor: number,
  scope: Record<string, unknown>,
): CodeAnswer & { kind: 'complete' } {
  const name = dottedNameAt(code, cursor);
  let candidates: string[];
  if (name.base.length > 0) {
    const target = resolveDotted(name.base, scope);
    candidates = target ? propertyNames(target.value) : [];
  } else {
    candidates = [...Object.keys(scope), ...Object.getOwnPropertyNames(globalThis), ...KEYWORDS];
  }
  const matches = [
    ...new Set(candidates.filter((candidate) => candidate.startsWith(name.word) && !candidate.startsWith('__lt_'))),
  ]
    .sort((a, b) => Number(a.startsWith('_')) - Number(b.startsWith('_')) || a.localeCompare(b))
    .slice(0, MAX_MATCHES);
  return { kind: 'complete', matches, start: name.start, end: name.end };
}
