/**
 * Rebuilds a two-tower (CLIP/CLAP) model from a checkpoint file (saveCheckpoint, or pretrainPaired's
 * `checkpoint` option): the config holds the tokenizer, so the model reads text as it was trained.
 */
import type { CheckpointJson } from '../train/checkpoint';
import { disposeCheckpointContents, readCheckpoint } from '../train/checkpoint';
import { DualEncoder, isDualEncoderConfig } from './dualEncoder';

export async function loadDualEncoder(
  path: string,
): Promise<{ model: DualEncoder; step: number; meta: Record<string, CheckpointJson> }> {
  const contents = await readCheckpoint(path);
  let model: DualEncoder | undefined;
  try {
    if (!isDualEncoderConfig(contents.modelConfig))
      throw new Error('holds a SimCLR model, not a two-tower one: load it with loadCheckpoint');
    model = new DualEncoder(contents.modelConfig);
    model.setWeights(contents.modelWeights.map((w) => w.tensor));
  } catch (error) {
    model?.dispose();
    throw new Error(`${path}: ${(error as Error).message}`);
  } finally {
    disposeCheckpointContents(contents);
  }
  return { model, step: contents.step, meta: contents.meta };
}
