/**
 * Effective rank (Roy & Vetterli 2007, "The effective rank: a measure of effective dimensionality",
 * EUSIPCO, def. 1), of the centred batch: with s the singular values and p_k = s_k / sum s,
 *
 *   erank = exp( -sum_k p_k log p_k ),   in [1, min(n, d)],
 *
 * the number of directions the embeddings really use: min(n, d) for a spread-out batch, 1 when they
 * lie on a line, low under dimensional collapse (Jing et al. 2022). A collapsed batch (every row the
 * same, centred to 0) has no spectrum: erank is defined as 0 there, the value a monitor should flag.
 * Singular values below max(n, d) * 2^-23 * ||z||_F (the float32 rounding of the inputs) count as 0.
 */
import { type Features } from '../eval/features';
import { batchSpectrum, type BatchSpectrum, type SpectrumOptions } from './singularValues';

/** Machine epsilon of float32, the precision of the embeddings. */
const FLOAT32_EPSILON = 2 ** -23;

/**
 * @param z [n, d] embeddings: a tensor (read back, not disposed) or a FeatureArray
 * @returns effective rank in [1, min(n, d)], or 0 for a batch of identical rows
 */
export function effectiveRank(z: Features, options: SpectrumOptions = {}): number {
  return spectrumEffectiveRank(batchSpectrum('effectiveRank', z, options));
}

/** effectiveRank of a spectrum already computed (the monitor also draws it: one SVD, not two). */
export function spectrumEffectiveRank({ singularValues, frobeniusNorm, n, d }: BatchSpectrum): number {
  const tolerance = Math.max(n, d) * FLOAT32_EPSILON * frobeniusNorm;
  const kept = singularValues.filter((s) => s > tolerance);
  const total = kept.reduce((s, v) => s + v, 0);
  if (!(total > 0)) return 0;
  let entropy = 0;
  for (const s of kept) {
    const p = s / total;
    entropy -= p * Math.log(p);
  }
  return Math.exp(entropy);
}
