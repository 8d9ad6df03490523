/**
 * Fused TensorFlow ops for gradients tfjs composes from many small kernels, used when the
 * 'tensorflow' backend (tfjs-node) runs. Found with `npm run bench -- --profile --profile-backend node`:
 * tfjs-core differentiates ReLU as dy * step(x), and tfjs-node's Step kernel is six full-size ops
 * (IsNan, Greater, two Fills, two Selects): ~12% of a training step's kernel time. TensorFlow's own
 * `ReluGrad(gradients, features)` is one pass: dx = dy where x > 0, else 0.
 * The gradient that uses it is ../gradients/reluGradient.ts (global; backends without the kernel keep
 * tfjs-core's formula). ../kernelRegistry.ts registers it; LOOK_TWICE_NATIVE_FUSED=0 leaves it out
 * (for A/B measurements).
 */
import { tf } from '../../tf';
import { RELU_GRAD_KERNEL } from '../gradients/reluGradient';

export { RELU_GRAD_KERNEL };

/** The part of tfjs-node's backend this file uses: run one TensorFlow op by name. */
interface TensorflowBackend {
  binding: { TF_ATTR_TYPE: number; TF_FLOAT: number };
  executeSingleOutput(
    name: string,
    attrs: Array<{ name: string; type: number; value: unknown }>,
    inputs: tf.Tensor[],
  ): tf.Tensor;
}

/** `LookTwiceReluGrad` for 'tensorflow': TensorFlow's own one-pass ReluGrad op. */
export function nativeReluGradKernel(): tf.KernelConfig {
  return {
    kernelName: RELU_GRAD_KERNEL,
    backendName: 'tensorflow',
    kernelFunc: ({ inputs, backend }) => {
      const { dy, x } = inputs as { dy: tf.Tensor; x: tf.Tensor };
      const tfBackend = backend as unknown as TensorflowBackend;
      const attrs = [{ name: 'T', type: tfBackend.binding.TF_ATTR_TYPE, value: tfBackend.binding.TF_FLOAT }];
      return tfBackend.executeSingleOutput('ReluGrad', attrs, [dy, x]);
    },
  };
}
