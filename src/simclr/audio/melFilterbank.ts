/**
 * Triangular mel filterbank on the HTK mel scale, mel(f) = 2595 log10(1 + f / 700) (Young et al.,
 * The HTK Book), with no area normalisation: the same matrix as torchaudio's
 * `melscale_fbanks(n_freqs, f_min, f_max, n_mels, sample_rate, norm=None, mel_scale='htk')`.
 */

export function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/**
 * @param numBins frequency bins of a one-sided spectrum (fftLength / 2 + 1), spanning 0..sampleRate/2
 * @returns row-major [numBins, numMels] weights (float64 values in a Float32Array)
 */
export function melFilterbank(
  numBins: number,
  numMels: number,
  sampleRate: number,
  fMin: number,
  fMax: number,
): Float32Array {
  if (!Number.isInteger(numBins) || numBins < 2)
    throw new RangeError(`melFilterbank: numBins must be an integer >= 2, got ${numBins}`);
  if (!Number.isInteger(numMels) || numMels < 1)
    throw new RangeError(`melFilterbank: numMels must be a positive integer, got ${numMels}`);
  if (!(fMin >= 0 && fMax > fMin && fMax <= sampleRate / 2)) {
    throw new RangeError(
      `melFilterbank: need 0 <= fMin < fMax <= sampleRate / 2, got fMin ${fMin}, fMax ${fMax}, sampleRate ${sampleRate}`,
    );
  }
  const melMin = hzToMel(fMin);
  const melMax = hzToMel(fMax);
  const points = Array.from({ length: numMels + 2 }, (_, i) =>
    melToHz(melMin + ((melMax - melMin) * i) / (numMels + 1)),
  );
  const nyquist = Math.floor(sampleRate / 2);
  const out = new Float32Array(numBins * numMels);
  for (let k = 0; k < numBins; k++) {
    const f = (nyquist * k) / (numBins - 1);
    for (let m = 0; m < numMels; m++) {
      const down = (f - points[m]) / (points[m + 1] - points[m]);
      const up = (points[m + 2] - f) / (points[m + 2] - points[m + 1]);
      out[k * numMels + m] = Math.max(0, Math.min(down, up));
    }
  }
  return out;
}
