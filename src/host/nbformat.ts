/**
 * Jupyter notebook format 4 (https://nbformat.readthedocs.io/en/latest/format_description.html):
 * the types Look Twice reads and writes, and the mapping between the kernel's DisplayOutput and
 * nbformat outputs. JSON MIME types (application/json, *+json) are stored as objects, binary images
 * as base64, text as a list of lines; errors as ename/evalue/traceback.
 */
import type { CellError, DisplayOutput, OutputItem } from '../protocol/outputs';

export type MultilineString = string | string[];
export type MimeBundle = Record<string, unknown>;

export type NbOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
  | { output_type: 'display_data'; data: MimeBundle; metadata: Record<string, unknown> }
  | {
      output_type: 'execute_result';
      data: MimeBundle;
      metadata: Record<string, unknown>;
      execution_count: number | null;
    }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

export interface NbCodeCell {
  cell_type: 'code';
  id?: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  outputs: NbOutput[];
  execution_count: number | null;
}

export interface NbOtherCell {
  cell_type: 'markdown' | 'raw';
  id?: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  attachments?: Record<string, unknown>;
}

export type NbCell = NbCodeCell | NbOtherCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown> & {
    kernelspec?: { name: string; display_name: string; language?: string };
    language_info?: { name: string };
  };
  cells: NbCell[];
}

export const LOOK_TWICE_KERNELSPEC = {
  name: 'look-twice',
  display_name: 'Look Twice (TypeScript)',
  language: 'typescript',
} as const;
export const LOOK_TWICE_LANGUAGE_INFO = {
  name: 'typescript',
  file_extension: '.ts',
  mimetype: 'text/typescript',
} as const;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function joinSource(source: MultilineString): string {
  return Array.isArray(source) ? source.join('') : source;
}

/** nbformat's line list: every line keeps its '\n' except the last. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line, i, all) => (i < all.length - 1 ? `${line}\n` : line));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

function isTextMime(mime: string): boolean {
  return mime.startsWith('text/') || mime === 'image/svg+xml' || mime === 'application/javascript';
}

/** A DisplayOutput as an nbformat display_data (or execute_result when `executionCount` is given). */
export function toNbOutput(output: DisplayOutput, executionCount?: number): NbOutput {
  const data: MimeBundle = {};
  for (const item of output.items) data[item.mime] = itemValue(item);
  return executionCount === undefined
    ? { output_type: 'display_data', data, metadata: {} }
    : { output_type: 'execute_result', data, metadata: {}, execution_count: executionCount };
}

function itemValue(item: OutputItem): unknown {
  if (isJsonMime(item.mime)) {
    const text = decoder.decode(item.data);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  if (isTextMime(item.mime)) return splitLines(decoder.decode(item.data));
  return Buffer.from(item.data).toString('base64');
}

/** An nbformat display_data/execute_result bundle as DisplayOutput items (the reverse of toNbOutput). */
export function fromMimeBundle(data: MimeBundle): DisplayOutput {
  const items: OutputItem[] = Object.entries(data).map(([mime, value]) => {
    if (isJsonMime(mime))
      return { mime, data: encoder.encode(typeof value === 'string' ? value : JSON.stringify(value)) };
    const text = Array.isArray(value) ? value.join('') : String(value);
    if (isTextMime(mime)) return { mime, data: encoder.encode(text) };
    return { mime, data: new Uint8Array(Buffer.from(text.replace(/\s+/g, ''), 'base64')) };
  });
  return { items };
}

export function toNbError(error: CellError): NbOutput {
  const traceback = error.stack ? error.stack.split('\n') : [`${error.name}: ${error.message}`];
  return { output_type: 'error', ename: error.name, evalue: error.message, traceback };
}

export function streamOutput(name: 'stdout' | 'stderr', text: string): NbOutput {
  return { output_type: 'stream', name, text: splitLines(text) };
}

/** A new empty Look Twice notebook (the template of "New Look Twice Notebook"). */
export function emptyNotebook(sources: string[] = ['']): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { ...LOOK_TWICE_KERNELSPEC }, language_info: { ...LOOK_TWICE_LANGUAGE_INFO } },
    cells: sources.map((source, i) => ({
      cell_type: 'code',
      id: `cell-${i + 1}`,
      metadata: {},
      source: splitLines(source),
      outputs: [],
      execution_count: null,
    })),
  };
}
