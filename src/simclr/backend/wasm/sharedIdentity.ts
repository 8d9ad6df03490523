/**
 * Identity (tensor clone) for wasm that shares the input's buffer, as tfjs-backend-cpu and the wasm
 * backend's own Reshape do, instead of copying it. tfjs clones every tensor an op saves for its
 * gradient (engine.saveTensorsForBackwardMode), so with the stock copying kernel every activation a
 * training step keeps is stored two or three times over in the wasm heap. Sharing is safe because
 * tfjs tensors are immutable: kernels write only fresh outputs, and Variable.assign swaps buffers.
 */
import { tf } from '../../tf';

/** The part of tfjs-backend-wasm's backend this kernel uses (reference counting of buffers). */
interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

/** @param stock the backend's own Identity kernel, still used for string tensors */
export function sharedIdentityKernel(backendName: string, stock?: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Identity,
    backendName,
    kernelFunc: (params) => {
      const { inputs, backend } = params;
      const x = inputs.x;
      if (!x) throw new Error('Identity: missing input x');
      if (x.dtype === 'string') {
        if (!stock) throw new Error(`Identity on ${backendName}: string tensors need the backend's own kernel`);
        return stock.kernelFunc(params);
      }
      (backend as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
    },
  };
}
