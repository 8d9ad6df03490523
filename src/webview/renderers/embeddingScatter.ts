/**
 * Renderer of `application/vnd.look-twice.embedding+json`: a 2-D projection of embeddings on a
 * canvas, coloured by label with a legend (click a class to hide it); hovering a point shows its
 * thumbnail from the PNG atlas and its label; drag pans, wheel zooms, double-click fits.
 * 3-D payloads are shown by their first two coordinates.
 */
import { legendEntries, renderLegend } from '../common/legend';
import { ScatterView } from '../common/scatterView';
import { AtlasThumbnails } from '../common/thumbnails';
import { parseEmbedding } from './payloads';
import type { MimeRenderer } from './rendererApi';

const METHOD_NAMES = { pca: 'PCA', tsne: 't-SNE', umap: 'UMAP' } as const;

const views = new WeakMap<HTMLElement, ScatterView>();

export const embeddingScatterRenderer: MimeRenderer = {
  render(payload: unknown, element: HTMLElement): void {
    const p = parseEmbedding(payload);
    views.get(element)?.dispose();
    const n = p.points.length / p.dims;
    const root = document.createElement('div');
    root.className = 'lt-embedding';
    const caption = document.createElement('div');
    caption.className = 'lt-caption';
    const sampled = p.total > n ? ` (sampled from ${p.total})` : '';
    caption.textContent = `${METHOD_NAMES[p.method]} of ${n} embeddings${sampled}${p.note ? ` · ${p.note}` : ''} · drag to pan, wheel to zoom, double-click to fit`;
    const plot = document.createElement('div');
    plot.className = 'lt-embedding-plot';
    const legend = document.createElement('div');
    root.append(caption, plot, legend);
    element.replaceChildren(root);

    let thumbnails: AtlasThumbnails | undefined;
    if (p.thumbnails) {
      const image = new Image();
      image.src = `data:image/png;base64,${p.thumbnails.png}`;
      thumbnails = new AtlasThumbnails(image, p.thumbnails.tileSize, p.thumbnails.columns, n);
    }
    const view = new ScatterView(plot);
    views.set(element, view);
    view.setData({ points: p.points, dims: p.dims, labels: p.labels, classNames: p.classNames, thumbnails });

    if (p.labels) {
      const entries = legendEntries(p.labels, p.classNames);
      const hidden = new Set<number>();
      const redraw = (): void =>
        renderLegend(legend, entries, hidden, (label) => {
          if (hidden.has(label)) hidden.delete(label);
          else hidden.add(label);
          view.setHiddenLabels(hidden);
          redraw();
        });
      redraw();
    }
  },
  dispose(element: HTMLElement): void {
    views.get(element)?.dispose();
    views.delete(element);
    element.replaceChildren();
  },
};
