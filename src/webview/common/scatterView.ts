/**
 * A canvas 2-D scatter plot for thousands of points: colour by label, pan (drag), zoom (wheel),
 * fit (double-click), hover tooltip with the point's thumbnail, click to select.
 *
 * Drawing is one fillRect per visible point, batched by class colour, coalesced into one frame by
 * requestAnimationFrame; picking goes through a uniform-grid PickIndex. No DOM node per point.
 */
import { labelColour } from './palette';
import { PickIndex } from './pickIndex';
import { onThemeChange } from './theme';
import type { ThumbnailSource } from './thumbnails';
import { ThumbnailTooltip, tooltipPosition } from './tooltip';
import { fitViewport, pan, pointBounds, toData, wheelZoomFactor, zoomAt, type Viewport } from './viewport';

export interface ScatterData {
  /** Row-major [n, dims]; x and y are the first two columns. */
  points: ArrayLike<number>;
  dims: number;
  labels?: ArrayLike<number>;
  classNames?: readonly string[];
  thumbnails?: ThumbnailSource;
}

export interface ScatterCallbacks {
  onSelect?(index: number): void;
  onViewportChange?(viewport: Viewport): void;
}

const HOVER_RADIUS_PX = 8;

export class ScatterView {
  readonly canvas: HTMLCanvasElement;
  private readonly tooltip: ThumbnailTooltip;
  private data: ScatterData | undefined;
  private index: PickIndex | undefined;
  /** Point indices grouped by label, so each colour is set once per frame. */
  private groups: Array<{ label: number; indices: Int32Array }> = [];
  private hidden = new Set<number>();
  private highlighted = new Set<number>();
  private selected = -1;
  private hovered = -1;
  private viewport: Viewport = { scale: 1, tx: 0, ty: 0 };
  private frame = 0;
  private drag: { x: number; y: number; moved: boolean } | undefined;
  /** Set when fit() ran while the canvas had no size (hidden tab): fit again once it is laid out. */
  private needsFit = false;
  private readonly resizeObserver: ResizeObserver;
  private readonly stopThemeWatch: () => void;
  /** Milliseconds the last draw took (for the benchmark and the status line). */
  lastDrawMs = 0;

  constructor(private readonly host: HTMLElement, private readonly callbacks: ScatterCallbacks = {}) {
    host.classList.add('lt-scatter');
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'lt-scatter-canvas';
    host.append(this.canvas);
    this.tooltip = new ThumbnailTooltip(host);
    this.canvas.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    this.canvas.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    this.canvas.addEventListener('pointermove', (e) => this.onPointerMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.onPointerUp(e));
    this.canvas.addEventListener('pointerleave', () => this.setHover(-1, 0, 0));
    this.canvas.addEventListener('dblclick', () => this.fit());
    this.resizeObserver = new ResizeObserver(() => {
      if (this.needsFit && this.canvas.clientWidth > 0) this.fit();
      this.requestDraw();
    });
    this.resizeObserver.observe(this.canvas);
    this.stopThemeWatch = onThemeChange(() => this.requestDraw());
  }

  /** Replaces the points; keeps `viewport` when given, else fits all points. */
  setData(data: ScatterData, viewport?: Viewport): void {
    this.data = data;
    this.index = new PickIndex(data.points, data.dims);
    this.groups = groupByLabel(Math.floor(data.points.length / data.dims), data.labels);
    this.selected = -1;
    this.highlighted.clear();
    if (viewport) this.viewport = viewport;
    else this.fit();
    this.requestDraw();
  }

  setHiddenLabels(hidden: Iterable<number>): void {
    this.hidden = new Set(hidden);
    this.requestDraw();
  }

  setSelection(selected: number, highlighted: Iterable<number> = []): void {
    this.selected = selected;
    this.highlighted = new Set(highlighted);
    this.requestDraw();
  }

  getViewport(): Viewport {
    return { ...this.viewport };
  }

  setViewport(viewport: Viewport): void {
    this.viewport = { ...viewport };
    this.requestDraw();
  }

  fit(): void {
    if (!this.data) return;
    this.needsFit = this.canvas.clientWidth === 0;
    const { width, height } = this.cssSize();
    this.viewport = fitViewport(pointBounds(this.data.points, this.data.dims), width, height);
    this.callbacks.onViewportChange?.(this.getViewport());
    this.requestDraw();
  }

  /** Screen position (CSS pixels, canvas-relative) of point `index`, for tests and keyboard focus. */
  screenPosition(index: number): [number, number] | undefined {
    if (!this.data) return undefined;
    const { points, dims } = this.data;
    return [points[index * dims] * this.viewport.scale + this.viewport.tx, -points[index * dims + 1] * this.viewport.scale + this.viewport.ty];
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.stopThemeWatch();
    this.host.replaceChildren();
  }

  requestDraw(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws synchronously (the benchmark calls this to time one frame). */
  draw(): void {
    const start = performance.now();
    const { width, height } = this.cssSize();
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.max(1, Math.round(width * dpr)), ph = Math.max(1, Math.round(height * dpr));
    if (this.canvas.width !== pw || this.canvas.height !== ph) {
      this.canvas.width = pw;
      this.canvas.height = ph;
    }
    const ctx = this.canvas.getContext('2d');
    if (!ctx || !this.data) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, pw, ph);
    const { points, dims } = this.data;
    const s = this.viewport.scale * dpr, tx = this.viewport.tx * dpr, ty = this.viewport.ty * dpr;
    const dimmed = this.highlighted.size > 0;
    const size = Math.max(2, Math.round(3 * dpr));
    const half = size / 2;
    ctx.globalAlpha = dimmed ? 0.5 : 0.85;
    for (const group of this.groups) {
      if (this.hidden.has(group.label)) continue;
      ctx.fillStyle = labelColour(group.label);
      const idx = group.indices;
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k] * dims;
        const x = points[i] * s + tx, y = -points[i + 1] * s + ty;
        if (x < -size || y < -size || x > pw + size || y > ph + size) continue;
        ctx.fillRect(x - half, y - half, size, size);
      }
    }
    ctx.globalAlpha = 1;
    for (const i of this.highlighted) this.ring(ctx, i, s, tx, ty, 5 * dpr, dpr);
    if (this.selected >= 0) this.ring(ctx, this.selected, s, tx, ty, 8 * dpr, dpr);
    if (this.hovered >= 0) this.ring(ctx, this.hovered, s, tx, ty, 6 * dpr, dpr);
    this.lastDrawMs = performance.now() - start;
  }

  private ring(ctx: CanvasRenderingContext2D, index: number, s: number, tx: number, ty: number, r: number, dpr: number): void {
    if (!this.data) return;
    const { points, dims, labels } = this.data;
    const x = points[index * dims] * s + tx, y = -points[index * dims + 1] * s + ty;
    ctx.beginPath();
    ctx.arc(x, y, r, 0, Math.PI * 2);
    ctx.fillStyle = labelColour(labels ? labels[index] : -1);
    ctx.fill();
    ctx.lineWidth = 1.5 * dpr;
    ctx.strokeStyle = getComputedStyle(this.host).color || '#fff';
    ctx.stroke();
  }

  private cssSize(): { width: number; height: number } {
    return { width: this.canvas.clientWidth || 300, height: this.canvas.clientHeight || 200 };
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.canvas.getBoundingClientRect();
    this.viewport = zoomAt(this.viewport, wheelZoomFactor(e.deltaY), e.clientX - rect.left, e.clientY - rect.top);
    this.callbacks.onViewportChange?.(this.getViewport());
    this.requestDraw();
  }

  private onPointerDown(e: PointerEvent): void {
    this.drag = { x: e.clientX, y: e.clientY, moved: false };
    this.canvas.setPointerCapture(e.pointerId);
  }

  private onPointerMove(e: PointerEvent): void {
    const rect = this.canvas.getBoundingClientRect();
    if (this.drag) {
      const dx = e.clientX - this.drag.x, dy = e.clientY - this.drag.y;
      if (this.drag.moved || Math.abs(dx) + Math.abs(dy) > 3) {
        this.drag = { x: e.clientX, y: e.clientY, moved: true };
        this.viewport = pan(this.viewport, dx, dy);
        this.setHover(-1, 0, 0);
        this.requestDraw();
        return;
      }
    }
    const sx = e.clientX - rect.left, sy = e.clientY - rect.top;
    this.setHover(this.pick(sx, sy), sx, sy);
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = undefined;
    if (drag?.moved) {
      this.callbacks.onViewportChange?.(this.getViewport());
      return;
    }
    const rect = this.canvas.getBoundingClientRect();
    const index = this.pick(e.clientX - rect.left, e.clientY - rect.top);
    if (index >= 0) this.callbacks.onSelect?.(index);
  }

  private pick(sx: number, sy: number): number {
    if (!this.index || !this.data) return -1;
    const [x, y] = toData(this.viewport, sx, sy);
    const labels = this.data.labels;
    const visible = labels && this.hidden.size > 0 ? (i: number) => !this.hidden.has(labels[i]) : undefined;
    return this.index.nearest(x, y, HOVER_RADIUS_PX / this.viewport.scale, visible);
  }

  private setHover(index: number, sx: number, sy: number): void {
    const changed = index !== this.hovered;
    this.hovered = index;
    if (index < 0 || !this.data) {
      this.tooltip.hide();
      if (changed) this.requestDraw();
      return;
    }
    const { labels, classNames, thumbnails } = this.data;
    const label = labels ? labels[index] : -1;
    const name = label >= 0 ? (classNames?.[label] ?? `class ${label}`) : 'unlabelled';
    const { width, height } = this.cssSize();
    this.tooltip.show(index, `#${index} · ${name}`, thumbnails, tooltipPosition(sx, sy, width, height));
    if (changed) this.requestDraw();
  }
}

function groupByLabel(n: number, labels: ArrayLike<number> | undefined): Array<{ label: number; indices: Int32Array }> {
  if (!labels) return [{ label: -1, indices: Int32Array.from({ length: n }, (_, i) => i) }];
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const label = labels[i] ?? -1;
    let bucket = buckets.get(label);
    if (!bucket) buckets.set(label, (bucket = []));
    bucket.push(i);
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([label, indices]) => ({ label, indices: Int32Array.from(indices) }));
}
