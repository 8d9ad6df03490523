/**
 * Picks the scatter renderer: WebGL 2 when asked for ('auto' or 'webgl') and the browser gives a
 * context whose shaders compile, else canvas 2-D. Asking for 'webgl' where there is none is an error
 * (the benchmark must not time the fallback under WebGL's name).
 */
import { CanvasScatterRenderer } from './canvasScatterRenderer';
import type { ScatterRenderer, ScatterRendererChoice } from './scatterRenderer';
import { webgl2Context, WebglScatterRenderer } from './webglScatterRenderer';

export function createScatterRenderer(choice: ScatterRendererChoice): ScatterRenderer {
  if (choice !== 'canvas2d') {
    const canvas = document.createElement('canvas');
    const gl = webgl2Context(canvas);
    if (gl) {
      try {
        return new WebglScatterRenderer(canvas, gl);
      } catch (error) {
        if (choice === 'webgl') throw error;
      }
    } else if (choice === 'webgl') throw new Error('WebGL 2 is not available in this browser');
  }
  return new CanvasScatterRenderer();
}
