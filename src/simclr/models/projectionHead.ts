/**
 * The SimCLR projection head g(.) (arXiv:2002.05709 section 2.1): an MLP from the representation h
 * to the space z where the contrastive loss is applied. Hidden layers are dense + ReLU, the last
 * layer is linear. Default 128 -> 128 -> 64.
 */
import { tf } from '../tf';
import { Random } from '../random';
import { glorotUniform } from './layers';

export interface ProjectionHeadConfig {
  /** Size of the representation the head reads. */
  inputDim: number;
  /** Output size of each dense layer; the last is the projection size. */
  widths: number[];
}

export const defaultProjectionHeadConfig: ProjectionHeadConfig = { inputDim: 128, widths: [128, 64] };

/** Fills defaults and validates; throws a RangeError naming the bad field. */
export function resolveProjectionHeadConfig(config: Partial<ProjectionHeadConfig> = {}): ProjectionHeadConfig {
  const c = { ...defaultProjectionHeadConfig, ...config };
  if (!Number.isInteger(c.inputDim) || c.inputDim <= 0)
    throw new RangeError(`projection head inputDim must be a positive integer, got ${c.inputDim}`);
  if (c.widths.length === 0) throw new RangeError('projection head widths must name at least one layer');
  c.widths.forEach((w, i) => {
    if (!Number.isInteger(w) || w <= 0)
      throw new RangeError(`projection head widths[${i}] must be a positive integer, got ${w}`);
  });
  return c;
}

/**
 * Builds the head with weights drawn from `seed`.
 * @returns a LayersModel mapping [B, inputDim] to [B, widths.at(-1)]
 */
export function createProjectionHead(config: Partial<ProjectionHeadConfig> = {}, seed = 0): tf.LayersModel {
  const c = resolveProjectionHeadConfig(config);
  const rng = new Random(seed);
  const input = tf.input({ shape: [c.inputDim] });
  let x: tf.SymbolicTensor = input;
  c.widths.forEach((units, i) => {
    const last = i === c.widths.length - 1;
    x = tf.layers
      .dense({
        units,
        activation: last ? 'linear' : 'relu',
        kernelInitializer: glorotUniform(rng),
        biasInitializer: 'zeros',
      })
      .apply(x) as tf.SymbolicTensor;
  });
  return tf.model({ inputs: input, outputs: x, name: 'projection_head' });
}
