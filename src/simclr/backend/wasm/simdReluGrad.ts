/**
 * `LookTwiceReluGrad` (reluGradient.ts) for wasm on the project's SIMD kernel: dx = dy where
 * x > 0, else 0, in one pass over the heap, split over the SIMD threads. Without the SIMD kernels
 * it is the tfjs-core formula.
 */
import { tf } from '../../tf';
import { RELU_GRAD_KERNEL } from '../gradients/reluGradient';
import { pointerOf, simdPool, type WasmBackendLike } from './simd/simdKernels';
import { splitRange } from './simd/simdThreads';

export function simdReluGradKernel(): tf.KernelConfig {
  return {
    kernelName: RELU_GRAD_KERNEL,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { dy, x } = inputs as { dy: tf.Tensor; x: tf.Tensor };
      const pool = simdPool(backend as unknown as WasmBackendLike);
      if (!pool || dy.size !== x.size) return tf.tidy(() => tf.mul(dy, tf.cast(tf.step(x), 'float32')));
      const b = backend as unknown as WasmBackendLike;
      const dx = b.makeOutput([...x.shape], 'float32');
      const n = x.size;
      // A thread per 64k elements at most; shares cut on multiples of 4.
      const shares = splitRange(n, Math.min(pool.threads, Math.floor(n / 65536)), 4);
      pool.run(
        'reluGrad',
        shares.map(([k0, k1]) => [pointerOf(b, dy), pointerOf(b, x), pointerOf(b, dx), k0, k1]),
      );
      return dx;
    },
  };
}
