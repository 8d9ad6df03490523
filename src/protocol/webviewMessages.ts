/**
 * Messages between the extension host and the Look Twice side panel webview.
 * One union per direction, keyed by `type`. VS Code's webview postMessage carries typed arrays as
 * binary, so embeddings and thumbnails stay typed arrays end to end (kernel -> host -> webview).
 * Everything from the webview is untrusted: the host validates it (src/extension/panel/validateWebviewMessage.ts).
 */
import type { KernelState } from './kernelMessages';
import type { PanelEvent, PanelRequest, PanelResponse } from './panelMessages';

/** Which kernel the panel follows: the active notebook's, when it has a Look Twice kernel. */
export interface PanelKernelInfo {
  /** Notebook file name shown in the panel header; undefined when no Look Twice notebook is active. */
  notebook?: string;
  /** 'none': no kernel is followed; otherwise the kernel client's state. */
  state: 'none' | KernelState;
}

/** File formats the panel may ask the host to save. */
export const SAVE_FORMATS = ['csv', 'png'] as const;
export type SaveFormat = (typeof SAVE_FORMATS)[number];
/** Longest content of one save (characters of CSV text or of base64 PNG): a 70,000-row CSV is ~3 MB. */
export const MAX_SAVE_CHARS = 32 * 1024 * 1024;

/**
 * A file the panel asks the host to write: webviews cannot download, so the host asks the user for
 * a path (save dialog, `name` suggested) and writes it. PNG content is base64 (no data: prefix).
 */
export type SaveFile = { format: 'csv'; name: string; text: string } | { format: 'png'; name: string; base64: string };

/** How a save ended. */
export type SaveOutcome =
  { status: 'saved'; path: string } | { status: 'cancelled' } | { status: 'failed'; message: string };

export type ExtensionToWebview =
  | { type: 'kernel'; kernel: PanelKernelInfo }
  /** The retained events of the followed kernel (training runs, latest embeddings and augmentations), sent when the view is (re)created or the kernel changes. */
  | { type: 'replay'; events: PanelEvent[] }
  | { type: 'event'; event: PanelEvent }
  | { type: 'response'; id: string; response: PanelResponse }
  | { type: 'progress'; id: string; fraction: number; stage: string }
  /** The answer to the webview's 'save' with the same id. */
  | { type: 'saved'; id: string; outcome: SaveOutcome };

export type WebviewToExtension =
  /** The webview's script is running and listening: the host replies with 'kernel' and 'replay'. */
  | { type: 'ready' }
  /** Work for the kernel; answered by a 'response' with the same id (ids are chosen by the webview). */
  | { type: 'request'; id: string; request: PanelRequest }
  /** Save a file the panel made (CSV of points, PNG of the view); answered by 'saved' with the same id. */
  | { type: 'save'; id: string; file: SaveFile };
