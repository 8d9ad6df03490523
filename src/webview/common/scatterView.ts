/**
 * An interactive scatter plot for up to ~100,000 points: colour by label, pan (drag), zoom (wheel),
 * fit (double-click), hover tooltip with the point's thumbnail, click to select, box and lasso
 * selection (a tool, or shift-drag for a box).
 *
 * Points are drawn by a ScatterRenderer (scatter/: WebGL 2, or canvas 2-D where WebGL is missing or
 * its context is lost); rings (selection, neighbours, hover) and the lasso path on a 2-D overlay
 * canvas above it. Frames are coalesced by requestAnimationFrame; picking goes through a
 * uniform-grid PickIndex. No DOM node per point.
 */
import { labelColour } from './palette';
import { PickIndex } from './pickIndex';
import { createScatterRenderer, rendererDescription, webglRenderer } from './scatter/createScatterRenderer';
import { boxPolygon, pointsInPolygon } from './scatter/regionSelection';
import type {
  ScatterRenderer,
  ScatterRendererChoice,
  ScatterRendererKind,
  ScatterScene,
} from './scatter/scatterRenderer';
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
  /** A box or lasso selection ended: the indices inside it (ascending; empty when it caught nothing). */
  onRegionSelect?(indices: Int32Array): void;
}

export interface ScatterOptions {
  renderer?: ScatterRendererChoice;
}

/** What a drag does: pan the view, or draw a selection box or lasso. */
export type ScatterTool = 'pan' | 'box' | 'lasso';

const HOVER_RADIUS_PX = 8;
/** A drag shorter than this (CSS px, |dx| + |dy|) is a click. */
const DRAG_THRESHOLD_PX = 3;

/** Everything the points layer depends on (the overlay's rings and outline are not in it). */
interface PointsFrame {
  renderer: ScatterRenderer;
  data: ScatterData | undefined;
  scene: ScatterScene;
  width: number;
  height: number;
}

/** Whether `b` would draw the same points as `a`; the view replaces, never mutates, its sets and arrays. */
function samePointsFrame(a: PointsFrame, b: PointsFrame | undefined): boolean {
  if (!b) return false;
  const va = a.scene.viewport,
    vb = b.scene.viewport;
  return (
    a.renderer === b.renderer &&
    a.data === b.data &&
    a.width === b.width &&
    a.height === b.height &&
    va.scale === vb.scale &&
    va.tx === vb.tx &&
    va.ty === vb.ty &&
    a.scene.dpr === b.scene.dpr &&
    a.scene.hidden === b.scene.hidden &&
    a.scene.dimmed === b.scene.dimmed &&
    a.scene.emphasis === b.scene.emphasis
  );
}

interface Drag {
  x: number;
  y: number;
  moved: boolean;
  tool: ScatterTool;
  /** The selection outline so far, canvas-relative CSS px, flat [x0, y0, x1, y1, ...]. */
  path: number[];
}

export class ScatterView {
  private renderer: ScatterRenderer;
  /** 2-D canvas above the points: rings and the selection outline. */
  private readonly overlay: HTMLCanvasElement;
  /** Small corner label naming the renderer; its tooltip says why that one. */
  private readonly badge: HTMLElement;
  private readonly tooltip: ThumbnailTooltip;
  private data: ScatterData | undefined;
  private index: PickIndex | undefined;
  private hidden = new Set<number>();
  private highlighted = new Set<number>();
  private emphasis: Int32Array | undefined;
  private selected = -1;
  private hovered = -1;
  private tool: ScatterTool = 'pan';
  private viewport: Viewport = { scale: 1, tx: 0, ty: 0 };
  private frame = 0;
  private drag: Drag | undefined;
  /** Set when fit() ran while the canvas had no size (hidden tab): fit again once it is laid out. */
  private needsFit = false;
  private readonly resizeObserver: ResizeObserver;
  private readonly stopThemeWatch: () => void;
  /** What the points were last drawn for: a hover or a new ring redraws only the overlay. */
  private pointsDrawnFor: PointsFrame | undefined;
  /** Milliseconds the last draw took (for the benchmark and the status line). */
  lastDrawMs = 0;

  constructor(
    private readonly host: HTMLElement,
    private readonly callbacks: ScatterCallbacks = {},
    options: ScatterOptions = {},
  ) {
    host.classList.add('lt-scatter');
    this.overlay = document.createElement('canvas');
    this.overlay.className = 'lt-scatter-overlay';
    this.badge = document.createElement('span');
    this.badge.className = 'lt-scatter-renderer';
    this.renderer = this.attachRenderer(createScatterRenderer(options.renderer ?? 'auto'));
    host.append(this.overlay, this.badge);
    this.tooltip = new ThumbnailTooltip(host);
    host.addEventListener('wheel', (e) => this.onWheel(e), { passive: false });
    host.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    host.addEventListener('pointermove', (e) => this.onPointerMove(e));
    host.addEventListener('pointerup', (e) => this.onPointerUp(e));
    host.addEventListener('pointerleave', () => this.setHover(-1, 0, 0));
    host.addEventListener('dblclick', () => this.fit());
    this.resizeObserver = new ResizeObserver(() => {
      if (this.needsFit && this.canvas.clientWidth > 0) this.fit();
      this.requestDraw();
    });
    this.resizeObserver.observe(host);
    this.stopThemeWatch = onThemeChange(() => this.requestDraw());
  }

  /** The canvas the points are drawn on (changes when the renderer does). */
  get canvas(): HTMLCanvasElement {
    return this.renderer.canvas;
  }

  get rendererKind(): ScatterRendererKind {
    return this.renderer.kind;
  }

  /** Switches renderer (the benchmark times both in one page); 'webgl' throws where there is none. */
  useRenderer(choice: ScatterRendererChoice): ScatterRendererKind {
    const next = createScatterRenderer(choice);
    this.renderer.canvas.remove();
    this.renderer.dispose();
    this.renderer = this.attachRenderer(next);
    this.draw();
    return next.kind;
  }

  /** Replaces the points; keeps `viewport` when given, else fits all points. */
  setData(data: ScatterData, viewport?: Viewport): void {
    this.data = data;
    this.index = new PickIndex(data.points, data.dims);
    this.renderer.setPoints(data);
    this.selected = -1;
    this.highlighted.clear();
    this.emphasis = undefined;
    this.pointsDrawnFor = undefined;
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

  /** Points drawn at full strength while the rest fade (a region selection); undefined clears it. */
  setEmphasis(indices: Int32Array | undefined): void {
    this.emphasis = indices && indices.length > 0 ? indices : undefined;
    this.requestDraw();
  }

  setTool(tool: ScatterTool): void {
    this.tool = tool;
    this.host.dataset.tool = tool;
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
    return [
      points[index * dims] * this.viewport.scale + this.viewport.tx,
      -points[index * dims + 1] * this.viewport.scale + this.viewport.ty,
    ];
  }

  /** The view as drawn (points under the overlay), as a PNG data URL, at device resolution. */
  toPngDataUrl(background: string): string {
    this.draw();
    const out = document.createElement('canvas');
    out.width = this.canvas.width;
    out.height = this.canvas.height;
    const ctx = out.getContext('2d') as CanvasRenderingContext2D;
    ctx.fillStyle = background;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(this.canvas, 0, 0);
    ctx.drawImage(this.overlay, 0, 0);
    return out.toDataURL('image/png');
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.stopThemeWatch();
    this.renderer.dispose();
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
    const pw = Math.max(1, Math.round(width * dpr)),
      ph = Math.max(1, Math.round(height * dpr));
    const frame: PointsFrame = {
      renderer: this.renderer,
      data: this.data,
      scene: {
        viewport: this.viewport,
        dpr,
        hidden: this.hidden,
        dimmed: this.highlighted.size > 0,
        emphasis: this.emphasis,
      },
      width: pw,
      height: ph,
    };
    if (!samePointsFrame(frame, this.pointsDrawnFor)) {
      this.renderer.draw(frame.scene, pw, ph);
      this.pointsDrawnFor = frame;
    }
    this.drawOverlay(pw, ph, dpr);
    this.lastDrawMs = performance.now() - start;
  }

  private attachRenderer(renderer: ScatterRenderer): ScatterRenderer {
    renderer.canvas.classList.add('lt-scatter-canvas');
    renderer.canvas.dataset.renderer = renderer.kind;
    this.host.prepend(renderer.canvas);
    const { text, title } = rendererDescription(renderer.kind, webglRenderer());
    this.badge.textContent = text;
    this.badge.title = title;
    if (this.data) renderer.setPoints(this.data);
    // A lost WebGL context (too many live contexts, a GPU reset) continues on canvas 2-D.
    renderer.canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault();
      if (this.renderer === renderer) this.useRenderer('canvas2d');
    });
    return renderer;
  }

  private drawOverlay(pw: number, ph: number, dpr: number): void {
    if (this.overlay.width !== pw || this.overlay.height !== ph) {
      this.overlay.width = pw;
      this.overlay.height = ph;
    }
    const ctx = this.overlay.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, pw, ph);
    if (!this.data) return;
    const s = this.viewport.scale * dpr,
      tx = this.viewport.tx * dpr,
      ty = this.viewport.ty * dpr;
    for (const i of this.highlighted) this.ring(ctx, i, s, tx, ty, 5 * dpr, dpr);
    if (this.selected >= 0) this.ring(ctx, this.selected, s, tx, ty, 8 * dpr, dpr);
    if (this.hovered >= 0) this.ring(ctx, this.hovered, s, tx, ty, 6 * dpr, dpr);
    const path = this.drag?.moved && this.drag.tool !== 'pan' ? this.drag.path : undefined;
    if (path && path.length >= 4) {
      ctx.beginPath();
      for (let k = 0; k < path.length; k += 2) ctx.lineTo(path[k] * dpr, path[k + 1] * dpr);
      ctx.closePath();
      ctx.fillStyle = 'rgba(128, 128, 128, 0.12)';
      ctx.fill();
      ctx.setLineDash([4 * dpr, 3 * dpr]);
      ctx.lineWidth = 1.5 * dpr;
      ctx.strokeStyle = getComputedStyle(this.host).color || '#fff';
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  private ring(
    ctx: CanvasRenderingContext2D,
    index: number,
    s: number,
    tx: number,
    ty: number,
    r: number,
    dpr: number,
  ): void {
    if (!this.data) return;
    const { points, dims, labels } = this.data;
    const x = points[index * dims] * s + tx,
      y = -points[index * dims + 1] * s + ty;
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

  private local(e: MouseEvent): [number, number] {
    const rect = this.canvas.getBoundingClientRect();
    return [e.clientX - rect.left, e.clientY - rect.top];
  }

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    const [sx, sy] = this.local(e);
    this.viewport = zoomAt(this.viewport, wheelZoomFactor(e.deltaY), sx, sy);
    this.callbacks.onViewportChange?.(this.getViewport());
    this.requestDraw();
  }

  private onPointerDown(e: PointerEvent): void {
    const tool = e.shiftKey ? 'box' : this.tool;
    this.drag = { x: e.clientX, y: e.clientY, moved: false, tool, path: [...this.local(e)] };
    this.canvas.setPointerCapture(e.pointerId);
  }

  private onPointerMove(e: PointerEvent): void {
    const drag = this.drag;
    if (drag) {
      const dx = e.clientX - drag.x,
        dy = e.clientY - drag.y;
      if (drag.moved || Math.abs(dx) + Math.abs(dy) > DRAG_THRESHOLD_PX) {
        drag.moved = true;
        this.setHover(-1, 0, 0);
        if (drag.tool === 'pan') {
          drag.x = e.clientX;
          drag.y = e.clientY;
          this.viewport = pan(this.viewport, dx, dy);
        } else if (drag.tool === 'box') {
          const [x0, y0] = drag.path;
          drag.path = boxPolygon(x0, y0, ...this.local(e));
        } else drag.path.push(...this.local(e));
        this.requestDraw();
        return;
      }
    }
    const [sx, sy] = this.local(e);
    this.setHover(this.pick(sx, sy), sx, sy);
  }

  private onPointerUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = undefined;
    if (drag?.moved && drag.tool === 'pan') {
      this.callbacks.onViewportChange?.(this.getViewport());
      return;
    }
    if (drag?.moved) {
      this.selectRegion(drag.path);
      return;
    }
    const index = this.pick(...this.local(e));
    if (index >= 0) this.callbacks.onSelect?.(index);
  }

  /** Selects the points inside `path` (canvas CSS px) and reports them. */
  private selectRegion(path: number[]): void {
    if (!this.data) return;
    const polygon: number[] = [];
    for (let k = 0; k + 1 < path.length; k += 2) polygon.push(...toData(this.viewport, path[k], path[k + 1]));
    const indices = pointsInPolygon(this.data.points, this.data.dims, polygon, this.visibleFilter());
    this.setEmphasis(indices);
    this.callbacks.onRegionSelect?.(indices);
  }

  private visibleFilter(): ((i: number) => boolean) | undefined {
    const labels = this.data?.labels;
    return labels && this.hidden.size > 0 ? (i: number) => !this.hidden.has(labels[i]) : undefined;
  }

  private pick(sx: number, sy: number): number {
    if (!this.index || !this.data) return -1;
    const [x, y] = toData(this.viewport, sx, sy);
    return this.index.nearest(x, y, HOVER_RADIUS_PX / this.viewport.scale, this.visibleFilter());
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
