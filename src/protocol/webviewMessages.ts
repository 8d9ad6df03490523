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

export type ExtensionToWebview =
  | { type: 'kernel'; kernel: PanelKernelInfo }
  /** The retained events of the followed kernel (training runs, latest embeddings and augmentations), sent when the view is (re)created or the kernel changes. */
  | { type: 'replay'; events: PanelEvent[] }
  | { type: 'event'; event: PanelEvent }
  | { type: 'response'; id: string; response: PanelResponse }
  | { type: 'progress'; id: string; fraction: number; stage: string };

export type WebviewToExtension =
  /** The webview's script is running and listening: the host replies with 'kernel' and 'replay'. */
  | { type: 'ready' }
  /** Work for the kernel; answered by a 'response' with the same id (ids are chosen by the webview). */
  | { type: 'request'; id: string; request: PanelRequest };
