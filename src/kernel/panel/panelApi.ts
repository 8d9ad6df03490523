/**
 * `panel`: what a cell can read back from the side panel and export, for the sets it published with
 * show.embeddings (each call takes the set's id, default the newest):
 *   panel.selection(id?)                      -> { embeddingsId, indices, labels? }: the panel's box/lasso selection
 *   await panel.projection({ method, dims, id, seed })  -> { embeddingsId, method, dims, points }: [n, dims] row-major
 *   await panel.exportCsv(file, { method, selection, id }) -> the written path: index,label,class,x,y per point
 * The panel tells the kernel its selection whenever it changes and when it is reloaded (a 'select'
 * request), so reading it needs no round trip.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ProjectionMethod } from '../../protocol/projectionMethods';
import { pointsCsv } from '../../protocol/pointsCsv';
import type { PublishedStore } from './embeddingStore';
import { projectEmbeddings } from './projectEmbeddings';

export interface PanelSelection {
  embeddingsId: string;
  /** Indices of the selected points in the set; empty when nothing is selected. */
  indices: Int32Array;
  /** Their labels, when the set has labels. */
  labels?: Int32Array;
}

export interface PanelProjectionOptions {
  /** 'pca' (default), 'tsne' or 'umap', as in the panel. */
  method?: ProjectionMethod;
  dims?: 2 | 3;
  /** The set's id (default 'latest'). */
  id?: string;
  /** Default 1, the panel's seed: the same picture as the panel's. */
  seed?: number;
}

export interface PanelExportOptions extends PanelProjectionOptions {
  /** Only the panel's selected points (default false: every point). */
  selection?: boolean;
}

export interface PanelProjection {
  embeddingsId: string;
  method: ProjectionMethod;
  dims: 2 | 3;
  /** Row-major [n, dims]. */
  points: Float32Array;
}

/** @param notebookDir relative export paths resolve against the notebook's folder */
export function createPanelApi(store: PublishedStore, notebookDir: string, signal: () => AbortSignal | undefined) {
  const projection = async (options: PanelProjectionOptions = {}): Promise<PanelProjection> => {
    const embeddings = store.embeddings(options.id ?? 'latest');
    const method = options.method ?? 'pca';
    const dims = options.dims ?? 2;
    const points = await projectEmbeddings(
      embeddings.vectors,
      embeddings.n,
      embeddings.dim,
      method,
      dims,
      options.seed ?? 1,
      undefined,
      signal(),
    );
    return { embeddingsId: embeddings.id, method, dims, points };
  };
  return {
    selection(id = 'latest'): PanelSelection {
      const { embeddings, indices } = store.selection(id);
      const labels = embeddings.labels;
      return {
        embeddingsId: embeddings.id,
        indices: indices.slice(),
        ...(labels ? { labels: Int32Array.from(indices, (i) => labels[i]) } : {}),
      };
    },
    projection,
    async exportCsv(file: string, options: PanelExportOptions = {}): Promise<string> {
      const projected = await projection(options);
      const embeddings = store.embeddings(projected.embeddingsId);
      const indices = options.selection ? store.selection(projected.embeddingsId).indices : undefined;
      const text = pointsCsv(
        {
          points: projected.points,
          dims: projected.dims,
          labels: embeddings.labels,
          classNames: embeddings.classNames,
        },
        indices,
      );
      const target = path.resolve(notebookDir, file);
      await writeFile(target, text);
      return target;
    },
  };
}

export type PanelApi = ReturnType<typeof createPanelApi>;
