/**
 * What the panel's tabs may do: change state through the reducer, and ask the kernel for work.
 * Also tiny DOM helpers shared by the tabs (text-only element creation, never innerHTML).
 */
import type { PanelRequest } from '../../protocol/panelMessages';
import type { SaveFile, SaveOutcome } from '../../protocol/webviewMessages';
import type { PanelAction } from './panelState';

export interface PanelControls {
  dispatch(action: PanelAction): void;
  request(request: PanelRequest): void;
  /** Asks the host to save a file (the user picks where); resolves with how it ended. */
  save(file: SaveFile): Promise<SaveOutcome>;
}

/** An element with a class and text content (text is never parsed as HTML). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A small canvas showing one thumbnail (drawn by the caller's ThumbnailSource). */
export function thumbCanvas(size: number, draw: (ctx: CanvasRenderingContext2D) => void): HTMLCanvasElement {
  const canvas = el('canvas', 'lt-thumb');
  const dpr = window.devicePixelRatio || 1;
  canvas.width = canvas.height = Math.round(size * dpr);
  canvas.style.width = canvas.style.height = `${size}px`;
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.scale(dpr, dpr);
    draw(ctx);
  }
  return canvas;
}
