/**
 * Kernel outputs as Jupyter message content: the same MIME bundle `look-twice run` writes to the
 * .ipynb (nbformat.ts's toNbOutput: our custom JSON types as objects, PNG as base64, SVG and text),
 * except that text travels as one string, as the messaging spec has it, not as nbformat's list of lines.
 */
import { isJsonMime, toNbError, toNbOutput, type MimeBundle } from '../host/nbformat';
import type { CellError, DisplayOutput } from '../protocol/outputs';

export function mimeBundle(output: DisplayOutput): MimeBundle {
  const nb = toNbOutput(output);
  if (nb.output_type !== 'display_data')
    throw new Error('unreachable: toNbOutput without an execution count gives display_data');
  const data: MimeBundle = {};
  for (const [mime, value] of Object.entries(nb.data))
    data[mime] = !isJsonMime(mime) && Array.isArray(value) ? value.join('') : value;
  return data;
}

export type ErrorContent = {
  ename: string;
  evalue: string;
  traceback: string[];
};

export function errorContent(error: CellError): ErrorContent {
  const nb = toNbError(error);
  if (nb.output_type !== 'error') throw new Error('unreachable: toNbError gives an error output');
  return { ename: nb.ename, evalue: nb.evalue, traceback: nb.traceback };
}

/** Jupyter counts cursor positions in Unicode code points (protocol 5.2); JavaScript strings in UTF-16 units. */
export function codePointsToUtf16(text: string, codePoints: number): number {
  let units = 0;
  let points = 0;
  for (const char of text) {
    if (points >= codePoints) break;
    units += char.length;
    points++;
  }
  return units;
}

export function utf16ToCodePoints(text: string, units: number): number {
  return [...text.slice(0, units)].length;
}
