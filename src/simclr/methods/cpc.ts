/**
 * Contrastive predictive coding, CPC (van den Oord, Li and Vinyals 2018, "Representation Learning
 * with Contrastive Predictive Coding", arXiv:1807.03748, section 2 and 3.3), in a patch-based
 * variant for small images. As the paper's image experiment, an image is cut into an overlapping
 * grid of patches (50% overlap), each patch is encoded on its own, z_{r,c} = g_enc(x_{r,c}), an
 * autoregressive context network summarises the rows up to r, c_{r,c} = g_ar(z_{<=r, c}), and a
 * linear map per offset k predicts the patch k rows below. The loss is InfoNCE (eq. 4) with the
 * paper's bilinear score f_k = exp(z_{r+k,c}^T W_k c_{r,c}) and the other patches of the batch at
 * the same offset as negatives:
 *
 *   L_k = -mean log( f_k(z_{r+k,c}, c_{r,c}) / sum_{z_j in batch} f_k(z_j, c_{r,c}) ).
 *
 * What differs from the paper, for 28x28 images: a 3x3 grid of side/2 patches at stride side/4
 * (the paper: 7x7 grid of 64x64 patches of 256x256 images); the encoder is the model's encoder,
 * applied to the patches at their own size (it ends in global average pooling), so downstream
 * evaluation runs the same encoder on whole images; g_ar is a causal running mean over rows
 * followed by a dense layer with ReLU (the paper: a PixelCNN); offsets k = 1 .. rows - 1 (= 2).
 */
import { tf } from '../tf';
import { Random } from '../random';
import type { SimclrModel } from '../models/simclrModel';
import { glorotUniform } from '../models/layers';
import { namedWeightsOf, setWeightsOf, trainableOf } from './networkState';
import type { Method, MethodSetup, MethodTrainer } from './method';

/** The patch grid for an S x S image: patch side S/2, stride S/4, rows = cols = 3. */
export function cpcGrid(side: number): { patch: number; stride: number; rows: number } {
  const patch = Math.floor(side / 2),
    stride = Math.floor(side / 4);
  if (patch < 4 || stride < 1) throw new RangeError(`cpc: images of side ${side} are too small for a patch grid`);
  return { patch, stride, rows: Math.floor((side - patch) / stride) + 1 };
}

/**
 * @param images [N, S, S, C]
 * @returns [rows * rows * N, p, p, C], grid-position-major: block (r * rows + c) holds patch (r, c) of every image
 */
export function cutPatches(images: tf.Tensor4D, grid: { patch: number; stride: number; rows: number }): tf.Tensor4D {
  return tf.tidy(() => {
    const parts: tf.Tensor4D[] = [];
    for (let r = 0; r < grid.rows; r++) {
      for (let c = 0; c < grid.rows; c++)
        parts.push(images.slice([0, r * grid.stride, c * grid.stride, 0], [-1, grid.patch, grid.patch, -1]));
    }
    return tf.concat(parts, 0);
  });
}

function dense(
  inputDim: number,
  units: number,
  activation: 'relu' | 'linear',
  useBias: boolean,
  seed: number,
  name: string,
): tf.LayersModel {
  const input = tf.input({ shape: [inputDim] });
  const output = tf.layers
    .dense({ units, activation, useBias, kernelInitializer: glorotUniform(new Random(seed)) })
    .apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name });
}

export function cpc(): Method {
  const name = 'cpc';
  return {
    name,
    config: { grid: '3x3 patches of side/2, stride side/4', offsets: 2 },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      const [side, width] = model.inputShape;
      if (side !== width) throw new RangeError(`${name}: needs square images, the model takes ${side}x${width}`);
      const grid = cpcGrid(side);
      const d = model.representationDim;
      const offsets = grid.rows - 1;
      const context = dense(d, d, 'relu', true, setup.seed + 17, 'cpc_context');
      const predictors = dense(d, offsets * d, 'linear', false, setup.seed + 19, 'cpc_predictors');
      const rowsAveraged = Array.from({ length: grid.rows }, (_, r) =>
        Array.from({ length: grid.rows }, (_, q) => (q <= r ? 1 / (r + 1) : 0)),
      );
      const causalMean = tf.tensor2d(rowsAveraged); // [rows, rows]
      return {
        gradients(batch) {
          return tf.tidy(() => {
            const n = batch.images.shape[0];
            const patches = cutPatches(setup.augment(batch.images, batch.rng), grid);
            const cells = grid.rows * grid.rows;
            let representation: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const z = (model.encoder.apply(patches, { training: true }) as tf.Tensor2D).reshape([
                grid.rows,
                grid.rows,
                n,
                d,
              ]); // [r, c, N, D]
              representation = tf.keep(tf.mean(z.reshape([cells, n, d]), 0) as tf.Tensor2D);
              // Causal running mean over rows (row r sees rows 0..r) as a lower-triangular averaging matrix.
              const summary = tf.matMul(causalMean, z.reshape([grid.rows, -1]));
              const c = (context.apply(summary.reshape([-1, d])) as tf.Tensor2D).reshape([grid.rows, grid.rows, n, d]);
              const predicted = (predictors.apply(c.reshape([-1, d])) as tf.Tensor2D).reshape([
                grid.rows,
                grid.rows,
                n,
                offsets,
                d,
              ]);
              const losses: tf.Scalar[] = [];
              for (let k = 1; k <= offsets; k++) {
                const rows = grid.rows - k;
                const query = predicted
                  .slice([0, 0, 0, k - 1, 0], [rows, -1, -1, 1, -1])
                  .reshape([-1, d]) as tf.Tensor2D; // W_k c_{r,c}
                const target = z.slice([k, 0, 0, 0], [rows, -1, -1, -1]).reshape([-1, d]) as tf.Tensor2D; // z_{r+k,c}
                const scores = tf.matMul(query, target, false, true); // [M, M], positives on the diagonal
                const m = query.shape[0];
                losses.push(tf.losses.softmaxCrossEntropy(tf.eye(m), scores) as tf.Scalar);
              }
              return tf.div(tf.addN(losses), offsets) as tf.Scalar;
            }, [
              ...model.encoder.trainableWeights.map((w) => w.read() as tf.Variable),
              ...trainableOf([context, predictors]),
            ]);
            return { loss: value, grads, representation };
          });
        },
        statisticsVariables: () => model.statisticsVariables(),
        state: () => namedWeightsOf([context, predictors]),
        setState(values) {
          const rest = setWeightsOf(name, [context, predictors], values);
          if (rest.length !== 0)
            throw new Error(
              `${name}: checkpoint state has ${rest.length} tensors beyond the context and prediction networks`,
            );
        },
        dispose() {
          context.dispose();
          predictors.dispose();
          causalMean.dispose();
        },
      };
    },
  };
}
