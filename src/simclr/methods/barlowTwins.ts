/**
 * Barlow Twins (Zbontar, Jing, Misra, LeCun and Deny 2021, arXiv:2103.03230, eq. 1 and algorithm 1):
 * the cross-correlation matrix C of the batch-standardised projections of two views is pushed
 * towards the identity,
 *
 *   L = sum_i (1 - C_ii)^2 + lambda sum_{i != j} C_ij^2,   lambda = 5e-3 (the paper's default).
 *
 * No negatives, no predictor, no momentum network. The projector is the model's head (the paper's
 * is three 8192-wide layers with BN; a small head works at this scale with the same loss).
 */
import { tf } from '../tf';
import type { SimclrModel } from '../models/simclrModel';
import { barlowTwinsLoss } from '../losses/barlowTwins';
import { augmentTwice, projectBoth } from './twoViews';
import type { Method, MethodSetup, MethodTrainer } from './method';

export interface BarlowTwinsMethodOptions {
  /** Weight of the redundancy-reduction term; default 5e-3. */
  lambda?: number;
}

export function barlowTwins(options: BarlowTwinsMethodOptions = {}): Method {
  const name = 'barlow-twins';
  const lambda = options.lambda ?? 5e-3;
  if (typeof lambda !== 'number' || !(lambda >= 0) || !Number.isFinite(lambda))
    throw new RangeError(`${name}: lambda must be a finite number >= 0, got ${lambda}`);
  return {
    name,
    config: { lambda },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      return {
        gradients(batch) {
          return tf.tidy(() => {
            const [first, second] = augmentTwice(batch.images, setup.augment, batch.rng);
            let online: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const [z1, z2] = projectBoth(model, first, second);
              online = tf.keep(z1);
              return barlowTwinsLoss(z1, z2, { lambda });
            }, model.trainableVariables());
            return { loss: value, grads, representation: online };
          });
        },
        statisticsVariables: () => model.statisticsVariables(),
        state: () => [],
        setState(values) {
          if (values.length !== 0)
            throw new Error(
              `${name}: a checkpoint holds no method state for Barlow Twins, got ${values.length} tensors`,
            );
        },
        dispose: () => {},
      };
    },
  };
}
