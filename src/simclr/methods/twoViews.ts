/**
 * The Siamese methods' forward pass: two augmented views of each image through the online model in
 * one training-mode pass (batch-norm statistics over both views, as SimCLR's step).
 */
import { tf } from '../tf';
import type { SimclrModel } from '../models/simclrModel';
import type { AugmentFn } from '../train/trainStep';
import type { Random } from '../random';

/** Two augmented views, drawn in this order from `rng`: [N, H, W, C] each. */
export function augmentTwice(images: tf.Tensor4D, augment: AugmentFn, rng: Random): [tf.Tensor4D, tf.Tensor4D] {
  const first = augment(images, rng);
  return [first, augment(images, rng)];
}

/** Projections of both views in one pass: [N, P] each. */
export function projectBoth(model: SimclrModel, first: tf.Tensor4D, second: tf.Tensor4D): [tf.Tensor2D, tf.Tensor2D] {
  const n = first.shape[0];
  const z = model.projectForTraining(tf.concat([first, second], 0));
  return [z.slice([0, 0], [n, -1]), z.slice([n, 0], [n, -1])];
}
