/**
 * Reading and writing .ipynb files. A file that is not a valid nbformat 4 notebook is refused with
 * an error naming the file and the problem, and is never written over. A notebook read from a file
 * is written back losslessly: every cell, metadata entry and output the program did not change comes
 * back byte for byte (losslessJson.ts); what changed is written in nbformat's style. Writes are
 * atomic, through symlinks, keeping mode and owner (replaceFile.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import type { NbCell, Notebook } from './nbformat';
import { serializeLossless, type JsonSource } from './losslessJson';
import { replaceFile } from './replaceFile';

/** A notebook and the bytes it was read from (for a lossless write back). */
export interface NotebookFile {
  notebook: Notebook;
  source: JsonSource;
}

export class NotebookFormatError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: not a valid Jupyter notebook (nbformat 4): ${problem}`);
    this.name = 'NotebookFormatError';
  }
}

export function readNotebook(file: string): Notebook {
  return readNotebookFile(file).notebook;
}

export function readNotebookFile(file: string): NotebookFile {
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new Error('not a regular file');
    bytes = readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read the notebook: ${(error as Error).message}`);
  }
  const text = bytes.toString('utf8');
  const notebook = parseNotebook(text, file);
  return { notebook, source: { bytes, pristine: JSON.parse(text) as unknown } };
}

export function parseNotebook(text: string, file: string): Notebook {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new NotebookFormatError(file, `invalid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new NotebookFormatError(file, 'the top level is not an object');
  const nb = value as Record<string, unknown>;
  if (nb.nbformat !== 4) throw new NotebookFormatError(file, `nbformat is ${JSON.stringify(nb.nbformat)}, expected 4`);
  if (!Array.isArray(nb.cells)) throw new NotebookFormatError(file, '"cells" is not an array');
  if (nb.metadata !== undefined && (typeof nb.metadata !== 'object' || nb.metadata === null))
    throw new NotebookFormatError(file, '"metadata" is not an object');
  nb.cells.forEach((cell: unknown, index: number) => checkCell(cell, index, file));
  return {
    nbformat: 4,
    nbformat_minor: typeof nb.nbformat_minor === 'number' ? nb.nbformat_minor : 5,
    metadata: (nb.metadata as Notebook['metadata']) ?? {},
    cells: nb.cells as NbCell[],
  };
}

function checkCell(cell: unknown, index: number, file: string): void {
  const where = `cell ${index + 1}`;
  if (typeof cell !== 'object' || cell === null) throw new NotebookFormatError(file, `${where} is not an object`);
  const c = cell as Record<string, unknown>;
  if (c.cell_type !== 'code' && c.cell_type !== 'markdown' && c.cell_type !== 'raw')
    throw new NotebookFormatError(file, `${where} has cell_type ${JSON.stringify(c.cell_type)}`);
  const sourceOk =
    typeof c.source === 'string' || (Array.isArray(c.source) && c.source.every((line) => typeof line === 'string'));
  if (!sourceOk) throw new NotebookFormatError(file, `${where}: "source" must be a string or a list of strings`);
  if (c.metadata === undefined) c.metadata = {};
  if (c.cell_type === 'code') {
    if (c.outputs === undefined) c.outputs = [];
    if (!Array.isArray(c.outputs)) throw new NotebookFormatError(file, `${where}: "outputs" is not an array`);
    if (c.execution_count === undefined) c.execution_count = null;
  }
}

/** nbformat's canonical text: one-space indent, sorted-free, trailing newline. */
export function serializeNotebook(notebook: Notebook): string {
  return `${JSON.stringify(notebook, null, 1)}\n`;
}

/** The notebook's bytes: lossless against `source` (the file it was read from) when given. */
export function notebookBytes(notebook: Notebook, source?: JsonSource): Buffer {
  return source ? serializeLossless(notebook, source) : Buffer.from(serializeNotebook(notebook));
}

/** Writes the notebook (see replaceFile for symlinks, permissions, atomicity); throws a FileWriteError naming the file. */
export function writeNotebook(file: string, notebook: Notebook, source?: JsonSource): void {
  replaceFile(file, notebookBytes(notebook, source));
}
