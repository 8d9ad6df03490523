/** The bytes a panel save writes: CSV text as UTF-8, PNG from its base64 (validated by validateWebviewMessage). */
import type { SaveFile } from '../../protocol/webviewMessages';

export function saveFileBytes(file: SaveFile): Uint8Array {
  return file.format === 'csv' ? new TextEncoder().encode(file.text) : Buffer.from(file.base64, 'base64');
}
