/**
 * Renderer of `application/vnd.look-twice.retrieval+json`: the query (a text, or a media item with
 * its caption) and its ranked results as cards (media, caption, cosine similarity); a result that is
 * the query's own pair is marked.
 */
import { parseRetrieval } from './payloads';
import { mediaElement } from './mediaElement';
import type { MimeRenderer } from './rendererApi';

export const retrievalGridRenderer: MimeRenderer = {
  render(payload: unknown, element: HTMLElement): void {
    const p = parseRetrieval(payload);
    const root = document.createElement('div');
    root.className = 'lt-retrieval';
    const head = document.createElement('div');
    head.className = 'lt-retrieval-query';
    if (p.query.media) head.append(mediaElement(p.query.media, 96));
    const title = document.createElement('span');
    title.textContent =
      p.direction === 'text-to-media'
        ? `“${p.query.text ?? ''}”: top ${p.results.length} of ${p.searched} items`
        : `${p.query.text ? `“${p.query.text}”` : 'this item'}: top ${p.results.length} of ${p.searched} captions`;
    head.append(title);
    const list = document.createElement('div');
    list.className = p.direction === 'text-to-media' ? 'lt-retrieval-cards' : 'lt-retrieval-captions';
    p.results.forEach((r, i) => {
      const card = document.createElement('div');
      card.className = r.match ? 'lt-retrieval-card lt-match' : 'lt-retrieval-card';
      if (r.media) card.append(mediaElement(r.media));
      const text = document.createElement('span');
      text.className = 'lt-retrieval-text';
      text.textContent = `${i + 1}. ${r.score.toFixed(3)}${r.text ? `  ${r.text}` : ''}`;
      text.title = r.text ?? '';
      card.append(text);
      list.append(card);
    });
    root.append(head, list);
    element.replaceChildren(root);
  },
  dispose(element: HTMLElement): void {
    element.replaceChildren();
  },
};
