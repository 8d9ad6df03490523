/**
 * One cell from TypeScript source to a runnable wrapper: esbuild strips the types (no type check at
 * run time, as in tsx and Deno), rewrite.ts makes the REPL rewrite, and the result is wrapped as
 *   (function (scope, importer) { with (scope) { return (async () => { BODY })(); } })
 * so names the cell declares live on the notebook's scope object and `await` works at the top level.
 * Positions map back through the rewrite and esbuild's source map to the cell's own line and column.
 */
import { transformSync, type TransformFailure } from 'esbuild';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { lineColumnOf, type LineColumn } from './edits';
import { CellRewriteError, IMPORTER, SCOPE, rewriteCell, type RewrittenCell } from './rewrite';

export interface CompiledCell {
  /** The script for vm: evaluates to the wrapper function. */
  script: string;
  /** Names the cell declares at the top level. */
  declared: string[];
  /** Maps a (1-based line, 0-based column) of `script` to the cell's own source; undefined inside the wrapper. */
  toCell(position: LineColumn): LineColumn | undefined;
}

/** A cell that does not parse: `position` is in the cell's own coordinates. */
export class CellSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: LineColumn,
    readonly lineText: string,
    readonly filename: string,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/** Whether the cell's value should be displayed: Jupyter's rule, a trailing `;` hides it. */
export function displaysLastValue(source: string): boolean {
  const withoutComments = source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').trimEnd();
  return withoutComments.length > 0 && !withoutComments.endsWith(';');
}

export function compileCell(source: string, filename: string): CompiledCell {
  let code: string;
  let map: SourceMap;
  try {
    const result = transformSync(source, {
      loader: 'ts',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: filename,
      // Keep imports whose bindings are unused in this cell: a later cell may use them.
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      logLevel: 'silent',
    });
    code = result.code;
    map = new SourceMap(JSON.parse(result.map) as SourceMapPayload);
  } catch (error) {
    const failure = error as Partial<TransformFailure>;
    const first = failure.errors?.[0];
    if (!first) throw error;
    const location = first.location;
    throw new CellSyntaxError(
      first.text,
      { line: location?.line ?? 1, column: location?.column ?? 0 },
      location?.lineText ?? '',
      filename,
    );
  }

  const toSource = (position: LineColumn): LineColumn => {
    const entry = map.findEntry(position.line - 1, position.column) as Partial<{
      originalLine: number;
      originalColumn: number;
    }>;
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return position;
    return { line: entry.originalLine + 1, column: entry.originalColumn };
  };

  let rewritten: RewrittenCell;
  try {
    rewritten = rewriteCell(code, displaysLastValue(source));
  } catch (error) {
    if (!(error instanceof CellRewriteError)) throw error;
    const position = toSource(lineColumnOf(code, error.offset));
    throw new CellSyntaxError(error.message, position, source.split('\n')[position.line - 1] ?? '', filename);
  }

  const copies = rewritten.functions.map((name) => `${SCOPE}.${name} = ${name};`).join(' ');
  const prefix = `(function (${SCOPE}, ${IMPORTER}) { with (${SCOPE}) { return (async () => { ${copies}`;
  const script = `${prefix}${rewritten.body.text}\n})(); } })`;
  const bodyLines = rewritten.body.text.split('\n').length;
  return {
    script,
    declared: rewritten.declared,
    toCell(position) {
      if (position.line === 1 && position.column < prefix.length) return undefined;
      if (position.line > bodyLines) return undefined;
      const inBody = position.line === 1 ? { line: 1, column: Math.max(0, position.column - prefix.length) } : position;
      return toSource(rewritten.body.toSource(inBody));
    },
  };
}

/** Compiles a trivial cell so esbuild's service is running before the first real one. */
export function warmUpTransform(): void {
  try {
    compileCell('0', 'warm-up');
  } catch {
    // The first real cell reports any problem with esbuild.
  }
}
