/**
 * Picking for scatter plots: which point is nearest to the cursor, among thousands, in O(1)-ish.
 *
 * A uniform grid over the data bounds (about 4 points per cell on average) built once per projection;
 * a query scans only the cells within the search radius. Radius is in data units (pixels / scale).
 */
import { pointBounds, type Bounds } from './viewport';

export class PickIndex {
  private readonly bounds: Bounds;
  private readonly cellsX: number;
  private readonly cellsY: number;
  private readonly cellSize: number;
  /** cellStart[c]..cellStart[c+1] indexes `order`, the point indices of cell c (counting sort). */
  private readonly cellStart: Int32Array;
  private readonly order: Int32Array;

  /** `points` is row-major [n, dims]; the first two columns are x and y. */
  constructor(
    private readonly points: ArrayLike<number>,
    private readonly dims: number,
  ) {
    if (dims < 2) throw new Error(`PickIndex: dims must be >= 2, got ${dims}`);
    const n = Math.floor(points.length / dims);
    this.bounds = pointBounds(points, dims);
    const spanX = Math.max(this.bounds.maxX - this.bounds.minX, 1e-12);
    const spanY = Math.max(this.bounds.maxY - this.bounds.minY, 1e-12);
    const targetCells = Math.max(1, Math.ceil(n / 4));
    this.cellSize = Math.max(Math.sqrt((spanX * spanY) / targetCells), Math.max(spanX, spanY) / 1024);
    this.cellsX = Math.max(1, Math.ceil(spanX / this.cellSize) + 1);
    this.cellsY = Math.max(1, Math.ceil(spanY / this.cellSize) + 1);
    const counts = new Int32Array(this.cellsX * this.cellsY + 1);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.cellIndex(points[i * dims], points[i * dims + 1]);
      cellOf[i] = c;
      if (c >= 0) counts[c + 1]++;
    }
    for (let c = 1; c < counts.length; c++) counts[c] += counts[c - 1];
    this.cellStart = counts;
    this.order = new Int32Array(counts[counts.length - 1]);
    const fill = counts.slice(0, counts.length - 1);
    for (let i = 0; i < n; i++) if (cellOf[i] >= 0) this.order[fill[cellOf[i]]++] = i;
  }

  /**
   * Index of the point nearest to (x, y) within `radius` (data units), or -1.
   * `visible(i)` may exclude points (filtered classes).
   */
  nearest(x: number, y: number, radius: number, visible?: (index: number) => boolean): number {
    const { minX, minY } = this.bounds;
    const c0x = Math.max(0, Math.floor((x - radius - minX) / this.cellSize));
    const c1x = Math.min(this.cellsX - 1, Math.floor((x + radius - minX) / this.cellSize));
    const c0y = Math.max(0, Math.floor((y - radius - minY) / this.cellSize));
    const c1y = Math.min(this.cellsY - 1, Math.floor((y + radius - minY) / this.cellSize));
    let best = -1;
    let bestD2 = radius * radius;
    for (let cy = c0y; cy <= c1y; cy++) {
      for (let cx = c0x; cx <= c1x; cx++) {
        const c = cy * this.cellsX + cx;
        for (let k = this.cellStart[c]; k < this.cellStart[c + 1]; k++) {
          const i = this.order[k];
          const dx = this.points[i * this.dims] - x;
          const dy = this.points[i * this.dims + 1] - y;
          const d2 = dx * dx + dy * dy;
          if (d2 <= bestD2 && (visible === undefined || visible(i))) {
            bestD2 = d2;
            best = i;
          }
        }
      }
    }
    return best;
  }

  private cellIndex(x: number, y: number): number {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return -1;
    const cx = Math.floor((x - this.bounds.minX) / this.cellSize);
    const cy = Math.floor((y - this.bounds.minY) / this.cellSize);
    return cy * this.cellsX + cx;
  }
}
