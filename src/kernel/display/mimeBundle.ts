/**
 * Building DisplayOutputs: text and JSON items as UTF-8 bytes, images as PNG bytes, every output
 * bounded (a notebook must stay small enough to open, and the IPC channel responsive).
 */
import type { DisplayOutput, OutputItem } from '../../protocol/outputs';

/** Largest text/plain item, in characters. */
export const MAX_TEXT = 100_000;
/** Largest JSON item, in bytes. */
export const MAX_JSON = 2_000_000;

const encoder = new TextEncoder();

export function textItem(mime: string, text: string): OutputItem {
  return { mime, data: encoder.encode(text) };
}

/** text/plain, cut at MAX_TEXT characters with a note saying so. */
export function plainItem(text: string): OutputItem {
  const cut =
    text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n… (output truncated: ${text.length} characters)` : text;
  return textItem('text/plain', cut);
}

/** A JSON item, or undefined when the value does not serialise or is too large. */
export function jsonItem(mime: string, value: unknown): OutputItem | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return undefined;
  }
  if (json === undefined || json.length > MAX_JSON) return undefined;
  return textItem(mime, json);
}

export function pngItem(png: Uint8Array): OutputItem {
  return { mime: 'image/png', data: new Uint8Array(png.buffer, png.byteOffset, png.byteLength) };
}

export function output(items: Array<OutputItem | undefined>, displayId?: string): DisplayOutput {
  const present = items.filter((item): item is OutputItem => item !== undefined);
  return displayId === undefined ? { items: present } : { items: present, displayId };
}

/** Whether a value is already a DisplayOutput (a cell may build one itself). */
export function isDisplayOutput(value: unknown): value is DisplayOutput {
  if (typeof value !== 'object' || value === null) return false;
  const items = (value as { items?: unknown }).items;
  return (
    Array.isArray(items) &&
    items.length > 0 &&
    items.every(
      (item) =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as OutputItem).mime === 'string' &&
        (item as OutputItem).data instanceof Uint8Array,
    )
  );
}
