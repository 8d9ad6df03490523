/**
 * Renderer of `application/vnd.look-twice.similarity+json`: the batch's media-caption cosine
 * similarities as a table of coloured cells (blue negative, white 0, red positive), media down the
 * side, caption numbers on top with the full captions listed below; the diagonal (true pairs) is
 * outlined. Hovering a cell names its caption.
 */
import { parseSimilarity } from './payloads';
import { mediaElement } from './mediaElement';
import type { MimeRenderer } from './rendererApi';

/** Same scale as the kernel's SVG fallback. */
export function cellColour(v: number): string {
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0 ? [255, 255 - 200 * t, 255 - 200 * t] : [255 + 200 * t, 255 + 200 * t, 255];
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

export const similarityHeatmapRenderer: MimeRenderer = {
  render(payload: unknown, element: HTMLElement): void {
    const p = parseSimilarity(payload);
    const root = document.createElement('div');
    root.className = 'lt-similarity';
    if (p.title) {
      const title = document.createElement('div');
      title.className = 'lt-similarity-title';
      title.textContent = p.title;
      root.append(title);
    }
    const table = document.createElement('table');
    const header = table.insertRow();
    header.insertCell();
    for (let j = 0; j < p.n; j++) {
      const th = document.createElement('th');
      th.textContent = String(j + 1);
      th.title = p.columns[j];
      header.append(th);
    }
    for (let i = 0; i < p.n; i++) {
      const row = table.insertRow();
      row
        .insertCell()
        .append(
          mediaElement(
            { ...p.rows[i], wav: undefined, png: p.rows[i].png ?? p.rows[i].spectrogramPng, label: undefined },
            40,
          ),
        );
      for (let j = 0; j < p.n; j++) {
        const v = p.values[i * p.n + j];
        const cell = row.insertCell();
        cell.className = i === j ? 'lt-similarity-cell lt-diagonal' : 'lt-similarity-cell';
        cell.style.background = cellColour(v);
        cell.textContent = v.toFixed(2);
        cell.title = `${p.rows[i].label ? `[${p.rows[i].label}] ` : ''}vs caption ${j + 1}: ${p.columns[j]}`;
      }
    }
    const captions = document.createElement('ol');
    captions.className = 'lt-similarity-captions';
    for (const c of p.columns) {
      const li = document.createElement('li');
      li.textContent = c;
      captions.append(li);
    }
    root.append(table, captions);
    element.replaceChildren(root);
  },
  dispose(element: HTMLElement): void {
    element.replaceChildren();
  },
};
