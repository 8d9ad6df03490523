/**
 * Text edits on a cell's JavaScript that remember where every output character came from, so a
 * position in the rewritten code (an error's line:column) maps back to the code before the rewrite.
 * Edits never overlap; they are applied in order of position.
 */

interface Edit {
  start: number;
  end: number;
  text: string;
}

export interface LineColumn {
  /** 1-based. */
  line: number;
  /** 0-based. */
  column: number;
}

export class TextEdits {
  private readonly edits: Edit[] = [];

  constructor(private readonly source: string) {}

  insert(at: number, text: string): void {
    this.edits.push({ start: at, end: at, text });
  }

  replace(start: number, end: number, text: string): void {
    this.edits.push({ start, end, text });
  }

  /** Applies the edits: the new text, and for each output offset the input offset it came from. */
  apply(): EditedText {
    const edits = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    const parts: string[] = [];
    const origins: number[] = [];
    let cursor = 0;
    const copy = (from: number, to: number): void => {
      parts.push(this.source.slice(from, to));
      for (let i = from; i < to; i++) origins.push(i);
    };
    for (const edit of edits) {
      if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
      copy(cursor, edit.start);
      parts.push(edit.text);
      for (let i = 0; i < edit.text.length; i++) origins.push(edit.start);
      cursor = edit.end;
    }
    copy(cursor, this.source.length);
    origins.push(this.source.length);
    return new EditedText(parts.join(''), Int32Array.from(origins), this.source);
  }
}

/** The result of applying edits: text plus an output-to-input position map. */
export class EditedText {
  constructor(
    readonly text: string,
    private readonly origins: Int32Array,
    private readonly source: string,
  ) {}

  /** Maps a position of the edited text back to the source the edits were made on. */
  toSource(position: LineColumn): LineColumn {
    const offset = offsetOf(this.text, position);
    const origin = this.origins[Math.min(Math.max(offset, 0), this.origins.length - 1)];
    return lineColumnOf(this.source, origin);
  }
}

export function offsetOf(text: string, { line, column }: LineColumn): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column;
}

export function lineColumnOf(text: string, offset: number): LineColumn {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}
