/**
 * tfjs-layers' BatchNormalization with a faster training pass where the backend has the kernels
 * for it (wasm with the project's SIMD kernels: backend/wasm/batchNormTraining.ts; tfjs-node with
 * TensorFlow's FusedBatchNormV3 and its gradient: backend/native/nativeBatchNorm.ts). Same weights, same
 * statistics, same moving-average update, same serialised class name ('BatchNormalization'); only
 * the training-mode computation differs, and it falls back to the stock layer for anything else
 * (inference, other backends, a channel axis other than the last, no centre or scale).
 */
import { tf } from '../tf';
import { batchNormTraining, batchNormTrainingAvailable } from '../backend/wasm/batchNormTraining';
import { nativeBatchNormTraining, nativeBatchNormTrainingAvailable } from '../backend/native/nativeBatchNorm';

type BatchNormArgs = Parameters<typeof tf.layers.batchNormalization>[0];
type Kwargs = Record<string, unknown>;

/** The parts of a LayerVariable this layer reads and writes. */
interface LayerVariableLike {
  read(): tf.Variable;
  write(value: tf.Tensor): void;
}

/** The stock layer's private fields this subclass uses (names as in tfjs-layers 4.x). */
interface BatchNormFields {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariableLike;
  beta: LayerVariableLike;
  movingMean: LayerVariableLike;
  movingVariance: LayerVariableLike;
}

/** tfjs-layers does not export the class itself; its factory's product has it as constructor. */
const StockBatchNormalization = Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor as new (
  args?: BatchNormArgs,
) => tf.layers.Layer;

/** The one-op training pass the active backend has kernels for (same signature on both), if any. */
function fusedTrainingPass(x: tf.Tensor): typeof batchNormTraining | undefined {
  if (nativeBatchNormTrainingAvailable(x)) return nativeBatchNormTraining;
  if (batchNormTrainingAvailable(x)) return batchNormTraining;
  return undefined;
}

export class BatchNormalization extends StockBatchNormalization {
  /** Serialises as the stock layer (it computes the same function). */
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const f = this as unknown as BatchNormFields;
    const lastAxis = f.axis === -1 || f.axis === x.rank - 1;
    const fastPath =
      kwargs.training === true && lastAxis && f.center && f.scale && f.gamma && f.beta
        ? fusedTrainingPass(x)
        : undefined;
    if (!fastPath) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = fastPath(x, f.gamma.read() as tf.Tensor1D, f.beta.read() as tf.Tensor1D, f.epsilon);
      try {
        // tfjs-layers' update: moving -= (moving - batch) * (1 - momentum), with the biased variance.
        for (const [moving, batch] of [
          [f.movingMean, mean],
          [f.movingVariance, variance],
        ] as const) {
          const current = moving.read();
          moving.write(tf.sub(current, tf.mul(tf.sub(current, batch), 1 - f.momentum)));
        }
      } finally {
        tf.dispose([mean, variance]);
      }
      return y;
    });
  }
}

/** Drop-in for tf.layers.batchNormalization. */
export function batchNormalization(args?: BatchNormArgs): BatchNormalization {
  return new BatchNormalization(args);
}
