/**
 * Limited-memory BFGS (Liu & Nocedal 1989; Nocedal & Wright, "Numerical Optimization", 2nd ed.,
 * algorithm 7.4 for the two-loop recursion, 7.5 for the method) with a backtracking Armijo line
 * search, on a float64 parameter vector: what scikit-learn's LogisticRegression(solver='lbfgs')
 * and the linear-evaluation protocol use to fit a convex objective "to convergence".
 * The objective is a callback, so the expensive part (for the linear probe: two matrix products on
 * the TensorFlow.js backend) stays wherever the caller runs it; the few-thousand-entry state lives here.
 *
 * Numerics: the initial Hessian scale is gamma = s'y / y'y of the newest pair (N&W eq. 7.20); a pair
 * with s'y <= 1e-10 * |s| |y| is dropped rather than breaking positive definiteness. The first step is
 * 1 / |g| long. Converged when max |g_i| <= gradientTolerance, or when f stops moving relatively by
 * more than functionTolerance (scipy's pgtol / factr pair), or the line search can no longer decrease f.
 */

/** f(x) and its gradient; `gradient` may be a fresh array the minimiser keeps. */
export type Objective = (x: Float64Array) => { value: number; gradient: Float64Array };

export interface LbfgsOptions {
  /** Correction pairs kept. Default 10 (scipy's default). */
  memory?: number;
  /** Iterations at most. Default 1000. */
  maxIterations?: number;
  /** Stop when max |g_i| falls to this. Default 1e-5. */
  gradientTolerance?: number;
  /** Stop when (f_prev - f) / max(|f_prev|, |f|, 1) falls to this. Default 1e-10. */
  functionTolerance?: number;
  /** Checked between iterations; stops with reason 'aborted'. */
  signal?: AbortSignal;
  /** Called after every iteration with (iteration, f). */
  onIteration?: (iteration: number, value: number) => void;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  /** max |g_i| at x. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  reason: 'gradient' | 'function' | 'line search' | 'max iterations' | 'aborted';
}

const dot = (a: Float64Array, b: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
const maxAbs = (a: Float64Array): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
};

/** Minimises `objective` from `x0` (not modified). Async only to yield to the event loop between iterations. */
export async function lbfgs(objective: Objective, x0: Float64Array, options: LbfgsOptions = {}): Promise<LbfgsResult> {
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const gtol = options.gradientTolerance ?? 1e-5;
  const ftol = options.functionTolerance ?? 1e-10;
  if (!Number.isInteger(memory) || memory < 1)
    throw new RangeError(`lbfgs: memory must be a positive integer, got ${memory}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 0)
    throw new RangeError(`lbfgs: maxIterations must be a non-negative integer, got ${maxIterations}`);
  const n = x0.length;
  let x = Float64Array.from(x0);
  let { value: f, gradient: g } = objective(x);
  let evaluations = 1;
  if (!Number.isFinite(f)) throw new RangeError(`lbfgs: the objective is ${f} at the starting point`);
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const rhos: number[] = [];
  const alphas = new Float64Array(memory);
  let iteration = 0;
  let reason: LbfgsResult['reason'] = 'max iterations';
  if (maxAbs(g) <= gtol) reason = 'gradient';
  while (reason === 'max iterations' && iteration < maxIterations) {
    if (options.signal?.aborted) {
      reason = 'aborted';
      break;
    }
    // Two-loop recursion: d = -H g.
    const d = Float64Array.from(g);
    for (let k = ss.length - 1; k >= 0; k--) {
      alphas[k] = rhos[k] * dot(ss[k], d);
      const y = ys[k];
      for (let i = 0; i < n; i++) d[i] -= alphas[k] * y[i];
    }
    const newest = ss.length - 1;
    const gamma = newest >= 0 ? 1 / (rhos[newest] * dot(ys[newest], ys[newest])) : 1 / Math.sqrt(dot(g, g));
    for (let i = 0; i < n; i++) d[i] *= gamma;
    for (let k = 0; k < ss.length; k++) {
      const beta = rhos[k] * dot(ys[k], d);
      const s = ss[k];
      for (let i = 0; i < n; i++) d[i] += s[i] * (alphas[k] - beta);
    }
    for (let i = 0; i < n; i++) d[i] = -d[i];
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      ss.length = 0;
      ys.length = 0;
      rhos.length = 0;
      for (let i = 0; i < n; i++) d[i] = -g[i] / Math.sqrt(dot(g, g));
      slope = dot(g, d);
    }
    // Backtracking Armijo line search from the unit step.
    let step = 1;
    let next: { value: number; gradient: Float64Array } | undefined;
    const xNew = new Float64Array(n);
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i] + step * d[i];
      const candidate = objective(xNew);
      evaluations++;
      if (Number.isFinite(candidate.value) && candidate.value <= f + 1e-4 * step * slope) {
        next = candidate;
        break;
      }
      step *= 0.5;
    }
    if (!next) {
      reason = 'line search';
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i] - x[i];
      y[i] = next.gradient[i] - g[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (ss.length === memory) {
        ss.shift();
        ys.shift();
        rhos.shift();
      }
      ss.push(s);
      ys.push(y);
      rhos.push(1 / sy);
    }
    const previous = f;
    x = xNew;
    f = next.value;
    g = next.gradient;
    iteration++;
    options.onIteration?.(iteration, f);
    if (maxAbs(g) <= gtol) reason = 'gradient';
    else if ((previous - f) / Math.max(Math.abs(previous), Math.abs(f), 1) <= ftol) reason = 'function';
    if (iteration % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return { x, value: f, gradientNorm: maxAbs(g), iterations: iteration, evaluations, reason };
}
