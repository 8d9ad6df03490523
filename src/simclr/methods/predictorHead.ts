/**
 * The prediction MLP of BYOL (Grill et al. 2020, arXiv:2006.07733 section 3.3: "the same
 * architecture as g", linear -> batch norm -> ReLU -> linear) and SimSiam (Chen & He 2021,
 * arXiv:2011.10566 section 4.4: a bottleneck, hidden width a quarter of the output, BN + ReLU on the
 * hidden layer, no BN on the output). Maps the projection z [B, P] to a prediction p [B, P].
 */
import { tf } from '../tf';
import { Random } from '../random';
import { glorotUniform } from '../models/layers';
import { batchNormalization } from '../models/batchNormalization';

/**
 * @param inputDim P, the projection size (also the output size)
 * @param hiddenDim width of the hidden layer
 * @returns a LayersModel [B, P] -> [B, P]
 */
export function createPredictorHead(
  inputDim: number,
  hiddenDim: number,
  seed: number,
  name = 'predictor',
): tf.LayersModel {
  const rng = new Random(seed);
  const input = tf.input({ shape: [inputDim] });
  let x = tf.layers
    .dense({ units: hiddenDim, useBias: false, kernelInitializer: glorotUniform(rng) })
    .apply(input) as tf.SymbolicTensor;
  x = batchNormalization({ momentum: 0.9, epsilon: 1e-5 }).apply(x) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({ units: inputDim, kernelInitializer: glorotUniform(rng), biasInitializer: 'zeros' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: x, name });
}
