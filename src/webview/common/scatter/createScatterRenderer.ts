/**
 * Picks the scatter renderer. 'auto' is WebGL 2 on a GPU and canvas 2-D where WebGL is missing or
 * runs on a software rasteriser (SwiftShader, llvmpipe: measured slower than the canvas 2-D
 * renderer's pixel loop at 70,000 points, see BENCHMARKS.md). 'webgl' is WebGL 2 whatever rasterises
 * it; asking for it where there is none is an error (the benchmark must not time the fallback under
 * WebGL's name). 'canvas2d' is always available.
 */
import { CanvasScatterRenderer } from './canvasScatterRenderer';
import type { ScatterRenderer, ScatterRendererChoice } from './scatterRenderer';
import { webgl2Context, WebglScatterRenderer } from './webglScatterRenderer';

export function createScatterRenderer(choice: ScatterRendererChoice): ScatterRenderer {
  if (choice === 'webgl' || (choice === 'auto' && webglRenderer().hardware)) {
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

/** Names of software rasterisers in a WebGL renderer string (Chrome: "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...". */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** What the browser's WebGL 2 runs on: `renderer` is the unmasked renderer string ('' when WebGL 2 is missing). */
export interface WebglRendererInfo {
  renderer: string;
  /** WebGL 2 is available and not a known software rasteriser. */
  hardware: boolean;
}

/** Whether a renderer string names a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

let probed: WebglRendererInfo | undefined;

/**
 * The page's WebGL renderer, probed once on a throwaway context that is released at once (browsers
 * keep only ~16 live WebGL contexts per page, and a notebook may hold many plots).
 */
export function webglRenderer(): WebglRendererInfo {
  if (probed) return probed;
  const gl = webgl2Context(document.createElement('canvas'));
  if (!gl) return (probed = { renderer: '', hardware: false });
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return (probed = { renderer, hardware: !isSoftwareRenderer(renderer) });
}

/** The scatter plot's renderer badge: a short name, and a tooltip saying why this renderer draws. */
export function rendererDescription(
  kind: ScatterRenderer['kind'],
  info: WebglRendererInfo,
): { text: string; title: string } {
  const gpu = info.renderer === '' ? 'no WebGL 2 in this browser' : `WebGL renderer: ${info.renderer}`;
  if (kind === 'webgl') return { text: 'WebGL', title: `Points drawn with WebGL 2 (${gpu})` };
  const why = info.renderer === '' || info.hardware ? gpu : `${gpu}, a software rasteriser: canvas 2-D is faster`;
  return { text: 'canvas 2-D', title: `Points drawn with canvas 2-D (${why})` };
}
