/**
 * SimSiam (Chen & He 2021, "Exploring Simple Siamese Representation Learning", arXiv:2011.10566,
 * algorithm 1 and eq. 1-2): one network (encoder + projector = the model's head) on two views, a
 * predictor h on top, and the symmetrised negative cosine with a stop-gradient on the targets:
 *
 *   L = D(p1, sg(z2)) / 2 + D(p2, sg(z1)) / 2,   D(p, z) = -cos(p, z).
 *
 * No negatives and no momentum encoder: the stop-gradient is what prevents collapse (section 4.1,
 * fig. 2). `stopGradient: false` is the paper's ablation: it collapses, which the loop's
 * `representationStd` shows (std of the l2-normalised output per channel -> 0). The predictor is a
 * bottleneck (section 4.4): P -> P/4 (BN, ReLU) -> P.
 */
import { tf } from '../tf';
import type { SimclrModel } from '../models/simclrModel';
import { negativeCosineSimilarity } from '../losses/negativeCosineSimilarity';
import { createPredictorHead } from './predictorHead';
import { namedWeightsOf, setWeightsOf, statisticsOf, trainableOf } from './networkState';
import { stopGradient } from './stopGradient';
import { augmentTwice, projectBoth } from './twoViews';
import { positiveInteger } from './methodOptions';
import type { Method, MethodSetup, MethodTrainer } from './method';

export interface SimsiamOptions {
  /** Hidden width of the predictor; default a quarter of the projection size (at least 8). */
  predictorHidden?: number;
  /** The stop-gradient on the targets; default true. false reproduces the paper's collapse. */
  stopGradient?: boolean;
}

export function simsiam(options: SimsiamOptions = {}): Method {
  const name = 'simsiam';
  const hidden =
    options.predictorHidden === undefined
      ? undefined
      : positiveInteger(name, 'predictorHidden', options.predictorHidden);
  const useStopGradient = options.stopGradient ?? true;
  if (typeof useStopGradient !== 'boolean')
    throw new RangeError(`${name}: stopGradient must be true or false, got ${JSON.stringify(useStopGradient)}`);
  return {
    name,
    config: { stopGradient: useStopGradient, ...(hidden ? { predictorHidden: hidden } : {}) },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      const width = hidden ?? Math.max(8, Math.round(model.projectionDim / 4));
      const predictor = createPredictorHead(
        model.projectionDim,
        width,
        setup.seed + 11,
        `simsiam_predictor_${model.config.seed}`,
      );
      const sg = useStopGradient ? stopGradient : <T extends tf.Tensor>(x: T) => x;
      return {
        gradients(batch) {
          return tf.tidy(() => {
            const [first, second] = augmentTwice(batch.images, setup.augment, batch.rng);
            let online: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const [z1, z2] = projectBoth(model, first, second);
              online = tf.keep(z1);
              const p = predictor.apply(tf.concat([z1, z2], 0), { training: true }) as tf.Tensor2D;
              const n = z1.shape[0];
              const d1 = negativeCosineSimilarity(p.slice([0, 0], [n, -1]), sg(z2));
              const d2 = negativeCosineSimilarity(p.slice([n, 0], [n, -1]), sg(z1));
              return tf.mul(tf.add(d1, d2), 0.5) as tf.Scalar;
            }, [...model.trainableVariables(), ...trainableOf([predictor])]);
            return { loss: value, grads, representation: online };
          });
        },
        statisticsVariables: () => [...model.statisticsVariables(), ...statisticsOf([predictor])],
        state: () => namedWeightsOf([predictor]),
        setState(values) {
          const rest = setWeightsOf(name, [predictor], values);
          if (rest.length !== 0)
            throw new Error(`${name}: checkpoint state has ${rest.length} tensors beyond the predictor`);
        },
        dispose: () => predictor.dispose(),
      };
    },
  };
}
