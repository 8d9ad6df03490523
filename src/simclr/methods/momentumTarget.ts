/**
 * A momentum (target / key) network: a copy of the online model whose trainable weights follow the
 * online ones as an exponential moving average, theta_t <- m theta_t + (1 - m) theta_o (MoCo, He et
 * al. 2020, arXiv:1911.05722 eq. 2; BYOL's target, Grill et al. 2020, arXiv:2006.07733 eq. 1). It
 * gets no gradient. Its batch-norm statistics follow its own training-mode forward passes (the
 * reference implementations average parameters only, not buffers).
 */
import { tf } from '../tf';
import { SimclrModel } from '../models/simclrModel';

export class MomentumTarget {
  /** Same config as the online model; starts as an exact copy of it. */
  readonly network: SimclrModel;

  constructor(online: SimclrModel) {
    this.network = new SimclrModel(online.config);
    this.network.setWeights(online.namedWeights().map((w) => w.tensor));
  }

  /** theta_t <- m theta_t + (1 - m) theta_o on every trainable weight (encoder and head). */
  update(online: SimclrModel, momentum: number): void {
    const targets = this.network.trainableVariables();
    const sources = online.trainableVariables();
    tf.tidy(() => {
      targets.forEach((t, i) => t.assign(tf.add(tf.mul(t, momentum), tf.mul(sources[i], 1 - momentum))));
    });
  }

  /** Every weight of the target network (batch-norm statistics too), for checkpoints. */
  state(): { name: string; tensor: tf.Tensor }[] {
    return this.network.namedWeights().map((w) => ({ name: `target/${w.name}`, tensor: w.tensor }));
  }

  /** Weights the target holds: how many tensors `setState` consumes. */
  get weightCount(): number {
    return this.network.namedWeights().length;
  }

  setState(values: tf.Tensor[]): void {
    this.network.setWeights(values);
  }

  dispose(): void {
    this.network.dispose();
  }
}
