/**
 * Multinomial logistic regression fitted to convergence with L-BFGS: the classifier of the standard
 * linear-evaluation protocol (Kolesnikov et al. 2019, arXiv:1901.09005; Chen et al. 2020, SimCLR,
 * appendix B.5 uses L-BFGS for its transfer probes) and scikit-learn's
 * LogisticRegression(solver='lbfgs') with C = 1 / (n * weightDecay).
 *
 * Objective, over W [dim, k] and bias b [k]:
 *   f = (1/n) sum_i -log softmax(x_i W + b)[y_i]  +  (weightDecay / 2) |W|^2      (b unpenalised)
 *   df/dW = X^T (P - Y) / n + weightDecay W,   df/db = sum_i (P - Y)_i / n
 * The two [n, dim] x [dim, k] products run on the TensorFlow.js backend in float32; the row losses
 * are summed in float64 and L-BFGS keeps its state in float64 (./lbfgs.ts).
 *
 * Preconditioning. Correlated features (neighbouring pixels, say) make this objective badly
 * conditioned: plain L-BFGS on standardised raw pixels still moves after 300 iterations. L-BFGS runs
 * instead on u with W = Q diag(s) u, where Q holds the eigenvectors of the second-moment matrix
 * X'X / n (eigenvalues e) and s_m = 1 / sqrt(e_m + weightDecay / c), c = 0.5 (about the curvature of
 * softmax cross-entropy): the data term's curvature c e_m s_m^2 and the penalty's weightDecay s_m^2
 * sum to about c in every direction. It is only a change of variables (Q is orthogonal, so
 * |W|^2 = sum_m s_m^2 |u_m|^2): the minimiser is the same, reached in tens of iterations.
 */
import { PCA } from 'ml-pca';
import { tf } from '../tf';
import { lbfgs, type LbfgsOptions } from './lbfgs';

/** Eigenvectors and eigenvalues of X'X / n, from `featureBasis`. */
export interface FeatureBasis {
  /** Row-major [dim, dim]; column m is the m-th eigenvector. */
  vectors: Float64Array;
  values: Float64Array;
  dim: number;
}

/** The preconditioner's basis for features `x` [n, dim] (one dim x dim product and a symmetric eigendecomposition). */
export function featureBasis(x: tf.Tensor2D): FeatureBasis {
  const [n, dim] = x.shape;
  const moment = tf.tidy(() => tf.div(tf.matMul(x, x, true, false), n));
  const values = moment.dataSync();
  moment.dispose();
  const matrix = Array.from({ length: dim }, (_, a) =>
    Array.from({ length: dim }, (_, b) => (values[a * dim + b] + values[b * dim + a]) / 2),
  );
  const pca = new PCA(matrix, { isCovarianceMatrix: true });
  const axes = pca.getEigenvectors();
  const vectors = new Float64Array(dim * dim);
  for (let a = 0; a < dim; a++) for (let m = 0; m < dim; m++) vectors[a * dim + m] = axes.get(a, m);
  return { vectors, values: Float64Array.from(pca.getEigenvalues(), (v) => Math.max(0, v)), dim };
}

const CURVATURE = 0.5;

export interface LogisticRegressionModel {
  /** Row-major [dim, numClasses]. */
  weights: Float64Array;
  bias: Float64Array;
  dim: number;
  numClasses: number;
}

export interface LogisticFitOptions extends Omit<LbfgsOptions, 'onIteration'> {
  /** L2 penalty weightDecay / 2 * |W|^2 (scikit-learn: C = 1 / (n * weightDecay)). */
  weightDecay: number;
  /** Start from this model (warm start); default all zeros. */
  init?: LogisticRegressionModel;
  /** The preconditioner's basis (`featureBasis(x)`, or of a similar matrix); default computed from x. */
  basis?: FeatureBasis;
}

export interface LogisticFit {
  model: LogisticRegressionModel;
  /** Objective at the solution. */
  loss: number;
  iterations: number;
  evaluations: number;
  /** Why L-BFGS stopped ('max iterations' and 'aborted' mean not converged). */
  stopReason: string;
}

/**
 * Fits softmax regression on `x` (float32 [n, dim], caller keeps it) and `labels` in 0..numClasses-1.
 */
export async function fitLogisticRegression(
  x: tf.Tensor2D,
  labels: Int32Array,
  numClasses: number,
  options: LogisticFitOptions,
): Promise<LogisticFit> {
  const [n, dim] = x.shape;
  const { weightDecay } = options;
  if (labels.length !== n) throw new RangeError(`fitLogisticRegression: ${labels.length} labels for ${n} rows`);
  if (!(weightDecay >= 0) || !Number.isFinite(weightDecay))
    throw new RangeError(`fitLogisticRegression: weightDecay must be >= 0, got ${weightDecay}`);
  const size = dim * numClasses;
  const k = numClasses;
  const basis = options.basis ?? featureBasis(x);
  if (basis.dim !== dim)
    throw new RangeError(`fitLogisticRegression: the basis is for ${basis.dim} features, the data has ${dim}`);
  const floor = 1e-10 * Math.max(1e-30, ...basis.values);
  const scale = Float64Array.from(basis.values, (e) => 1 / Math.sqrt(e + weightDecay / CURVATURE + floor));
  // Q diag(s), [dim, dim]: W = Qs u, and dL/du = Qs' dL/dW.
  const qs = tf.tensor2d(
    Float32Array.from(basis.vectors, (v, i) => v * scale[i % dim]),
    [dim, dim],
  );
  const toWeights = (u: ArrayLike<number>): Float64Array => {
    const w = tf.tidy(() => tf.matMul(qs, tf.tensor2d(Float32Array.from(u), [dim, k])));
    const values = Float64Array.from(w.dataSync());
    w.dispose();
    return values;
  };
  const targets = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses).toFloat()) as tf.Tensor2D;
  const objective = (theta: Float64Array) => {
    const [w, rowLoss, gradU, gradB] = tf.tidy(() => {
      const w = tf.matMul(qs, tf.tensor2d(Float32Array.from(theta.subarray(0, size)), [dim, k]));
      const b = tf.tensor1d(Float32Array.from(theta.subarray(size)));
      const logp = tf.logSoftmax(tf.add(tf.matMul(x, w), b));
      const residual = tf.div(tf.sub(tf.exp(logp), targets), n);
      const gradW = tf.add(tf.matMul(x, residual, true, false), tf.mul(w, weightDecay));
      return [w, tf.neg(tf.sum(tf.mul(logp, targets), 1)), tf.matMul(qs, gradW, true, false), tf.sum(residual, 0)];
    });
    const weights = w.dataSync();
    const rows = rowLoss.dataSync();
    const gu = gradU.dataSync();
    const gb = gradB.dataSync();
    tf.dispose([w, rowLoss, gradU, gradB]);
    let value = 0;
    for (let i = 0; i < n; i++) value += rows[i];
    value /= n;
    let penalty = 0;
    for (let j = 0; j < size; j++) penalty += weights[j] * weights[j];
    const gradient = new Float64Array(size + k);
    gradient.set(gu);
    gradient.set(gb, size);
    return { value: value + (weightDecay / 2) * penalty, gradient };
  };
  const x0 = new Float64Array(size + numClasses);
  if (options.init) {
    if (options.init.dim !== dim || options.init.numClasses !== numClasses) {
      throw new RangeError(
        `fitLogisticRegression: init is [${options.init.dim}, ${options.init.numClasses}], the data [${dim}, ${numClasses}]`,
      );
    }
    // u = diag(1 / s) Q' W.
    const product = tf.tidy(() =>
      tf.matMul(
        tf.tensor2d(Float32Array.from(basis.vectors), [dim, dim]),
        tf.tensor2d(Float32Array.from(options.init!.weights), [dim, k]),
        true,
        false,
      ),
    );
    const u = product.dataSync();
    product.dispose();
    for (let m = 0; m < dim; m++) for (let c = 0; c < k; c++) x0[m * k + c] = u[m * k + c] / scale[m];
    x0.set(options.init.bias, size);
  }
  try {
    const result = await lbfgs(objective, x0, options);
    return {
      model: { weights: toWeights(result.x.subarray(0, size)), bias: result.x.slice(size), dim, numClasses },
      loss: result.value,
      iterations: result.iterations,
      evaluations: result.evaluations,
      stopReason: result.reason,
    };
  } finally {
    tf.dispose([targets, qs]);
  }
}

/** argmax(x W + b) per row of `x` [n, dim], in chunks of 8192 rows. */
export function predictLogistic(model: LogisticRegressionModel, x: tf.Tensor2D): Int32Array {
  const [n, dim] = x.shape;
  if (dim !== model.dim) throw new RangeError(`predictLogistic: the model takes ${model.dim} features, got ${dim}`);
  const out = new Int32Array(n);
  const w = tf.tensor2d(Float32Array.from(model.weights), [dim, model.numClasses]);
  const b = tf.tensor1d(Float32Array.from(model.bias));
  try {
    for (let start = 0; start < n; start += 8192) {
      const rows = Math.min(8192, n - start);
      const predicted = tf.tidy(() => tf.argMax(tf.add(tf.matMul(tf.slice(x, [start, 0], [rows, dim]), w), b), 1));
      out.set(predicted.dataSync() as Int32Array, start);
      predicted.dispose();
    }
  } finally {
    tf.dispose([w, b]);
  }
  return out;
}

/** Fraction of `predicted` equal to `labels`. */
export function accuracyOf(predicted: Int32Array, labels: Int32Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return labels.length === 0 ? 0 : correct / labels.length;
}
