/**
 * stop-gradient (sg in SimSiam, arXiv:2011.10566 algorithm 1; BYOL's sg(z') on the target, arXiv:
 * 2006.07733 eq. 2): the identity forward, a zero gradient backward. TensorFlow.js has no such op;
 * a custom gradient gives one inside a single forward pass, so the network that produced x still
 * runs once (its batch-norm statistics move once) and receives no gradient through this path.
 */
import { tf } from '../tf';

const stop = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor | tf.Tensor[]) => tf.zerosLike(dy as tf.Tensor) };
}) as (x: tf.Tensor) => tf.Tensor;

/** @param x any tensor -> the same values, no gradient flows back through them */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  return stop(x) as T;
}
