/**
 * The optimisers `pretrain` offers, each with a learning rate the schedule can change every step:
 * Adam (Kingma & Ba 2014, arXiv:1412.6980), SGD with (optionally Nesterov) momentum, and LARS
 * (./lars.ts, what SimCLR uses for large batches).
 */
import { tf } from '../tf';
import { LarsOptimizer } from './lars';

export type OptimizerName = 'adam' | 'sgd' | 'lars';

export interface OptimizerOptions {
  name: OptimizerName;
  /** Initial learning rate (pretrain sets it every step from the schedule). */
  learningRate: number;
  /** SGD and LARS momentum; default 0.9. */
  momentum?: number;
  /** SGD: Nesterov momentum; default false. */
  nesterov?: boolean;
  /** LARS weight decay; default 1e-6. */
  weightDecay?: number;
  /** LARS trust coefficient eta; default 0.001. */
  trustCoefficient?: number;
}

/** A tf.Optimizer whose learning rate can be set between steps. */
export type ScheduledOptimizer = tf.Optimizer & { setLearningRate(learningRate: number): void };

/** Adam whose learning rate can change between steps (tfjs's Adam reads it on every update). */
class ScheduledAdam extends tf.AdamOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  /**
   * tfjs restores beta^(t+1) as pow(beta, t + 1), but an uninterrupted run multiplied it by beta in
   * float32 once per step, which can differ in the last bit (it does after 2 steps): recompute it the
   * way the run did, so a resumed run stays bit-identical.
   */
  override async setWeights(weightValues: Parameters<tf.AdamOptimizer['setWeights']>[0]): Promise<void> {
    await super.setWeights(weightValues);
    const self = this as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable; iterations_: number };
    tf.tidy(() => {
      self.accBeta1.assign(tf.scalar(float32Power(this.beta1, self.iterations_ + 1)));
      self.accBeta2.assign(tf.scalar(float32Power(this.beta2, self.iterations_ + 1)));
    });
  }
}

/** beta^n as n - 1 float32 multiplications by beta, each rounded as a float32 multiply is. */
export function float32Power(beta: number, n: number): number {
  const b = Math.fround(beta);
  let value = b;
  for (let i = 1; i < n; i++) value = Math.fround(value * b);
  return value;
}

/**
 * tfjs's MomentumOptimizer (its setLearningRate replaces a cached -lr scalar) whose dispose() also
 * frees that scalar: the stock one forgets it and leaks one tensor per optimiser.
 */
class ScheduledMomentum extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}

/** Builds the named optimiser; throws for an unknown name. */
export function createOptimizer(options: OptimizerOptions): ScheduledOptimizer {
  const momentum = options.momentum ?? 0.9;
  switch (options.name) {
    case 'adam':
      return new ScheduledAdam(options.learningRate, 0.9, 0.999, 1e-7);
    case 'sgd':
      return new ScheduledMomentum(options.learningRate, momentum, options.nesterov ?? false);
    case 'lars':
      return new LarsOptimizer({
        learningRate: options.learningRate,
        momentum,
        weightDecay: options.weightDecay,
        trustCoefficient: options.trustCoefficient,
      });
    default: {
      const never: never = options.name;
      throw new RangeError(`optimizer must be 'adam', 'sgd' or 'lars', got ${JSON.stringify(never)}`);
    }
  }
}
