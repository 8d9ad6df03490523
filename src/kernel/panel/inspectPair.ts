/**
 * The panel's pair inspector in the kernel: a point of a set shown from a model -> two fresh views of
 * its image, their cosine under the model's current weights, and the batch's hardest negatives
 * (the library's inspectPositivePair). Negatives are drawn from the set's own images, so every index
 * the panel gets back has a thumbnail there.
 */
import type { PanelRequest, PanelResponse } from '../../protocol/panelMessages';
import { inspectPositivePair } from '../../simclr/eval/positivePair';
import type { PublishedStore } from './embeddingStore';

type InspectPairRequest = Extract<PanelRequest, { kind: 'inspectPair' }>;

export function inspectPair(request: InspectPairRequest, store: PublishedStore): PanelResponse {
  const { embeddings, source } = store.pairSource(request.embeddingsId);
  try {
    const inspection = inspectPositivePair(source.model, source.dataset, request.index, {
      augment: source.augment,
      seed: request.seed,
      negatives: request.negatives,
      limit: embeddings.n,
      ...(source.batchSize !== undefined ? { batchSize: source.batchSize } : {}),
      ...(source.temperature !== undefined ? { temperature: source.temperature } : {}),
    });
    return {
      kind: 'inspectPair',
      embeddingsId: embeddings.id,
      seed: request.seed,
      pipeline: source.pipeline,
      ...inspection,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // tfjs says "Tensor is disposed" / "Layer ... is already disposed" when model.dispose() ran.
    if (/disposed/i.test(message))
      throw new Error(
        `the model behind '${embeddings.id}' was disposed (model.dispose()): show the embeddings again from a live model`,
      );
    throw error;
  }
}
