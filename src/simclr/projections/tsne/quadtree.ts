/**
 * A 2-D Barnes-Hut quadtree for t-SNE's repulsive forces (van der Maaten 2014, "Accelerating t-SNE
 * using Tree-Based Algorithms", sec. 4.2; Barnes & Hut 1986). A cell far enough from a point acts
 * as one body of its mass at its centre of mass; "far enough" is the reference bhtsne code's test,
 * half-width / distance < theta (its theta = 0.5 is the usual default). Nodes live in
 * flat typed arrays, reused across iterations: no per-node objects for the garbage collector.
 */

const MAX_DEPTH = 48;

export class QuadTree {
  private capacity = 0;
  private size = 0;
  private cx = new Float64Array(0);
  private cy = new Float64Array(0);
  private half = new Float64Array(0);
  private sumX = new Float64Array(0);
  private sumY = new Float64Array(0);
  private mass = new Int32Array(0);
  /** Index of the first of 4 children, or -1 for a leaf. */
  private child = new Int32Array(0);
  /** For a leaf: the point it holds (-1 when empty). */
  private point = new Int32Array(0);
  private stack = new Int32Array(4 * MAX_DEPTH + 8);

  /** Rebuilds the tree over the points of row-major [n, 2] `y`. */
  build(y: Float64Array, n: number): void {
    let minX = Infinity,
      minY = Infinity,
      maxX = -Infinity,
      maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      const px = y[2 * i],
        py = y[2 * i + 1];
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
    this.size = 0;
    this.ensure(4 * n + 1);
    const half = Math.max(maxX - minX, maxY - minY) / 2 + 1e-5;
    this.addNode((minX + maxX) / 2, (minY + maxY) / 2, half);
    for (let i = 0; i < n; i++) this.insert(y, i, y[2 * i], y[2 * i + 1]);
    // From here on sumX/sumY hold centres of mass, read once per visit in `repulsion`.
    for (let s = 0; s < this.size; s++) {
      if (this.mass[s] > 0) {
        this.sumX[s] /= this.mass[s];
        this.sumY[s] /= this.mass[s];
      }
    }
  }

  private insert(y: Float64Array, i: number, px: number, py: number): void {
    let node = 0;
    for (let depth = 0; ; depth++) {
      this.mass[node]++;
      this.sumX[node] += px;
      this.sumY[node] += py;
      if (this.child[node] < 0) {
        if (this.mass[node] === 1) {
          this.point[node] = i;
          return;
        }
        const otherMass = this.mass[node] - 1;
        // A leaf's points all sit at its stored point's position (one point, or coincident copies).
        const ox = y[2 * this.point[node]];
        const oy = y[2 * this.point[node] + 1];
        // Coincident points (or a very deep chain) share one leaf as a single heavier body.
        if (depth >= MAX_DEPTH || (ox === px && oy === py)) return;
        this.split(node);
        const q = this.quadrant(node, ox, oy);
        this.mass[q] = otherMass;
        this.sumX[q] = ox * otherMass;
        this.sumY[q] = oy * otherMass;
        this.point[q] = this.point[node];
        this.point[node] = -1;
      }
      node = this.quadrant(node, px, py);
    }
  }

  private split(node: number): void {
    this.ensure(this.size + 4);
    const h = this.half[node] / 2;
    this.child[node] = this.size;
    for (let q = 0; q < 4; q++) {
      this.addNode(this.cx[node] + (q & 1 ? h : -h), this.cy[node] + (q & 2 ? h : -h), h);
    }
  }

  private quadrant(node: number, px: number, py: number): number {
    return this.child[node] + (px >= this.cx[node] ? 1 : 0) + (py >= this.cy[node] ? 2 : 0);
  }

  private addNode(x: number, y: number, half: number): void {
    const s = this.size++;
    this.cx[s] = x;
    this.cy[s] = y;
    this.half[s] = half;
    this.sumX[s] = 0;
    this.sumY[s] = 0;
    this.mass[s] = 0;
    this.child[s] = -1;
    this.point[s] = -1;
  }

  private ensure(count: number): void {
    if (count <= this.capacity) return;
    const capacity = Math.max(count, 2 * this.capacity);
    const grow = <T extends Float64Array | Int32Array>(a: T, make: (c: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.cx = grow(this.cx, (c) => new Float64Array(c));
    this.cy = grow(this.cy, (c) => new Float64Array(c));
    this.half = grow(this.half, (c) => new Float64Array(c));
    this.sumX = grow(this.sumX, (c) => new Float64Array(c));
    this.sumY = grow(this.sumY, (c) => new Float64Array(c));
    this.mass = grow(this.mass, (c) => new Int32Array(c));
    this.child = grow(this.child, (c) => new Int32Array(c));
    this.point = grow(this.point, (c) => new Int32Array(c));
    this.capacity = capacity;
  }

  /**
   * Unnormalised repulsion on point i: adds sum_j q_ij^2 (y_i - y_j) to force[2i], force[2i+1] and
   * returns Z_i = sum_j q_ij with q_ij = 1 / (1 + |y_i - y_j|^2), the point itself excluded.
   */
  repulsion(y: Float64Array, i: number, theta: number, force: Float64Array): number {
    const px = y[2 * i],
      py = y[2 * i + 1];
    const theta2 = theta * theta;
    const stack = this.stack;
    const { mass, sumX, sumY, half, child, point } = this;
    let top = 0;
    stack[top++] = 0;
    let z = 0,
      fx = 0,
      fy = 0;
    while (top > 0) {
      const node = stack[--top];
      const dx = px - sumX[node];
      const dy = py - sumY[node];
      const d2 = dx * dx + dy * dy;
      const first = child[node];
      const h = half[node];
      if (first < 0 || h * h < theta2 * d2) {
        const m = mass[node];
        const at = point[node];
        if (first < 0 && y[2 * at] === px && y[2 * at + 1] === py) {
          z += m - 1; // the point itself, and any coincident copies (which push with zero force)
          continue;
        }
        const q = 1 / (1 + d2);
        const mq = m * q;
        z += mq;
        fx += mq * q * dx;
        fy += mq * q * dy;
      } else {
        // Empty children are never visited.
        if (mass[first] > 0) stack[top++] = first;
        if (mass[first + 1] > 0) stack[top++] = first + 1;
        if (mass[first + 2] > 0) stack[top++] = first + 2;
        if (mass[first + 3] > 0) stack[top++] = first + 3;
      }
    }
    force[2 * i] += fx;
    force[2 * i + 1] += fy;
    return z;
  }
}
