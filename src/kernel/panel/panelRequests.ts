/**
 * Answers the side panel's requests about what cells published (embeddings, augmentation sources).
 * They run on the kernel's event loop between a running cell's awaits, so they never hold back the
 * cell's output for long; slow projections report progress as 'requestProgress' events.
 */
import type { PanelEvent, PanelRequest, PanelResponse } from '../../protocol/panelMessages';
import type { PublishedStore } from './embeddingStore';
import { nearestNeighbours, nearestToVector } from '../../simclr/eval/nearestNeighbours';
import { projectEmbeddings } from './projectEmbeddings';
import { resampleViews } from './resampleViews';
import { assertNever } from '../../protocol/assertNever';
import { tf } from '../../simclr/tf';
import { tensorImage } from '../variables/tensorImage';
import { inspectPair } from './inspectPair';

/**
 * @param scope the notebook's top-level names (the Variables view asks for a tensor by name); none by default
 */
export async function answerPanelRequest(
  requestId: string,
  request: PanelRequest,
  store: PublishedStore,
  publish: (event: PanelEvent) => void,
  scope: Record<string, unknown> = {},
): Promise<PanelResponse> {
  try {
    switch (request.kind) {
      case 'nearestNeighbours': {
        const embeddings = store.embeddings(request.embeddingsId);
        const { indices, similarities } = nearestNeighbours(
          { vectors: embeddings.vectors, n: embeddings.n, dim: embeddings.dim },
          request.index,
          request.k,
        );
        return { kind: 'nearestNeighbours', indices, similarities };
      }
      case 'project': {
        const embeddings = store.embeddings(request.embeddingsId);
        const onProgress = (fraction: number, stage: string): void =>
          publish({ kind: 'requestProgress', requestId, fraction, stage });
        const points = await projectEmbeddings(
          embeddings.vectors,
          embeddings.n,
          embeddings.dim,
          request.method,
          request.dims,
          request.seed ?? 0,
          onProgress,
        );
        return { kind: 'project', method: request.method, dims: request.dims, points };
      }
      case 'textQuery': {
        const { embeddings, embedText } = store.textQuery(request.embeddingsId);
        const query = embedText(request.text);
        if (query.length !== embeddings.dim)
          throw new Error(`the text encoder gives ${query.length}-d vectors, the set has ${embeddings.dim}`);
        const { indices, similarities } = nearestToVector(
          embeddings.vectors,
          embeddings.n,
          embeddings.dim,
          query,
          request.k,
        );
        return { kind: 'textQuery', text: request.text, indices, similarities };
      }
      case 'augment': {
        const { source, config } = store.augmentations(request.augmentationsId);
        return resampleViews(source, config, request.index, request.views, request.seed, request.params);
      }
      case 'tensorImage': {
        const value = scope[request.name];
        if (!(value instanceof tf.Tensor)) throw new Error(`'${request.name}' is not a tensor (any more)`);
        return { kind: 'tensorImage', name: request.name, ...tensorImage(value) };
      }
      case 'inspectPair':
        return inspectPair(request, store);
      case 'select':
        return {
          kind: 'select',
          embeddingsId: request.embeddingsId,
          count: store.select(request.embeddingsId, request.indices),
        };
      default:
        return assertNever(request, 'panel request');
    }
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
