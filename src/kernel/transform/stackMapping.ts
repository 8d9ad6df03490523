/**
 * Error stacks in the cell's own coordinates: every `FILE:LINE:COLUMN` of a compiled cell is mapped
 * back through the rewrite and esbuild's source map; the kernel's own frames below the cell are
 * dropped. Cells compiled earlier stay registered so a function from cell 1 called in cell 5 maps too.
 */
import type { CellError } from '../../protocol/outputs';
import { CellSyntaxError, type CompiledCell } from './compileCell';
import { describeThrown } from './describeThrown';

const MAX_REMEMBERED = 1000;

export class CellRegistry {
  private readonly cells = new Map<string, CompiledCell>();

  add(filename: string, cell: CompiledCell): void {
    this.cells.set(filename, cell);
    if (this.cells.size > MAX_REMEMBERED) {
      const oldest = this.cells.keys().next().value;
      if (oldest !== undefined) this.cells.delete(oldest);
    }
  }

  /** Rewrites the positions of cell frames in a V8 stack (columns there are 1-based); drops the wrapper's frames. */
  mapStack(stack: string): string {
    const lines = stack.split('\n').map((line) => {
      for (const [filename, cell] of this.cells) {
        if (!line.includes(filename)) continue;
        const pattern = new RegExp(`${escapeRegExp(filename)}:(\\d+):(\\d+)`, 'g');
        let inWrapper = false;
        const mapped = line.replace(pattern, (_match, l: string, c: string) => {
          const position = cell.toCell({ line: Number(l), column: Number(c) - 1 });
          if (!position) inWrapper = true;
          return position ? `${filename}:${position.line}:${position.column + 1}` : _match;
        });
        return inWrapper ? undefined : mapped;
      }
      return line;
    });
    return lines.filter((line): line is string => line !== undefined).join('\n');
  }

  isCellFrame(line: string): boolean {
    for (const filename of this.cells.keys()) if (line.includes(filename)) return true;
    return false;
  }

  /** The error as the host shows it: name, message, and a stack of cell (and library) frames. */
  toCellError(error: unknown): CellError {
    if (isCellSyntaxError(error)) {
      const { line, column } = error.position;
      const caret = `${error.lineText}\n${' '.repeat(column)}^`;
      return {
        name: 'SyntaxError',
        message: `${error.message} (line ${line}, column ${column + 1})`,
        stack: `SyntaxError: ${error.message}\n${caret}\n    at ${error.filename}:${line}:${column + 1}`,
      };
    }
    const described = describeThrown(error);
    if (!described.isError) return { name: described.name, message: described.message };
    let stack: string | undefined;
    try {
      stack = described.stack === undefined ? undefined : this.trimKernelFrames(this.mapStack(described.stack));
    } catch {
      stack = described.stack;
    }
    return { name: described.name, message: described.message, ...(stack === undefined ? {} : { stack }) };
  }

  /** Drops the frames after the last cell frame (the kernel's own machinery that ran the cell). */
  private trimKernelFrames(stack: string): string {
    const lines = stack.split('\n');
    let lastCell = -1;
    lines.forEach((line, index) => {
      if (this.isCellFrame(line) && /^\s+at /.test(line)) lastCell = index;
    });
    return lastCell < 0 ? stack : lines.slice(0, lastCell + 1).join('\n');
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `instanceof` runs a Proxy's getPrototypeOf trap, which may throw. */
function isCellSyntaxError(value: unknown): value is CellSyntaxError {
  try {
    return value instanceof CellSyntaxError;
  } catch {
    return false;
  }
}
