/**
 * Functions evaluated inside the harness pages (they must be self-contained: Playwright serializes
 * their source), reading what was really drawn: canvas pixels, not just the DOM.
 */

export interface PixelStats {
  width: number;
  height: number;
  /** Pixels with alpha > 0. */
  painted: number;
  /** Distinct colours among the painted pixels, quantized to 4 bits per channel. */
  colours: number;
}

/** Pixel statistics of the canvas matching `selector` (the first one), or undefined if none. */
export function canvasPixels(selector: string): PixelStats | undefined {
  const canvas = document.querySelector(selector);
  if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0) return undefined;
  // A WebGL canvas has no 2-D context: read it through a 2-D copy (its drawing buffer is preserved).
  let ctx = canvas.getContext('2d');
  if (!ctx) {
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    ctx = copy.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(canvas, 0, 0);
  }
  const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
  let painted = 0;
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    painted++;
    colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
  }
  return { width: canvas.width, height: canvas.height, painted, colours: colours.size };
}

/** Painted pixel counts of every canvas matching `selector`. */
export function paintedPerCanvas(selector: string): number[] {
  return [...document.querySelectorAll(selector)].map((canvas) => {
    if (!(canvas instanceof HTMLCanvasElement) || canvas.width === 0) return 0;
    const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(
      0,
      0,
      canvas.width,
      canvas.height,
    );
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted;
  });
}
