/**
 * The ReLU gradient as one kernel where a backend has one. tfjs-core differentiates ReLU as
 * dy * cast(step(x)): three full-size passes and two temporaries per ReLU (on tfjs-node, Step alone
 * is six TensorFlow ops). Backends get a one-pass `LookTwiceReluGrad` kernel: TensorFlow's ReluGrad
 * on tfjs-node (../native/nativeKernels.ts), the project's SIMD kernel on wasm (../wasm/simdReluGrad.ts). The
 * gradient is global (tfjs has one registry): on a backend without the kernel it computes exactly
 * tfjs-core's formula.
 */
import { tf } from '../../tf';

export const RELU_GRAD_KERNEL = 'LookTwiceReluGrad';

let registered = false;

/** Registers the Relu gradient that uses RELU_GRAD_KERNEL when the active backend has it. Idempotent. */
export function registerReluGradient(): void {
  if (registered) return;
  tf.registerGradient({
    kernelName: tf.Relu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved;
      const g = dy as tf.Tensor;
      if (x.dtype === 'float32' && g.dtype === 'float32' && tf.getKernel(RELU_GRAD_KERNEL, tf.getBackend())) {
        return { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: g, x }) as tf.Tensor };
      }
      return { x: () => tf.mul(g, tf.cast(tf.step(x), 'float32')) }; // tfjs-core's Relu_grad
    },
  });
  registered = true;
}
