/**
 * An in-memory set of mono audio clips of equal length, with optional labels and one caption per
 * clip: what the audio loaders and synthesisers return and what CLAP-style training consumes.
 */

export interface AudioDataset {
  /** Short name, e.g. 'sound-events/train'. */
  name: string;
  /** What the clips are and where they came from, for the user to see. */
  source: string;
  sampleRate: number;
  /** Samples per clip. */
  clipLength: number;
  /** Row-major [n, clipLength] samples in [-1, 1]. */
  waveforms: Float32Array;
  /** Number of clips. */
  size: number;
  labels?: Int32Array;
  classNames?: string[];
  /** One caption per clip. */
  captions: string[];
}

/** Clip `index` as a view on the dataset's samples. */
export function clipSamples(dataset: AudioDataset, index: number): Float32Array {
  if (!Number.isInteger(index) || index < 0 || index >= dataset.size) {
    throw new RangeError(`clip index ${index} is outside ${dataset.name} (0..${dataset.size - 1})`);
  }
  return dataset.waveforms.subarray(index * dataset.clipLength, (index + 1) * dataset.clipLength);
}

/** The clips at `indices`, copied into one [indices.length, clipLength] array. */
export function waveformBatch(dataset: AudioDataset, indices: ArrayLike<number>): Float32Array {
  const out = new Float32Array(indices.length * dataset.clipLength);
  for (let i = 0; i < indices.length; i++) out.set(clipSamples(dataset, indices[i]), i * dataset.clipLength);
  return out;
}

/** The clips at `indices` as a new dataset sharing no memory with `dataset`. */
export function audioSubset(dataset: AudioDataset, indices: ArrayLike<number>, name = dataset.name): AudioDataset {
  return {
    ...dataset,
    name,
    waveforms: waveformBatch(dataset, indices),
    size: indices.length,
    labels: dataset.labels ? Int32Array.from(Array.from(indices, (i) => dataset.labels![i])) : undefined,
    captions: Array.from(indices, (i) => dataset.captions[i]),
  };
}
