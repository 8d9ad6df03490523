/**
 * Sum and Mean over leading axes as one matrix product, for wasm. The stock wasm reductions
 * transpose the whole tensor so the reduced axes come last, then loop; batch norm and its gradient
 * reduce NHWC activations over [0, 1, 2] several times per layer. Viewing x as [N, M] (N = product
 * of the reduced leading dims), ones[1, N] x X[N, M] is one XNNPACK fully-connected call, ~10x
 * faster here. Other reductions (inner axes, int dtypes) go to the backend's own kernel.
 */
import { tf } from '../tf';

interface ReduceAttrs { axis: number | number[]; keepDims: boolean }

/**
 * @param x any float32 tensor [d0, ..., dk, ...rest]; reduces axes 0..k
 * @returns shape rest (or [1, ..., 1, ...rest] with keepDims)
 */
export function reduceLeadingAxes(x: tf.Tensor, count: number, mean: boolean, keepDims: boolean): tf.Tensor {
  return tf.tidy(() => {
    const lead = x.shape.slice(0, count), rest = x.shape.slice(count);
    const n = lead.reduce((a, b) => a * b, 1), m = rest.reduce((a, b) => a * b, 1);
    let r: tf.Tensor = tf.matMul(tf.ones([1, n]), tf.reshape(x, [n, m]));
    if (mean) r = tf.mul(r, 1 / n);
    return tf.reshape(r, keepDims ? [...lead.map(() => 1), ...rest] : rest);
  });
}

/** Number of leading axes reduced, or -1 when the reduction is not over a leading prefix. */
function leadingCount(attrs: ReduceAttrs, shape: number[]): number {
  const axes = tf.util.parseAxisParam(attrs.axis, shape).sort((a, b) => a - b);
  if (axes.length === 0 || axes.some((a, i) => a !== i)) return -1;
  return axes.length;
}

function kernel(kernelName: string, backendName: string, mean: boolean, stock?: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName,
    backendName,
    // The stock wasm kernel binds its wasm function when the backend starts: keep that hook.
    setupFunc: stock?.setupFunc,
    kernelFunc: (params) => {
      const x = params.inputs.x;
      const attrs = params.attrs as unknown as ReduceAttrs;
      const count = x instanceof tf.Tensor && x.dtype === 'float32' ? leadingCount(attrs, x.shape) : -1;
      if (count < 0 || !(x instanceof tf.Tensor)) {
        if (!stock) throw new Error(`${kernelName} on ${backendName}: reduction over inner axes needs the backend's own kernel`);
        return stock.kernelFunc(params);
      }
      return reduceLeadingAxes(x, count, mean, attrs.keepDims);
    },
  };
}

export const leadingSumKernel = (backendName: string, stock?: tf.KernelConfig) => kernel(tf.Sum, backendName, false, stock);
export const leadingMeanKernel = (backendName: string, stock?: tf.KernelConfig) => kernel(tf.Mean, backendName, true, stock);
