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

/** A step's loss and the gradients of every trainable variable, not yet applied. */
export interface StepGradients {
  loss: tf.Scalar;
  grads: tf.NamedTensorMap;
  /** Projections of the first view [N, P] (for the collapse metric); disposed with the step. */
  representation?: tf.Tensor2D;
}

/**
 * Forward and backward pass of one step, without the update (so the caller can look at the loss
 * first and refuse a non-finite one, keeping the weights intact).
 * @param images [N, H, W, C] in [0, 1]
 * @returns the loss and the gradients; the caller disposes them (or passes them to `applyStep`)
 */
export function stepGradients(
  model: SimclrModel,
  images: tf.Tensor4D,
  augment: AugmentFn,
  rng: Random,
  temperature: number,
): StepGradients {
  const n = images.shape[0];
  return tf.tidy(() => {
    const first = augment(images, rng);
    const second = augment(images, rng);
    const views = tf.concat([first, second], 0);
    let representation: tf.Tensor2D | undefined;
    const { value, grads } = tf.variableGrads(() => {
      const z = model.projectForTraining(views);
      representation = tf.keep(z.slice([0, 0], [n, -1]));
      return ntXentLoss(z.slice([0, 0], [n, -1]), z.slice([n, 0], [n, -1]), temperature);
    }, model.trainableVariables());
    return { loss: value, grads, representation };
  });
}

/** Applies the gradients with `optimizer` and disposes them and the loss. */
export function applyStep(optimizer: tf.Optimizer, step: StepGradients): void {
  try {
    optimizer.applyGradients(step.grads);
  } finally {
    disposeStepGradients(step);
  }
}

/** Frees a step's loss, gradients and representation. */
export function disposeStepGradients(step: StepGradients): void {
  tf.dispose([step.loss, ...Object.values(step.grads), ...(step.representation ? [step.representation] : [])]);
}

/**
 * One whole step: views, loss, gradients and the optimiser update.
 * @param images [N, H, W, C] in [0, 1]
 * @returns the loss before the update (the caller disposes it)
 */
export function trainStep(
  model: SimclrModel,
  optimizer: tf.Optimizer,
  images: tf.Tensor4D,
  augment: AugmentFn,
  rng: Random,
  temperature: number,
): tf.Scalar {
  const step = stepGradients(model, images, augment, rng, temperature);
  const loss = step.loss.clone();
  applyStep(optimizer, step);
  return loss;
}
