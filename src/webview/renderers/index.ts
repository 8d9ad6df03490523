/**
 * Look Twice's notebook renderers (entry of dist/webview/renderers.js, an ES module that VS Code
 * loads into the notebook's output webview). Dispatches each output item to the renderer of its
 * MIME type; a payload that fails validation is shown as a readable error, not thrown away.
 */
import { LookTwiceMime, type LookTwiceMimeType } from '../../protocol/outputs';
import uplotCss from 'uplot/dist/uPlot.min.css';
import renderersCss from '../common/components.css';
import { augmentationGridRenderer } from './augmentationGrid';
import { embeddingScatterRenderer } from './embeddingScatter';
import { lossCurveRenderer } from './lossCurve';
import type { MimeRenderer, RendererApi, RendererContext, RendererOutputItem } from './rendererApi';
import { trainingProgressRenderer } from './trainingProgress';
import { retrievalGridRenderer } from './retrievalGrid';
import { audioPlayerRenderer } from './audioPlayer';
import { similarityHeatmapRenderer } from './similarityHeatmap';
import { assertNever } from '../../protocol/assertNever';

export function rendererFor(mime: LookTwiceMimeType): MimeRenderer {
  switch (mime) {
    case LookTwiceMime.augmentations:
      return augmentationGridRenderer;
    case LookTwiceMime.lossCurve:
      return lossCurveRenderer;
    case LookTwiceMime.embedding:
      return embeddingScatterRenderer;
    case LookTwiceMime.progress:
      return trainingProgressRenderer;
    case LookTwiceMime.retrieval:
      return retrievalGridRenderer;
    case LookTwiceMime.audio:
      return audioPlayerRenderer;
    case LookTwiceMime.similarity:
      return similarityHeatmapRenderer;
    default:
      assertNever(mime, 'MIME type');
  }
}

function isLookTwiceMime(mime: string): mime is LookTwiceMimeType {
  return (Object.values(LookTwiceMime) as string[]).includes(mime);
}

function injectStyles(): void {
  if (document.getElementById('look-twice-renderer-styles')) return;
  const style = document.createElement('style');
  style.id = 'look-twice-renderer-styles';
  style.textContent = `${uplotCss}\n${renderersCss}`;
  document.head.append(style);
}

function showError(element: HTMLElement, mime: string, error: unknown): void {
  const box = document.createElement('div');
  box.className = 'lt-error';
  box.textContent = `Look Twice could not render ${mime}: ${error instanceof Error ? error.message : String(error)}`;
  element.replaceChildren(box);
}

export function activate(_context: RendererContext): RendererApi {
  injectStyles();
  /** Which element each output id was rendered into, and by which renderer, for disposal. */
  const rendered = new Map<string, { element: HTMLElement; renderer: MimeRenderer }>();
  return {
    renderOutputItem(item: RendererOutputItem, element: HTMLElement): void {
      if (!isLookTwiceMime(item.mime)) {
        showError(element, item.mime, new Error('unknown MIME type'));
        return;
      }
      const renderer = rendererFor(item.mime);
      try {
        renderer.render(item.json(), element);
        rendered.set(item.id, { element, renderer });
      } catch (error) {
        showError(element, item.mime, error);
      }
    },
    disposeOutputItem(id?: string): void {
      const targets = id === undefined ? [...rendered.keys()] : [id];
      for (const key of targets) {
        const entry = rendered.get(key);
        entry?.renderer.dispose(entry.element);
        rendered.delete(key);
      }
    },
  };
}
