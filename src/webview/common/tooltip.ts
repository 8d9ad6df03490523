/**
 * The hover card of the scatter plots: a point's thumbnail (pixelated, 84 CSS px) and its label,
 * placed next to the cursor and flipped to stay inside the plot. Text is set with textContent only.
 */
import type { ThumbnailSource } from './thumbnails';

export const THUMB_PX = 84;

/** Top-left of a card of THUMB_PX next to (sx, sy), kept inside a width x height plot. */
export function tooltipPosition(sx: number, sy: number, width: number, height: number): [left: number, top: number] {
  const left = sx + 14 + THUMB_PX + 16 > width ? sx - THUMB_PX - 30 : sx + 14;
  const top = Math.min(Math.max(0, sy + 14), Math.max(0, height - THUMB_PX - 30));
  return [Math.max(0, left), top];
}

export class ThumbnailTooltip {
  private readonly root = document.createElement('div');
  private readonly canvas = document.createElement('canvas');
  private readonly text = document.createElement('div');

  constructor(host: HTMLElement) {
    this.root.className = 'lt-tooltip';
    this.root.hidden = true;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = this.canvas.height = Math.round(THUMB_PX * dpr);
    this.root.append(this.canvas, this.text);
    host.append(this.root);
  }

  show(index: number, label: string, thumbnails: ThumbnailSource | undefined, position: [number, number]): void {
    this.text.textContent = label;
    this.canvas.hidden = !thumbnails;
    const ctx = this.canvas.getContext('2d');
    if (ctx && thumbnails) {
      ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      thumbnails.draw(ctx, index, 0, 0, this.canvas.width);
    }
    this.root.style.transform = `translate(${position[0]}px, ${position[1]}px)`;
    this.root.hidden = false;
  }

  hide(): void {
    this.root.hidden = true;
  }
}
