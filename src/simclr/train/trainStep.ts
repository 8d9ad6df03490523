/**
 * One SimCLR optimisation step (arXiv:2002.05709 algorithm 1): two augmented views of a batch,
 * projections of all 2N views in one forward pass (batch-norm statistics over both views), NT-Xent
 * between the views, and an optimiser update. Augmentation runs outside the gradient tape.
 */
import { tf } from '../tf';
import type { Random } from '../random';
import { ntXentLoss } from '../losses/ntXent';
import type { SimclrModel } from '../models/simclrModel';

/** Makes one random view of each image: [B, H, W, C] -> [B, H, W, C], drawing from `rng`. */
export type AugmentFn = (images: tf.Tensor4D, rng: Random) => tf.Tensor4D;

/**
 * @param images [N, H, W, C] in [0, 1]
 * @returns the loss before the update, as a scalar tensor the caller disposes
 */
export function trainStep(
  model: SimclrModel,
  optimizer: tf.Optimizer,
  images: tf.Tensor4D,
  augment: AugmentFn,
  rng: Random,
  temperature: number,
): tf.Scalar {
  const n = images.shape[0];
  return tf.tidy(() => {
    const first = augment(images, rng);
    const second = augment(images, rng);
    const views = tf.concat([first, second], 0);
    const loss = optimizer.minimize(
      () => {
        const z = model.projectForTraining(views);
        return ntXentLoss(z.slice([0, 0], [n, -1]), z.slice([n, 0], [n, -1]), temperature);
      },
      true,
      model.trainableVariables(),
    );
    if (!loss) throw new Error('trainStep: optimizer.minimize returned no loss');
    return loss;
  });
}
