/**
 * The notebook's code cells as one TypeScript module that follows the kernel's REPL semantics
 * (src/kernel/transform/rewrite.ts), so the language service's answers are those of the kernel:
 *
 *   <every cell's import declarations, hoisted>        imports are module-level only
 *   {\n<cell 1>\n{\n<cell 2>\n{\n<cell 3>\n}}}          each cell opens a block that holds the later cells
 *
 * - Redeclaring a top-level name in a later cell is a new binding in an inner block: it shadows the
 *   earlier one for that cell and every cell after it ("the newest wins"), the cells between keep
 *   the earlier type, and redeclaring within one cell stays an error (as esbuild reports it at run time).
 * - Top-level `await` is legal in a module's blocks; the last expression needs no `;` (the kernel
 *   returns it for display; TypeScript sees an expression statement).
 * - `export` on a declaration is blanked (the kernel drops it); an import is blanked in its cell and
 *   copied, same length, to the top, so every character of a cell maps 1:1 to one place.
 * - A name used before the cell that declares it is an error, as when the cells run in order.
 */
import ts from 'typescript';

/** A cell of the notebook as the language service sees it: its TypeScript source. */
export interface CellText {
  text: string;
}

/** A piece of the virtual text copied from a cell, character for character. */
export interface Segment {
  cell: number;
  cellStart: number;
  virtualStart: number;
  length: number;
}

/** A position in a cell: the index of the cell in the list given to the document, and an offset in its text. */
export interface CellOffset {
  cell: number;
  offset: number;
}

export interface CellSpan {
  cell: number;
  start: number;
  length: number;
}

/** The parts of one cell's text the layout moves or blanks, found with TypeScript's parser. */
interface CellLayout {
  imports: Array<{ start: number; end: number }>;
  exportKeywords: Array<{ start: number; end: number }>;
}

const layoutCache = new Map<string, CellLayout>();
const LAYOUT_CACHE_LIMIT = 2000;

/** Top-level imports and `export` modifiers of a cell (comments before an import stay in the cell). */
export function cellLayout(text: string): CellLayout {
  const cached = layoutCache.get(text);
  if (cached) return cached;
  const source = ts.createSourceFile('cell.ts', text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const layout: CellLayout = { imports: [], exportKeywords: [] };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      layout.imports.push({ start: statement.getStart(source), end: statement.end });
    } else if (
      ts.canHaveModifiers(statement) &&
      !ts.isExportAssignment(statement) &&
      !ts.isExportDeclaration(statement)
    ) {
      const modifiers = ts.getModifiers(statement) ?? [];
      const exportModifier = modifiers.find((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
      const isDefault = modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword);
      // `export default` has no meaning in a cell (the kernel rejects it): left in place, TypeScript reports it.
      if (exportModifier && !isDefault)
        layout.exportKeywords.push({ start: exportModifier.getStart(source), end: exportModifier.end });
    }
  }
  if (layoutCache.size >= LAYOUT_CACHE_LIMIT) layoutCache.clear();
  layoutCache.set(text, layout);
  return layout;
}

/** Every character of `text` in [start, end) that is not a line break, replaced by a space. */
function blank(text: string, start: number, end: number): string {
  return text.slice(0, start) + text.slice(start, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

export class VirtualDocument {
  /** Segments in virtual order (ascending virtualStart), each inside one cell. */
  private readonly segments: Segment[] = [];
  /** Per cell, its segments in ascending cellStart. */
  private readonly byCell: Segment[][];
  readonly text: string;

  constructor(readonly cells: readonly CellText[]) {
    const layouts = cells.map((cell) => cellLayout(cell.text));
    this.byCell = cells.map(() => []);
    let text = '';
    const add = (cell: number, cellStart: number, piece: string): void => {
      const segment = { cell, cellStart, virtualStart: text.length, length: piece.length };
      this.segments.push(segment);
      this.byCell[cell].push(segment);
      text += piece;
    };
    cells.forEach((cell, index) => {
      for (const range of layouts[index].imports) {
        add(index, range.start, cell.text.slice(range.start, range.end));
        text += '\n';
      }
    });
    // Without any import the file would be a script; the kernel runs every cell as a module body.
    text += 'export {};\n';
    cells.forEach((cell, index) => {
      let body = cell.text;
      for (const range of [...layouts[index].imports, ...layouts[index].exportKeywords])
        body = blank(body, range.start, range.end);
      text += '{\n';
      add(index, 0, body);
      text += '\n';
    });
    text += '}'.repeat(cells.length) + '\n';
    this.text = text;
    for (const list of this.byCell) list.sort((a, b) => a.cellStart - b.cellStart);
  }

  /**
   * The virtual offset of a cell offset. An offset inside a hoisted import maps to its copy; the end
   * of a cell's text maps too (completion at the end of a cell).
   */
  toVirtual(cell: number, offset: number): number | undefined {
    const segments = this.byCell[cell];
    if (!segments || offset < 0 || offset > this.cells[cell].text.length) return undefined;
    // Imports (short, at their own cellStart) take precedence over the cell body that spans everything.
    let best: Segment | undefined;
    for (const segment of segments) {
      if (offset >= segment.cellStart && offset <= segment.cellStart + segment.length) {
        if (!best || segment.length < best.length) best = segment;
      }
    }
    return best === undefined ? undefined : best.virtualStart + (offset - best.cellStart);
  }

  /** The cell position of a virtual offset, or undefined for text the layout added. */
  toCell(virtualOffset: number): CellOffset | undefined {
    const segment = this.segmentAt(virtualOffset);
    return segment && { cell: segment.cell, offset: segment.cellStart + (virtualOffset - segment.virtualStart) };
  }

  /** A virtual span as a cell span, when it lies inside one segment (an empty span may sit at its end). */
  toCellSpan(start: number, length: number): CellSpan | undefined {
    const segment = this.segmentAt(start);
    if (!segment || start + length > segment.virtualStart + segment.length) return undefined;
    return { cell: segment.cell, start: segment.cellStart + (start - segment.virtualStart), length };
  }

  private segmentAt(virtualOffset: number): Segment | undefined {
    let low = 0;
    let high = this.segments.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = this.segments[middle];
      if (virtualOffset < segment.virtualStart) high = middle - 1;
      else if (virtualOffset > segment.virtualStart + segment.length) low = middle + 1;
      else return segment;
    }
    return undefined;
  }
}
