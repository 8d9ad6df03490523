/**
 * The 2-D view transform of the scatter plots: data coordinates -> CSS pixels, with pan and zoom.
 *
 * screenX = dataX * scale + tx; screenY = -dataY * scale + ty (y grows upwards in data space).
 * Pure functions on plain objects, so views serialize into webview state and are unit-tested.
 */

export interface Viewport {
  /** CSS pixels per data unit (same in x and y: projections keep their aspect ratio). */
  scale: number;
  tx: number;
  ty: number;
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export const MIN_SCALE = 1e-9;
export const MAX_SCALE = 1e9;

/** Bounds of row-major [n, dims] points (first two columns); a unit box around 0 when empty. */
export function pointBounds(points: ArrayLike<number>, dims: number): Bounds {
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let i = 0; i + 1 < points.length; i += dims) {
    const x = points[i],
      y = points[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { minX: -1, maxX: 1, minY: -1, maxY: 1 };
  return { minX, maxX, minY, maxY };
}

/** The viewport that shows `bounds` centred in a width x height box with `padding` pixels around. */
export function fitViewport(bounds: Bounds, width: number, height: number, padding = 16): Viewport {
  const spanX = Math.max(bounds.maxX - bounds.minX, 1e-12);
  const spanY = Math.max(bounds.maxY - bounds.minY, 1e-12);
  const usableW = Math.max(width - 2 * padding, 1);
  const usableH = Math.max(height - 2 * padding, 1);
  const scale = clampScale(Math.min(usableW / spanX, usableH / spanY));
  const cx = (bounds.minX + bounds.maxX) / 2;
  const cy = (bounds.minY + bounds.maxY) / 2;
  return { scale, tx: width / 2 - cx * scale, ty: height / 2 + cy * scale };
}

export function toScreen(v: Viewport, x: number, y: number): [sx: number, sy: number] {
  return [x * v.scale + v.tx, -y * v.scale + v.ty];
}

export function toData(v: Viewport, sx: number, sy: number): [x: number, y: number] {
  return [(sx - v.tx) / v.scale, -(sy - v.ty) / v.scale];
}

/** Zoom by `factor` keeping the data point under screen position (sx, sy) fixed. */
export function zoomAt(v: Viewport, factor: number, sx: number, sy: number): Viewport {
  const scale = clampScale(v.scale * factor);
  const k = scale / v.scale;
  return { scale, tx: sx - (sx - v.tx) * k, ty: sy - (sy - v.ty) * k };
}

export function pan(v: Viewport, dx: number, dy: number): Viewport {
  return { scale: v.scale, tx: v.tx + dx, ty: v.ty + dy };
}

/** Zoom factor for one wheel event (deltaY in pixels): smooth, symmetric in and out. */
export function wheelZoomFactor(deltaY: number): number {
  return Math.exp(-Math.max(-500, Math.min(500, deltaY)) * 0.002);
}

export function isViewport(value: unknown): value is Viewport {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return [v.scale, v.tx, v.ty].every((n) => typeof n === 'number' && Number.isFinite(n)) && (v.scale as number) > 0;
}

function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}
