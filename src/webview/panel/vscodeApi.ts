/**
 * The webview side of VS Code's webview API (acquireVsCodeApi), typed for Look Twice's messages.
 * acquireVsCodeApi may be called once per page; this module calls it once and shares the handle.
 */
import type { WebviewToExtension } from '../../protocol/webviewMessages';

export interface VsCodeApi {
  postMessage(message: WebviewToExtension): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

export function vscodeApi(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}
