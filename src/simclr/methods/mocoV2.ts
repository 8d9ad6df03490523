/**
 * MoCo v2 (Chen, Fan, Girshick and He 2020, "Improved Baselines with Momentum Contrastive Learning",
 * arXiv:2003.04297; MoCo, He et al. 2020, arXiv:1911.05722 algorithm 1): a query q = g(f(x1)) from
 * the online model (encoder + MLP head, v2's change), a key k = g'(f'(x2)) from a momentum copy
 * (eq. 2: theta_k <- m theta_k + (1 - m) theta_q), and InfoNCE (eq. 1) of q against its key and a
 * queue of K keys from earlier batches:
 *
 *   L = -log exp(q.k+/T) / (exp(q.k+/T) + sum_{k- in queue} exp(q.k-/T)).
 *
 * After each step: the momentum update, then the batch's keys replace the oldest in the queue.
 * Asymmetric, as the paper (the symmetrised loss is MoCo v3's). Defaults for small images and a
 * 60k-image set (the paper's ImageNet values are K = 65536, m = 0.999): K = 4096, m = 0.99, T = 0.2
 * (v2). The queue starts as random unit vectors, as the reference code's; `queueFill` reports the
 * share holding real keys. Not reproduced: Shuffle BN across GPUs (one device here: the key encoder
 * normalises over the key batch in its own pass).
 */
import { tf } from '../tf';
import { Random } from '../random';
import type { SimclrModel } from '../models/simclrModel';
import { infoNceLoss } from '../losses/infoNce';
import { l2Normalize } from '../losses/ntXent';
import { MomentumTarget } from './momentumTarget';
import { RingQueue } from './ringQueue';
import { augmentTwice } from './twoViews';
import { inRange, positiveInteger, positiveNumber } from './methodOptions';
import type { Method, MethodSetup, MethodTrainer } from './method';

export interface MocoV2Options {
  /** Keys in the queue (K); default 4096. */
  queueSize?: number;
  /** Momentum m of the key encoder; default 0.99. */
  momentum?: number;
  /** Temperature T; default 0.2. */
  temperature?: number;
}

export function mocoV2(options: MocoV2Options = {}): Method {
  const name = 'moco-v2';
  const queueSize = positiveInteger(name, 'queueSize', options.queueSize ?? 4096);
  const momentum = inRange(name, 'momentum', options.momentum ?? 0.99, 0, 1);
  const temperature = positiveNumber(name, 'temperature', options.temperature ?? 0.2);
  return {
    name,
    config: { queueSize, momentum, temperature },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      const target = new MomentumTarget(model);
      const queue = new RingQueue(name, queueSize, model.projectionDim, new Random(setup.seed ^ 0x6d6f636f));
      return {
        gradients(batch) {
          return tf.tidy(() => {
            const [first, second] = augmentTwice(batch.images, setup.augment, batch.rng);
            const keys = l2Normalize(target.network.projectForTraining(second)); // no tape: no gradient
            let query: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const q = model.projectForTraining(first);
              query = tf.keep(q);
              return infoNceLoss(q, keys, queue.values, temperature);
            }, model.trainableVariables());
            return { loss: value, grads, representation: query, pending: [keys] };
          });
        },
        statisticsVariables: () => [...model.statisticsVariables(), ...target.network.statisticsVariables()],
        afterStep(_batch, [keys]) {
          target.update(model, momentum);
          queue.push(keys as tf.Tensor2D);
        },
        stateScalars: () => ({ queueFill: queue.fill, targetMomentum: momentum }),
        state: () => [...target.state(), ...queue.state()],
        setState(values) {
          if (values.length !== target.weightCount + 2)
            throw new Error(
              `${name}: checkpoint state must hold ${target.weightCount + 2} tensors (target network, queue, queue position), got ${values.length}`,
            );
          target.setState(values.slice(0, target.weightCount));
          queue.setState(values.slice(target.weightCount));
        },
        dispose() {
          target.dispose();
          queue.dispose();
        },
      };
    },
  };
}
