/**
 * BYOL, Bootstrap Your Own Latent (Grill et al. 2020, arXiv:2006.07733, section 3.1 and algorithm 1):
 * an online network (encoder, projector g = the model's head, predictor q) predicts the target
 * network's projection of the other view; the target is an exponential moving average of the online
 * encoder and projector (eq. 1) and gets no gradient. Loss (eq. 2), symmetrised over the views:
 *
 *   L = || q(z1)/||q(z1)|| - z'2/||z'2|| ||^2 + || q(z2)/||q(z2)|| - z'1/||z'1|| ||^2  (= 2 - 2 cos, each)
 *
 * Target momentum follows the paper's schedule tau_k = 1 - (1 - tau_base)(cos(pi k / K) + 1) / 2,
 * from tau_base to 1 over the run. tau_base = 0.99 here (the small-image value of common CIFAR
 * reproductions; the paper's ImageNet runs use 0.996 over 1000 epochs). The predictor has the
 * projector's shape (section 3.3): P -> hidden (BN, ReLU) -> P, hidden = the head's first width.
 */
import { tf } from '../tf';
import type { SimclrModel } from '../models/simclrModel';
import { byolLoss } from '../losses/byol';
import { MomentumTarget } from './momentumTarget';
import { createPredictorHead } from './predictorHead';
import { namedWeightsOf, setWeightsOf, statisticsOf, trainableOf } from './networkState';
import { augmentTwice, projectBoth } from './twoViews';
import { inRange, positiveInteger } from './methodOptions';
import type { Method, MethodSetup, MethodTrainer } from './method';

export interface ByolOptions {
  /** tau_base, the target momentum at the start of the cosine schedule; default 0.99. */
  momentum?: number;
  /** Hidden width of the predictor; default the projection head's first width. */
  predictorHidden?: number;
}

/** BYOL's target momentum at 0-based step k of K (eq. in section 3.2). */
export function byolMomentum(base: number, step: number, totalSteps: number): number {
  return 1 - ((1 - base) * (Math.cos((Math.PI * step) / totalSteps) + 1)) / 2;
}

export function byol(options: ByolOptions = {}): Method {
  const name = 'byol';
  const momentum = inRange(name, 'momentum', options.momentum ?? 0.99, 0, 1);
  const hidden =
    options.predictorHidden === undefined
      ? undefined
      : positiveInteger(name, 'predictorHidden', options.predictorHidden);
  return {
    name,
    config: { momentum, ...(hidden ? { predictorHidden: hidden } : {}) },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      const predictor = createPredictorHead(
        model.projectionDim,
        hidden ?? model.config.headWidths[0],
        setup.seed + 7,
        `byol_predictor_${model.config.seed}`,
      );
      const target = new MomentumTarget(model);
      let tau = momentum;
      return {
        gradients(batch) {
          return tf.tidy(() => {
            const [first, second] = augmentTwice(batch.images, setup.augment, batch.rng);
            const [t1, t2] = projectBoth(target.network, first, second); // no tape: no gradient
            let online: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const [z1, z2] = projectBoth(model, first, second);
              online = tf.keep(z1);
              const p = predictor.apply(tf.concat([z1, z2], 0), { training: true }) as tf.Tensor2D;
              const n = z1.shape[0];
              return tf.add(
                byolLoss(p.slice([0, 0], [n, -1]), t2),
                byolLoss(p.slice([n, 0], [n, -1]), t1),
              ) as tf.Scalar;
            }, [...model.trainableVariables(), ...trainableOf([predictor])]);
            return { loss: value, grads, representation: online };
          });
        },
        statisticsVariables: () => [
          ...model.statisticsVariables(),
          ...statisticsOf([predictor]),
          ...target.network.statisticsVariables(),
        ],
        afterStep(batch) {
          tau = byolMomentum(momentum, batch.step, setup.totalSteps);
          target.update(model, tau);
        },
        stateScalars: (step) => ({ targetMomentum: byolMomentum(momentum, Math.max(0, step - 1), setup.totalSteps) }),
        state: () => [...namedWeightsOf([predictor]), ...target.state()],
        setState(values) {
          const rest = setWeightsOf(name, [predictor], values);
          if (rest.length !== target.weightCount)
            throw new Error(
              `${name}: checkpoint state must hold the target network's ${target.weightCount} tensors after the predictor, got ${rest.length}`,
            );
          target.setState(rest);
        },
        dispose() {
          predictor.dispose();
          target.dispose();
        },
      };
    },
  };
}
