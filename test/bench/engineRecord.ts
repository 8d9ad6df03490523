/**
 * The benchmark's record of one engine run: what `npm run bench -- --json FILE` writes (an array
 * of these) and what every engine child prints as its last line, prefixed with "RESULT ".
 */
import type { Spread } from './roundRatios';

export type EngineName = 'tfjs-node' | 'tfjs-wasm' | 'tfjs-cpu' | 'pytorch';
export const ENGINES: EngineName[] = ['tfjs-node', 'tfjs-wasm', 'tfjs-cpu', 'pytorch'];

export interface EngineRecord {
  engine: EngineName;
  /** Images per training step (each image gives two views, so 2 x batchSize views). */
  batchSize: number;
  /** Source images per second through one optimisation step (forward both views, NT-Xent, backward, Adam). */
  trainImagesPerSec: number;
  /**
   * Source images per CPU-second of this process (all its threads) in the training step: less
   * sensitive than wall time to other jobs on a shared machine (and it counts spin-waiting threads).
   */
  trainImagesPerCpuSec: number;
  /** Images per second through the encoder in inference mode (batch norm with moving statistics). */
  inferImagesPerSec: number;
  /** The process's peak resident set size (the wasm heap never shrinks, so it counts fully). */
  peakRssBytes: number;
  /** tfjs or torch version. */
  version: string;
  /**
   * CPU-seconds of the process (all threads) per wall-second over the timed training steps and over
   * the inference batches: 2.0 keeps both cores of this machine busy.
   */
  trainCpuUtilisation: number;
  inferCpuUtilisation: number;
  /**
   * The attainable peak on this engine: GFLOP/s of a square float32 matmul of side `matmulSize`
   * (2 n^3 FLOPs, median of 3 after a warm-up), measured in the same process after the model.
   */
  matmulGflops?: number;
  matmulSize?: number;
  /** Median milliseconds of a training step and of an inference batch. */
  trainStepMs: number;
  inferBatchMs: number;
  inferBatchSize: number;
  /** Timed steps after warm-up (median taken over them). */
  trainSteps: number;
  threads: number;
  /** Trainable parameters of encoder and head (must match across engines). */
  encoderParams: number;
  headParams: number;
  /** Loss at the first and last step (a sanity check that training runs). */
  firstLoss: number;
  lastLoss: number;
  /** Engine-specific notes: backend choice reason, kernels installed, wasm heap size. */
  notes: string;
  wasmHeapBytes?: number;
  /** 'stock kernels' for the tfjs "before" column (--with-stock); absent for the project's kernels. */
  variant?: string;
  /** Medians over rounds: how many rounds produced this record. */
  rounds?: number;
  /** The round (1, 2, ...) of a single run; set by the bench's parent process. */
  round?: number;
  /** Combined over rounds: this engine's ratio to PyTorch in each round (training and inference img/s). */
  trainRatioRounds?: number[];
  inferRatioRounds?: number[];
  /** The median and min-max of those ratios: what a target is judged by. */
  trainRatio?: Spread;
  inferRatio?: Spread;
}

/** A run that failed: kept in the JSON so a missing engine says why. */
export interface EngineFailure {
  engine: EngineName;
  batchSize: number;
  error: string;
  variant?: string;
}

export type EngineOutcome = EngineRecord | EngineFailure;

export const isFailure = (o: EngineOutcome): o is EngineFailure => 'error' in o;

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
