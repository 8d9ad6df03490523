/**
 * Whether a cell's source is whole (Jupyter's is_complete, which consoles ask before running on
 * Enter): the cell transform's own parser (esbuild, TypeScript syntax) decides. A parse error at the
 * end of the input means the user is still typing ('incomplete', with the indent for the next line);
 * any other parse error can never be fixed by typing more ('invalid').
 */
import { transformSync, type TransformFailure } from 'esbuild';
import type { CodeAnswer } from '../../protocol/codeQueries';

export function isComplete(code: string): CodeAnswer & { kind: 'isComplete' } {
  try {
    transformSync(code, { loader: 'ts', target: 'es2022', logLevel: 'silent' });
    return { kind: 'isComplete', status: 'complete', indent: '' };
  } catch (error) {
    const errors = (error as Partial<TransformFailure>).errors ?? [];
    // esbuild calls an open template literal an "Unterminated string literal", like a quote left open
    // on its line; only the template can go on over the next lines.
    const openTemplate = (code.replace(/\\[\s\S]/g, '').match(/`/g)?.length ?? 0) % 2 === 1;
    const atEnd = errors.some(
      (e) => /end of file/i.test(e.text) || (openTemplate && /Unterminated string literal/i.test(e.text)),
    );
    if (!atEnd) return { kind: 'isComplete', status: 'invalid', indent: '' };
    return { kind: 'isComplete', status: 'incomplete', indent: nextIndent(code) };
  }
}

/** The last line's indent, one level (two spaces) deeper after an opening bracket. */
function nextIndent(code: string): string {
  const lines = code.split('\n').filter((line) => line.trim().length > 0);
  const last = lines[lines.length - 1] ?? '';
  const indent = /^\s*/.exec(last)?.[0] ?? '';
  return /[{([]\s*$/.test(last) ? `${indent}  ` : indent;
}
