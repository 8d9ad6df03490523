/**
 * LARS, layer-wise adaptive rate scaling (You, Gitman and Ginsburg 2017, arXiv:1708.03888), as the
 * SimCLR reference implementation uses it (arXiv:2002.05709 section 2.1 and its lars_optimizer.py):
 * for each variable w with gradient g,
 *
 *   g'    = g + weightDecay * w                                   (unless excluded)
 *   trust = eta * ||w|| / ||g'||  if both norms > 0, else 1         (unless excluded: then 1)
 *   v     = momentum * v + lr * trust * g'
 *   w     = w - v
 *
 * Biases and batch-norm parameters are excluded from weight decay and from the trust ratio, as in
 * SimCLR ("exclude_from_weight_decay=['batch_normalization', 'bias']").
 */
import { tf } from '../tf';

/** A named tensor, as tf.Optimizer's weight lists hold them. */
export type NamedTensor = { name: string; tensor: tf.Tensor };

export interface LarsConfig {
  learningRate: number;
  /** Default 0.9. */
  momentum?: number;
  /** Default 1e-6 (SimCLR). */
  weightDecay?: number;
  /** eta, the trust coefficient; default 0.001. */
  trustCoefficient?: number;
  /**
   * Which variables skip weight decay and layer adaptation. Default: names containing
   * batch_normalization/batchnorm or bias, and every rank-0/1 variable (biases, BN gamma/beta).
   */
  exclude?: (name: string, variable: tf.Variable) => boolean;
}

/** SimCLR's rule, made robust to naming: biases and BN parameters are the rank <= 1 variables. */
export function defaultLarsExclude(name: string, variable: tf.Variable): boolean {
  return variable.rank <= 1 || /batch_?norm|bias/i.test(name);
}

interface Slot {
  originalName: string;
  variable: tf.Variable;
}

export class LarsOptimizer extends tf.Optimizer {
  static get className(): string {
    return 'LookTwiceLARS';
  }

  private learningRate: number;
  private readonly momentum: number;
  private readonly weightDecay: number;
  private readonly trustCoefficient: number;
  private readonly exclude: (name: string, variable: tf.Variable) => boolean;
  private slots: Slot[] = [];

  constructor(config: LarsConfig) {
    super();
    this.learningRate = config.learningRate;
    this.momentum = config.momentum ?? 0.9;
    this.weightDecay = config.weightDecay ?? 1e-6;
    this.trustCoefficient = config.trustCoefficient ?? 0.001;
    this.exclude = config.exclude ?? defaultLarsExclude;
    for (const [key, value] of Object.entries({
      learningRate: this.learningRate,
      momentum: this.momentum,
      weightDecay: this.weightDecay,
      trustCoefficient: this.trustCoefficient,
    })) {
      if (!(value >= 0) || !Number.isFinite(value))
        throw new RangeError(`LarsOptimizer: ${key} must be a non-negative number, got ${value}`);
    }
  }

  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  /** Applies one LARS update; `variableGradients` maps registered variable names to gradients. */
  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named: NamedTensor[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.keys(variableGradients).map((name) => ({ name, tensor: variableGradients[name] }));
    named.forEach(({ name, tensor: gradient }, i) => {
      const value = tf.engine().registeredVariables[name];
      if (!value) throw new Error(`LarsOptimizer: no registered variable named ${name}`);
      if (this.slots[i] == null) {
        this.slots[i] = {
          originalName: `${name}/momentum`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
      }
      if (gradient == null) return;
      const velocity = this.slots[i].variable;
      const excluded = this.exclude(name, value);
      tf.tidy(() => {
        let g: tf.Tensor = gradient;
        let scaledLr: tf.Tensor = tf.scalar(this.learningRate);
        if (!excluded) {
          if (this.weightDecay > 0) g = tf.add(g, tf.mul(value, this.weightDecay));
          const wNorm = tf.norm(value),
            gNorm = tf.norm(g);
          const one = tf.onesLike(wNorm);
          const ratio = tf.div(tf.mul(wNorm, this.trustCoefficient), tf.maximum(gNorm, 1e-30));
          const trust = tf.where(tf.greater(wNorm, 0), tf.where(tf.greater(gNorm, 0), ratio, one), one);
          scaledLr = tf.mul(scaledLr, trust);
        }
        const next = tf.add(tf.mul(velocity, this.momentum), tf.mul(g, scaledLr));
        velocity.assign(next);
        value.assign(tf.sub(value, next));
      });
    });
    this.incrementIterations();
  }

  override dispose(): void {
    tf.dispose(this.slots.map((s) => s.variable));
    this.slots = [];
  }

  /** [iterations, momentum buffers in variable order] (the layout tfjs optimizers use). */
  override async getWeights(): Promise<NamedTensor[]> {
    return [await this.saveIterations(), ...this.slots.map((s) => ({ name: s.originalName, tensor: s.variable }))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    tf.dispose(this.slots.map((s) => s.variable));
    this.slots = rest.map((v) => ({ originalName: v.name, variable: v.tensor.variable(false) }));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      learningRate: this.learningRate,
      momentum: this.momentum,
      weightDecay: this.weightDecay,
      trustCoefficient: this.trustCoefficient,
    };
  }
}
