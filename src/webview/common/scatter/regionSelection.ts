/**
 * Box and lasso selection: which points fall inside a polygon drawn on the plot.
 *
 * The polygon arrives in data coordinates (the view converts the pointer's path with toData), so
 * the test is independent of zoom. Even-odd rule (a self-crossing lasso selects what it encloses an
 * odd number of times, as in every drawing program), after a bounding-box reject; 70,000 points
 * against a 200-vertex lasso take a few milliseconds. Pure: unit-tested in Node.
 */

/** A polygon as flat [x0, y0, x1, y1, ...] vertices; closed implicitly (last -> first). */
export type Polygon = ArrayLike<number>;

/** The rectangle between two corners as a polygon. */
export function boxPolygon(x0: number, y0: number, x1: number, y1: number): number[] {
  return [x0, y0, x1, y0, x1, y1, x0, y1];
}

/** Whether (x, y) is inside `polygon` (even-odd rule). */
export function insidePolygon(polygon: Polygon, x: number, y: number): boolean {
  const n = Math.floor(polygon.length / 2);
  let inside = false;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = polygon[i * 2],
      yi = polygon[i * 2 + 1],
      xj = polygon[j * 2],
      yj = polygon[j * 2 + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Indices (ascending) of the row-major [n, dims] points inside `polygon`, among those `include`
 * accepts (hidden classes are not selected). Fewer than 3 vertices enclose nothing.
 */
export function pointsInPolygon(
  points: ArrayLike<number>,
  dims: number,
  polygon: Polygon,
  include?: (index: number) => boolean,
): Int32Array {
  if (polygon.length < 6) return new Int32Array(0);
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let k = 0; k + 1 < polygon.length; k += 2) {
    minX = Math.min(minX, polygon[k]);
    maxX = Math.max(maxX, polygon[k]);
    minY = Math.min(minY, polygon[k + 1]);
    maxY = Math.max(maxY, polygon[k + 1]);
  }
  const n = Math.floor(points.length / dims);
  const found: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = points[i * dims],
      y = points[i * dims + 1];
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) continue;
    if (insidePolygon(polygon, x, y) && (include === undefined || include(i))) found.push(i);
  }
  return Int32Array.from(found);
}
