/**
 * How a scatter plot's points reach the screen: one interface, two renderers drawing the same scene.
 *
 * WebGL (webglScatterRenderer.ts) costs JavaScript nothing per point and draws 70,000 points in a few
 * milliseconds on a GPU; canvas 2-D (canvasScatterRenderer.ts) rasterises the points in JavaScript
 * into one pixel buffer, which beats WebGL on a software rasteriser (SwiftShader, llvmpipe) and is
 * the fallback when WebGL is unavailable or its context is lost (browsers keep only ~16 live WebGL
 * contexts per page, and a notebook can hold many plots).
 * Both draw squares of pointSize() device pixels snapped to the pixel grid, classes in ascending label order (labelGroups.ts),
 * hidden classes skipped; when some points are emphasised (a region selection) the others fade.
 * Selection rings, the hover ring and the lasso are drawn by ScatterView on a 2-D overlay.
 */
import type { Viewport } from '../viewport';

export type ScatterRendererKind = 'webgl' | 'canvas2d';
/** 'auto' is WebGL 2 on a GPU, canvas 2-D without WebGL 2 or on a software rasteriser (createScatterRenderer.ts). */
export type ScatterRendererChoice = ScatterRendererKind | 'auto';

export interface ScatterPoints {
  /** Row-major [n, dims]; x and y are the first two columns. */
  points: ArrayLike<number>;
  dims: number;
  labels?: ArrayLike<number>;
}

export interface ScatterScene {
  /** Data -> CSS pixels (viewport.ts); the renderer multiplies by dpr. */
  viewport: Viewport;
  dpr: number;
  /** Labels whose points are not drawn. */
  hidden: ReadonlySet<number>;
  /** Neighbours are highlighted: every point is drawn fainter so their rings stand out. */
  dimmed: boolean;
  /** Point indices drawn on top at full strength while the rest fade (a box or lasso selection). */
  emphasis?: Int32Array;
}

export interface ScatterRenderer {
  readonly kind: ScatterRendererKind;
  readonly canvas: HTMLCanvasElement;
  setPoints(data: ScatterPoints): void;
  /** Draws the scene on a backing store of width x height device pixels (resizing it when needed). */
  draw(scene: ScatterScene, width: number, height: number): void;
  dispose(): void;
}

/** Side of a point's square in device pixels. */
export function pointSize(dpr: number): number {
  return Math.max(2, Math.round(3 * dpr));
}

/** Opacity of the points of a scene: emphasised, normal, dimmed behind highlights, faded behind a selection. */
export const POINT_ALPHA = { emphasised: 0.95, normal: 0.85, dimmed: 0.5, faded: 0.18 } as const;

/** Opacity of the points that are not emphasised. */
export function baseAlpha(scene: ScatterScene): number {
  if (scene.emphasis && scene.emphasis.length > 0) return POINT_ALPHA.faded;
  return scene.dimmed ? POINT_ALPHA.dimmed : POINT_ALPHA.normal;
}

/** '#rrggbb' -> [r, g, b] bytes. */
export function hexRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1, 7), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}
