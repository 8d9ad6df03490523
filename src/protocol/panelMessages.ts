/**
 * What the kernel publishes for the side panel, and what the panel may ask of the kernel.
 * Embeddings and thumbnails travel as typed arrays (binary), never as JSON number lists.
 */

export type PanelEvent =
  | { kind: 'trainStart'; runId: string; config: Record<string, string | number | boolean>; startedAt: number }
  | { kind: 'trainStep'; runId: string; step: number; epoch: number; loss: number; learningRate: number; imagesPerSec: number }
  | { kind: 'trainMetric'; runId: string; step: number; name: string; value: number }
  | { kind: 'trainEnd'; runId: string; status: 'done' | 'interrupted' | 'error' }
  | {
      kind: 'embeddings';
      id: string;
      /** Row-major [n, dim]. */
      vectors: Float32Array;
      n: number;
      dim: number;
      labels?: Int32Array;
      classNames?: string[];
      /** Row-major [n, h, w, c] uint8 pixels of each point's image. */
      thumbnails?: Uint8Array;
      thumbnailShape?: [h: number, w: number, c: number];
    };

export type PanelRequest =
  | { kind: 'nearestNeighbours'; embeddingsId: string; index: number; k: number }
  | { kind: 'project'; embeddingsId: string; method: 'pca' | 'tsne' | 'umap'; dims: 2 | 3; seed?: number };

export type PanelResponse =
  | { kind: 'nearestNeighbours'; indices: Int32Array; similarities: Float32Array }
  | { kind: 'project'; method: 'pca' | 'tsne' | 'umap'; dims: 2 | 3; points: Float32Array }
  | { kind: 'error'; message: string };
