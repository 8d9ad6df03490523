/**
 * Thumbnails of embedded points, from two sources behind one interface:
 *  - a PNG sprite atlas (notebook outputs: `EmbeddingPayload.thumbnails`), tile i at (i % columns, i / columns);
 *  - raw uint8 pixels [n, h, w, c] (panel events: binary, no PNG encoding in the kernel).
 */

export interface ThumbnailSource {
  readonly count: number;
  /** Draws thumbnail `index` into ctx at (x, y), size x size CSS pixels, unsmoothed. */
  draw(ctx: CanvasRenderingContext2D, index: number, x: number, y: number, size: number): void;
}

/** RGBA bytes of image `index` of row-major uint8 [n, h, w, c] pixels (c = 1 grey, 3 RGB, 4 RGBA). */
export function thumbnailRgba(
  pixels: Uint8Array,
  shape: readonly [number, number, number],
  index: number,
): Uint8ClampedArray<ArrayBuffer> {
  const [h, w, c] = shape;
  if (c !== 1 && c !== 3 && c !== 4) throw new Error(`thumbnailRgba: channels must be 1, 3 or 4, got ${c}`);
  const size = h * w * c;
  const count = Math.floor(pixels.length / size);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`thumbnailRgba: index ${index} outside 0..${count - 1}`);
  }
  const out = new Uint8ClampedArray(h * w * 4);
  const base = index * size;
  for (let p = 0; p < h * w; p++) {
    const src = base + p * c;
    if (c === 1) {
      out[p * 4] = out[p * 4 + 1] = out[p * 4 + 2] = pixels[src];
    } else {
      out[p * 4] = pixels[src];
      out[p * 4 + 1] = pixels[src + 1];
      out[p * 4 + 2] = pixels[src + 2];
    }
    out[p * 4 + 3] = c === 4 ? pixels[src + 3] : 255;
  }
  return out;
}

/** Thumbnails from raw pixels; tiles are converted on first use and cached. */
export class PixelThumbnails implements ThumbnailSource {
  readonly count: number;
  private readonly scratch: HTMLCanvasElement;
  private readonly cache = new Map<number, ImageData>();

  constructor(
    private readonly pixels: Uint8Array,
    private readonly shape: readonly [number, number, number],
  ) {
    this.count = Math.floor(pixels.length / (shape[0] * shape[1] * shape[2]));
    this.scratch = document.createElement('canvas');
    this.scratch.width = shape[1];
    this.scratch.height = shape[0];
  }

  draw(ctx: CanvasRenderingContext2D, index: number, x: number, y: number, size: number): void {
    let image = this.cache.get(index);
    if (image === undefined) {
      image = new ImageData(thumbnailRgba(this.pixels, this.shape, index), this.shape[1], this.shape[0]);
      if (this.cache.size > 512) this.cache.clear();
      this.cache.set(index, image);
    }
    this.scratch.getContext('2d')?.putImageData(image, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.scratch, x, y, size, size);
  }
}

/** Thumbnails from a decoded PNG atlas image. */
export class AtlasThumbnails implements ThumbnailSource {
  constructor(
    private readonly image: HTMLImageElement,
    private readonly tileSize: number,
    private readonly columns: number,
    readonly count: number,
  ) {}

  draw(ctx: CanvasRenderingContext2D, index: number, x: number, y: number, size: number): void {
    if (!this.image.complete || this.image.naturalWidth === 0) return;
    const sx = (index % this.columns) * this.tileSize;
    const sy = Math.floor(index / this.columns) * this.tileSize;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.image, sx, sy, this.tileSize, this.tileSize, x, y, size, size);
  }
}
