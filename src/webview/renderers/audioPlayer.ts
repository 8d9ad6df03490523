/**
 * Renderer of `application/vnd.look-twice.audio+json`: one row per clip with its spectrogram, an
 * audio player, its duration and caption.
 */
import { parseAudio } from './payloads';
import { mediaElement } from './mediaElement';
import type { MimeRenderer } from './rendererApi';

export const audioPlayerRenderer: MimeRenderer = {
  render(payload: unknown, element: HTMLElement): void {
    const p = parseAudio(payload);
    const root = document.createElement('div');
    root.className = 'lt-audio';
    for (const clip of p.clips) {
      const row = document.createElement('div');
      row.className = 'lt-audio-row';
      row.append(mediaElement({ wav: clip.wav, spectrogramPng: clip.spectrogramPng, label: clip.label }, 80));
      const text = document.createElement('span');
      text.textContent = `${clip.seconds.toFixed(2)} s, ${clip.sampleRate} Hz${clip.caption ? `: ${clip.caption}` : ''}`;
      row.append(text);
      root.append(row);
    }
    element.replaceChildren(root);
  },
  dispose(element: HTMLElement): void {
    element.replaceChildren();
  },
};
