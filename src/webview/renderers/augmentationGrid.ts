/**
 * Renderer of `application/vnd.look-twice.augmentations+json`: the original image and its augmented
 * views as one PNG grid, with column titles, row labels and the pipeline line. Click cycles the zoom
 * (1x, 2x, 4x of the fitted size), Ctrl/Cmd + wheel zooms smoothly; pixels stay crisp (no smoothing).
 */
import type { AugmentationGridPayload } from '../../protocol/outputs';
import { parseAugmentationGrid } from './payloads';
import type { MimeRenderer } from './rendererApi';

const ZOOM_STEPS = [1, 2, 4];

/** Initial tile size in CSS pixels: tiny tiles (28 px) are enlarged, but the grid fits the width. */
export function fittedTilePx(tileSize: number, cols: number, availableWidth: number): number {
  const wanted = Math.max(tileSize, Math.min(96, tileSize * Math.ceil(72 / tileSize)));
  const labelsWidth = 72;
  const fits = Math.floor((Math.max(availableWidth, 200) - labelsWidth) / cols) - 2;
  return Math.max(8, Math.min(wanted, fits));
}

/** Gap between tiles in PNG pixels, from the decoded image size (the kernel separates tiles by a few pixels). */
export function tileGap(naturalSize: number, count: number, tileSize: number): number {
  return count > 1 ? Math.max(0, (naturalSize - count * tileSize) / (count - 1)) : 0;
}

function layout(root: HTMLElement, img: HTMLImageElement, p: AugmentationGridPayload, tilePx: number): void {
  const zoom = tilePx / p.tileSize;
  const gapX = img.naturalWidth > 0 ? tileGap(img.naturalWidth, p.cols, p.tileSize) : 0;
  const gapY = img.naturalHeight > 0 ? tileGap(img.naturalHeight, p.rows, p.tileSize) : 0;
  root.style.setProperty('--lt-tile', `${tilePx}px`);
  root.style.setProperty('--lt-cols', String(p.cols));
  root.style.setProperty('--lt-gap-x', `${gapX * zoom}px`);
  root.style.setProperty('--lt-gap-y', `${gapY * zoom}px`);
  img.style.width = `${(img.naturalWidth > 0 ? img.naturalWidth : p.cols * p.tileSize) * zoom}px`;
}

export const augmentationGridRenderer: MimeRenderer = {
  render(payload: unknown, element: HTMLElement): void {
    const p = parseAugmentationGrid(payload);
    const root = document.createElement('div');
    root.className = p.rowLabels ? 'lt-aug' : 'lt-aug lt-no-rowlabels';
    const base = fittedTilePx(p.tileSize, p.cols, element.clientWidth || 600);
    let zoomStep = 0;
    let tilePx = base;

    const titles = document.createElement('div');
    titles.className = 'lt-aug-titles';
    for (let c = 0; c < p.cols; c++) {
      const t = document.createElement('span');
      t.textContent = p.columnTitles[c] ?? (c === 0 ? 'original' : `view ${c}`);
      titles.append(t);
    }

    const body = document.createElement('div');
    body.className = 'lt-aug-body';
    const labels = document.createElement('div');
    labels.className = 'lt-aug-rowlabels';
    for (let r = 0; r < p.rows; r++) {
      const l = document.createElement('span');
      l.textContent = p.rowLabels?.[r] ?? '';
      labels.append(l);
    }
    const img = document.createElement('img');
    img.className = 'lt-aug-img';
    img.alt = `${p.rows} images, each with ${p.cols - 1} augmented views`;
    img.src = `data:image/png;base64,${p.png}`;
    img.title = 'Click to zoom; Ctrl+wheel for fine zoom';
    body.append(labels, img);

    const apply = (): void => layout(root, img, p, tilePx);
    img.addEventListener('load', apply);
    img.addEventListener('click', () => {
      zoomStep = (zoomStep + 1) % ZOOM_STEPS.length;
      tilePx = base * ZOOM_STEPS[zoomStep];
      apply();
    });
    img.addEventListener(
      'wheel',
      (e) => {
        if (!e.ctrlKey && !e.metaKey) return;
        e.preventDefault();
        tilePx = Math.max(8, Math.min(base * 8, tilePx * Math.exp(-e.deltaY * 0.002)));
        apply();
      },
      { passive: false },
    );

    root.append(titles, body);
    const footer = [p.pipeline, p.note].filter((s): s is string => typeof s === 'string' && s.length > 0);
    for (const line of footer) {
      const div = document.createElement('div');
      div.className = 'lt-caption';
      div.textContent = line;
      root.append(div);
    }
    apply();
    element.replaceChildren(root);
  },
  dispose(element: HTMLElement): void {
    element.replaceChildren();
  },
};
