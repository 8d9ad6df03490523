/**
 * The part of VS Code's notebook renderer API that Look Twice uses (the shape of the
 * `vscode-notebook-renderer` types, written out here so that no `any` leaks in).
 * Spec: https://code.visualstudio.com/api/extension-guides/notebook#notebook-renderer
 */

export interface RendererOutputItem {
  /** Unique per output item; the same id comes back in disposeOutputItem. */
  readonly id: string;
  readonly mime: string;
  readonly metadata: unknown;
  text(): string;
  json(): unknown;
  data(): Uint8Array;
}

export interface RendererContext {
  readonly workspace?: { readonly isTrusted: boolean };
  getState?(): unknown;
  setState?(state: unknown): void;
}

export interface RendererApi {
  renderOutputItem(outputItem: RendererOutputItem, element: HTMLElement, signal?: AbortSignal): void | Promise<void>;
  /** Called with an id when one output is removed, without one when all outputs are cleared. */
  disposeOutputItem?(id?: string): void;
}

/** One renderer per MIME type: renders into `element`, or updates what it rendered there before. */
export interface MimeRenderer {
  render(payload: unknown, element: HTMLElement): void;
  dispose(element: HTMLElement): void;
}
