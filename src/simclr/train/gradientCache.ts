/**
 * Large contrastive batches in bounded memory by gradient caching (Gao, Zhang, Han and Callan 2021,
 * "Scaling Deep Contrastive Learning Batch Size under Memory Limited Setup", arXiv:2101.06983).
 * NT-Xent couples every pair of the 2N views, but only through the projections z, so:
 *   1. project all views chunk by chunk without a gradient tape -> z [2N, P];
 *   2. the loss and dL/dz on z alone (cheap: [2N, P]);
 *   3. per chunk, recompute z_k with the tape and backpropagate dL/dz_k into the weights
 *      (the gradient of sum(z_k * dL/dz_k)), summing over chunks.
 * The gradients equal the whole-batch gradients for a model without batch norm. With batch norm,
 * statistics are per chunk (each chunk holds both views of `microBatch` images), and the moving
 * averages are updated once per chunk (pass 1's updates are undone). Costs one extra forward pass.
 */
import { tf } from '../tf';
import type { Random } from '../random';
import { ntXentLoss } from '../losses/ntXent';
import type { SimclrModel } from '../models/simclrModel';
import type { AugmentFn, StepGradients } from './trainStep';

/**
 * @param images [N, H, W, C] in [0, 1]
 * @param microBatch source images per chunk (each chunk runs 2 x microBatch views)
 * @returns loss and summed gradients, as `stepGradients` returns them
 */
export function cachedStepGradients(
  model: SimclrModel,
  images: tf.Tensor4D,
  augment: AugmentFn,
  rng: Random,
  temperature: number,
  microBatch: number,
): StepGradients {
  const n = images.shape[0];
  if (!Number.isInteger(microBatch) || microBatch < 1)
    throw new RangeError(`microBatch must be a positive integer, got ${microBatch}`);
  return tf.tidy(() => {
    const first = augment(images, rng);
    const second = augment(images, rng);
    const starts = Array.from({ length: Math.ceil(n / microBatch) }, (_, k) => k * microBatch);
    /** Both views of images [s, s + m): [2m, H, W, C]. */
    const chunk = (s: number) => {
      const m = Math.min(microBatch, n - s);
      return tf.concat(
        [first.slice([s, 0, 0, 0], [m, -1, -1, -1]), second.slice([s, 0, 0, 0], [m, -1, -1, -1])],
        0,
      ) as tf.Tensor4D;
    };

    // 1. projections without a tape; batch-norm statistics restored afterwards.
    const statistics = model.statisticsVariables();
    const saved = statistics.map((v) => tf.clone(v));
    const z1Parts: tf.Tensor2D[] = [],
      z2Parts: tf.Tensor2D[] = [];
    for (const s of starts) {
      const [a, b] = tf.tidy(() => {
        const z = model.projectForTraining(chunk(s));
        const m = z.shape[0] / 2;
        return [z.slice([0, 0], [m, -1]), z.slice([m, 0], [m, -1])];
      });
      z1Parts.push(a);
      z2Parts.push(b);
    }
    statistics.forEach((v, i) => v.assign(saved[i]));

    // 2. loss and its gradient with respect to the projections.
    const lossOf = (a: tf.Tensor, b: tf.Tensor) => ntXentLoss(a as tf.Tensor2D, b as tf.Tensor2D, temperature);
    const {
      value: loss,
      grads: [dz1, dz2],
    } = tf.valueAndGrads(lossOf)([tf.concat(z1Parts, 0), tf.concat(z2Parts, 0)]);

    // 3. chunk-wise backpropagation of dL/dz into the weights.
    const variables = model.trainableVariables();
    let total: tf.NamedTensorMap | undefined;
    for (const s of starts) {
      const next = tf.tidy(() => {
        const m = Math.min(microBatch, n - s);
        const upstream = tf.concat([dz1.slice([s, 0], [m, -1]), dz2.slice([s, 0], [m, -1])], 0);
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.mul(model.projectForTraining(chunk(s)), upstream)) as tf.Scalar,
          variables,
        );
        value.dispose();
        if (!total) return grads;
        const summed: tf.NamedTensorMap = {};
        for (const name of Object.keys(grads)) summed[name] = tf.add(total[name], grads[name]);
        return summed;
      });
      if (total) tf.dispose(Object.values(total));
      total = next;
    }
    return { loss: loss as tf.Scalar, grads: total as tf.NamedTensorMap, representation: tf.concat(z1Parts, 0) };
  });
}
