/**
 * The canvas 2-D scatter renderer: points rasterised in JavaScript into one ImageData (pointRaster.ts),
 * then one putImageData per frame.
 *
 * The renderer 'auto' picks where WebGL runs on a software rasteriser (SwiftShader, llvmpipe), and the
 * fallback when WebGL is missing or its context is lost. Like WebGL it keeps the points in label-group
 * order as a Float32Array of x, y (built once per projection), so a frame is a clear, one tight loop
 * per visible class and one copy to the canvas: no per-point canvas call. Squares are snapped to the
 * pixel grid as WebGL's points are, so the two renderers paint the same pixels.
 */
import { labelColour } from '../palette';
import { groupByLabel } from './labelGroups';
import { drawSquares, type PixelBuffer } from './pointRaster';
import {
  baseAlpha,
  hexRgb,
  pointSize,
  POINT_ALPHA,
  type ScatterPoints,
  type ScatterRenderer,
  type ScatterScene,
} from './scatterRenderer';

/** A class's run of vertices: xy[2 * start] .. xy[2 * end). */
interface GroupRange {
  label: number;
  start: number;
  end: number;
}

export class CanvasScatterRenderer implements ScatterRenderer {
  readonly kind = 'canvas2d';
  readonly canvas: HTMLCanvasElement;
  /** Vertex coordinates in group order; NaN for a point with a non-finite coordinate (never drawn). */
  private xy = new Float32Array(0);
  private groups: GroupRange[] = [];
  /** Vertex slot of each point index (for emphasised points). */
  private slotOf = new Int32Array(0);
  private image: ImageData | undefined;
  private emphasisSource: Int32Array | undefined;
  /** Slots of the emphasised points, grouped by label in draw order. */
  private emphasisGroups: Array<{ label: number; slots: Int32Array }> = [];

  constructor(canvas: HTMLCanvasElement = document.createElement('canvas')) {
    this.canvas = canvas;
  }

  setPoints(data: ScatterPoints): void {
    const n = Math.floor(data.points.length / data.dims);
    this.xy = new Float32Array(n * 2);
    this.slotOf = new Int32Array(n);
    this.groups = [];
    let slot = 0;
    for (const group of groupByLabel(n, data.labels)) {
      const start = slot;
      for (const i of group.indices) {
        const x = data.points[i * data.dims],
          y = data.points[i * data.dims + 1];
        const finite = Number.isFinite(x) && Number.isFinite(y);
        this.xy[slot * 2] = finite ? x : NaN;
        this.xy[slot * 2 + 1] = finite ? y : NaN;
        this.slotOf[i] = slot++;
      }
      this.groups.push({ label: group.label, start, end: slot });
    }
    this.emphasisSource = undefined;
    this.emphasisGroups = [];
  }

  draw(scene: ScatterScene, width: number, height: number): void {
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    if (this.image?.width !== width || this.image.height !== height) this.image = ctx.createImageData(width, height);
    const buffer: PixelBuffer = { pixels: new Uint32Array(this.image.data.buffer), width, height };
    buffer.pixels.fill(0);
    const { dpr, hidden } = scene;
    const transform = { scale: scene.viewport.scale * dpr, tx: scene.viewport.tx * dpr, ty: scene.viewport.ty * dpr };
    const size = pointSize(dpr);
    const alpha = baseAlpha(scene);
    for (const group of this.groups) {
      if (hidden.has(group.label)) continue;
      drawSquares(buffer, this.xy, group.start, group.end, transform, {
        size,
        rgb: hexRgb(labelColour(group.label)),
        alpha,
      });
    }
    for (const group of this.emphasised(scene.emphasis)) {
      if (hidden.has(group.label)) continue;
      drawSquares(
        buffer,
        this.xy,
        0,
        group.slots.length,
        transform,
        { size, rgb: hexRgb(labelColour(group.label)), alpha: POINT_ALPHA.emphasised },
        group.slots,
      );
    }
    ctx.putImageData(this.image, 0, 0);
  }

  dispose(): void {
    this.xy = new Float32Array(0);
    this.groups = [];
    this.image = undefined;
  }

  /** The emphasised points' slots by label, ascending (recomputed only when the selection changes). */
  private emphasised(emphasis: Int32Array | undefined): Array<{ label: number; slots: Int32Array }> {
    if (emphasis === this.emphasisSource) return this.emphasisGroups;
    this.emphasisSource = emphasis;
    const n = this.slotOf.length;
    const slots = Int32Array.from(emphasis ?? []).filter((i) => i >= 0 && i < n);
    for (let k = 0; k < slots.length; k++) slots[k] = this.slotOf[slots[k]];
    slots.sort();
    this.emphasisGroups = this.groups
      .map((g) => ({ label: g.label, slots: slots.filter((s) => s >= g.start && s < g.end) }))
      .filter((g) => g.slots.length > 0);
    return this.emphasisGroups;
  }
}
