/**
 * Barnes-Hut t-SNE to 2-D (van der Maaten 2014, "Accelerating t-SNE using Tree-Based Algorithms",
 * JMLR 15; t-SNE: van der Maaten & Hinton 2008). Sparse P over exact 3*perplexity neighbours,
 * quadtree repulsion with theta = 0.5, early exaggeration 12 for 250 iterations, momentum
 * 0.5 -> 0.8, per-coordinate gains (Jacobs 1988), the gradient of the reference bhtsne code
 * (without the constant 4), learning rate max(200, n / 12) (Belkina et al. 2019).
 * 2-D only: a Barnes-Hut 3-D version would need an octree; use PCA or UMAP for 3-D.
 * Written here because npm has no maintained Barnes-Hut t-SNE (tsne-js, @keckelt/tsne are exact O(n^2)).
 */
import { Random } from '../../random';
import { exactKnn } from '../neighbours';
import { checkMatrix, throwIfAborted, yieldToEventLoop } from '../validate';
import { conditionalP, symmetrize, type SparseP } from './affinities';
import { QuadTree } from './quadtree';

export interface TsneProgress {
  phase: 'neighbours' | 'affinities' | 'optimise';
  iteration: number;
  iterations: number;
  /** Fraction of this phase done, 0..1 (rows of the kNN graph, then iterations). */
  fraction: number;
}

export interface TsneOptions {
  /** Effective number of neighbours; needs n - 1 >= 3 * perplexity. Default 30. */
  perplexity?: number;
  /** Total gradient steps, early exaggeration included. Default 1000. */
  iterations?: number;
  earlyExaggeration?: number;
  exaggerationIterations?: number;
  /** Default max(200, n / earlyExaggeration). */
  learningRate?: number;
  /** Barnes-Hut accuracy: a cell of half-width h at distance d is summarised when h / d < theta (bhtsne). Default 0.5. */
  theta?: number;
  seed?: number;
  /** Called at each phase change, per block of kNN rows and every 10 iterations. */
  onProgress?: (progress: TsneProgress) => void;
  signal?: AbortSignal;
}

/**
 * Embeds the rows of `vectors` ([n, dim], row-major) in 2-D.
 * @returns row-major [n, 2] coordinates
 */
export async function tsne(
  vectors: Float32Array,
  n: number,
  dim: number,
  options: TsneOptions = {},
): Promise<Float32Array> {
  checkMatrix('tsne', vectors, n, dim);
  const perplexity = options.perplexity ?? 30;
  const k = Math.floor(3 * perplexity);
  if (!(perplexity >= 1)) throw new RangeError(`tsne: perplexity must be >= 1, got ${perplexity}`);
  if (n - 1 < k) {
    throw new RangeError(
      `tsne: perplexity ${perplexity} is too large for ${n} points (needs n - 1 >= 3 * perplexity = ${k}); use at most ${Math.floor((n - 1) / 3)}`,
    );
  }
  const iterations = options.iterations ?? 1000;
  if (!Number.isInteger(iterations) || iterations < 1)
    throw new RangeError(`tsne: iterations must be a positive integer, got ${iterations}`);
  const exaggeration = options.earlyExaggeration ?? 12;
  const exaggerationIterations = options.exaggerationIterations ?? 250;
  const eta = options.learningRate ?? Math.max(200, n / exaggeration);
  const theta = options.theta ?? 0.5;
  const { onProgress, signal } = options;
  throwIfAborted('tsne', signal);

  onProgress?.({ phase: 'neighbours', iteration: 0, iterations, fraction: 0 });
  const graph = await exactKnn(
    vectors,
    n,
    dim,
    k,
    signal,
    onProgress && ((rows) => onProgress({ phase: 'neighbours', iteration: 0, iterations, fraction: rows / n })),
  );
  onProgress?.({ phase: 'affinities', iteration: 0, iterations, fraction: 0 });
  const p = symmetrize(graph, n, conditionalP(graph, n, perplexity));

  const random = new Random(options.seed ?? 0);
  const y = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) y[i] = 1e-4 * random.normal();
  const update = new Float64Array(2 * n);
  const gains = new Float64Array(2 * n).fill(1);
  const grad = new Float64Array(2 * n);
  const tree = new QuadTree();
  let lastYield = performance.now();
  onProgress?.({ phase: 'optimise', iteration: 0, iterations, fraction: 0 });
  for (let iter = 0; iter < iterations; iter++) {
    const early = iter < exaggerationIterations;
    gradient(y, n, p, early ? exaggeration : 1, tree, theta, grad);
    const momentum = early ? 0.5 : 0.8;
    for (let t = 0; t < 2 * n; t++) {
      const sameSign = grad[t] > 0 === update[t] > 0;
      gains[t] = Math.max(0.01, sameSign ? gains[t] * 0.8 : gains[t] + 0.2);
      update[t] = momentum * update[t] - eta * gains[t] * grad[t];
      y[t] += update[t];
    }
    center(y, n);
    if ((iter + 1) % 10 === 0)
      onProgress?.({ phase: 'optimise', iteration: iter + 1, iterations, fraction: (iter + 1) / iterations });
    if (performance.now() - lastYield > 50) {
      await yieldToEventLoop();
      throwIfAborted('tsne', signal);
      lastYield = performance.now();
    }
  }
  return Float32Array.from(y);
}

/** dC/dy = attraction (exaggerated P times q) - repulsion / Z, both from unnormalised q = 1/(1+d^2). */
function gradient(
  y: Float64Array,
  n: number,
  p: SparseP,
  exaggeration: number,
  tree: QuadTree,
  theta: number,
  grad: Float64Array,
): void {
  grad.fill(0);
  tree.build(y, n);
  let z = 0;
  for (let i = 0; i < n; i++) z += tree.repulsion(y, i, theta, grad);
  const invZ = 1 / z;
  for (let t = 0; t < 2 * n; t++) grad[t] *= -invZ;
  const { rowStart, cols, values } = p;
  for (let i = 0; i < n; i++) {
    const xi = y[2 * i],
      yi = y[2 * i + 1];
    let fx = 0,
      fy = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = cols[e];
      const dx = xi - y[2 * j],
        dy = yi - y[2 * j + 1];
      const w = (exaggeration * values[e]) / (1 + dx * dx + dy * dy);
      fx += w * dx;
      fy += w * dy;
    }
    grad[2 * i] += fx;
    grad[2 * i + 1] += fy;
  }
}

function center(y: Float64Array, n: number): void {
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += y[2 * i];
    my += y[2 * i + 1];
  }
  mx /= n;
  my /= n;
  for (let i = 0; i < n; i++) {
    y[2 * i] -= mx;
    y[2 * i + 1] -= my;
  }
}
