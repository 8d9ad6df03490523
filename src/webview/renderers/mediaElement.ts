/**
 * One media item of a multimodal output as DOM: an image (pixels kept crisp), or an audio player
 * with the clip's spectrogram above it; the label as a small caption.
 */
import type { MediaView } from '../../protocol/outputs';

export function mediaElement(view: MediaView, size = 72): HTMLElement {
  const box = document.createElement('div');
  box.className = 'lt-media';
  if (view.png) {
    const img = document.createElement('img');
    img.className = 'lt-media-img';
    img.src = `data:image/png;base64,${view.png}`;
    img.alt = view.label ?? 'image';
    img.style.width = img.style.height = `${size}px`;
    box.append(img);
  }
  if (view.wav) {
    if (view.spectrogramPng) {
      const spec = document.createElement('img');
      spec.className = 'lt-media-spec';
      spec.src = `data:image/png;base64,${view.spectrogramPng}`;
      spec.alt = 'log-mel spectrogram';
      spec.style.height = `${size}px`;
      box.append(spec);
    }
    const audio = document.createElement('audio');
    audio.controls = true;
    audio.preload = 'none';
    audio.src = `data:audio/wav;base64,${view.wav}`;
    box.append(audio);
  }
  if (view.label) {
    const label = document.createElement('span');
    label.className = 'lt-media-label';
    label.textContent = view.label;
    box.append(label);
  }
  return box;
}
