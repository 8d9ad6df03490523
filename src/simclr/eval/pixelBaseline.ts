/**
 * The raw-pixel baseline: the same linear probe and kNN on flattened pixels in [0, 1] instead of
 * learned features, so a SimCLR accuracy can be read against what the images alone give.
 */
import type { ImageDataset } from '../data/dataset';
import { tf } from '../tf';
import { embedDatasetArray } from './embed';
import { knnAccuracy, type KnnOptions } from './knn';
import { linearProbe, type LinearProbeOptions, type LinearProbeResult } from './linearProbe';

export interface PixelBaselineOptions {
  /** Which evaluations to run. Default both. */
  methods?: Array<'linear' | 'knn'>;
  probe?: LinearProbeOptions;
  knn?: KnnOptions;
}

export interface PixelBaselineResult {
  linear?: LinearProbeResult;
  knnAccuracy?: number;
  /** h * w * c. */
  featureDim: number;
}

/** Flattens [b, h, w, c] to [b, h * w * c]. */
export const flattenPixels = (x: tf.Tensor4D): tf.Tensor2D => tf.reshape(x, [x.shape[0], -1]);

/** Linear probe and/or kNN accuracy of flattened pixels, trained on `train`, measured on `test`. */
export async function pixelBaseline(
  train: ImageDataset,
  test: ImageDataset,
  options: PixelBaselineOptions = {},
): Promise<PixelBaselineResult> {
  for (const set of [train, test]) if (!set.labels) throw new Error(`pixelBaseline: ${set.name} has no labels`);
  const methods = options.methods ?? ['linear', 'knn'];
  const trainFeatures = await embedDatasetArray(flattenPixels, train);
  const testFeatures = await embedDatasetArray(flattenPixels, test);
  const result: PixelBaselineResult = { featureDim: trainFeatures.dim };
  if (methods.includes('linear')) {
    result.linear = await linearProbe(
      null,
      { features: trainFeatures, labels: train.labels! },
      { features: testFeatures, labels: test.labels! },
      options.probe,
    );
  }
  if (methods.includes('knn')) {
    result.knnAccuracy = await knnAccuracy(trainFeatures, train.labels!, testFeatures, test.labels!, options.knn);
  }
  return result;
}
