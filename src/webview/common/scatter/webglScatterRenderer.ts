/**
 * The WebGL 2 scatter renderer: every point is one gl.POINTS vertex, uploaded once per projection.
 *
 * A frame is a uniform update and one drawArrays (two with a selection), so panning and zooming
 * 70,000 points costs the GPU (or SwiftShader) a few milliseconds and JavaScript nothing per point.
 * Vertices are stored in labelGroups order (the canvas renderer's order), each with its class colour
 * as 4 bytes (alpha 0 = a hidden class or a non-finite point: not drawn); hiding a class rewrites
 * that colour buffer (280 KB at 70,000 points). Colours are premultiplied for the page compositor.
 * The drawing buffer is preserved so the view can be exported (toDataURL) between frames.
 * Shaders are compiled from strings by the GPU driver, not evaluated as script: the webview's CSP
 * (no 'unsafe-eval') allows it.
 */
import { labelColour } from '../palette';
import { groupByLabel } from './labelGroups';
import {
  baseAlpha,
  hexRgb,
  pointSize,
  POINT_ALPHA,
  type ScatterPoints,
  type ScatterRenderer,
  type ScatterScene,
} from './scatterRenderer';

const VERTEX_SHADER = `#version 300 es
in vec2 position;
in vec4 rgba;
uniform vec4 transform; // clip = position * transform.xz + transform.yw
uniform float size;
uniform float alpha;
flat out vec4 colour;
void main() {
  colour = vec4(rgba.rgb * alpha, alpha);
  // Not drawn: outside the clip volume.
  gl_Position = rgba.a == 0.0 ? vec4(2.0, 2.0, 2.0, 1.0) : vec4(position.x * transform.x + transform.y, position.y * transform.z + transform.w, 0.0, 1.0);
  gl_PointSize = size;
}`;

const FRAGMENT_SHADER = `#version 300 es
precision mediump float;
flat in vec4 colour;
out vec4 fragment;
void main() { fragment = colour; }`;

/** A WebGL 2 context for `canvas`, or undefined when the browser gives none. */
export function webgl2Context(canvas: HTMLCanvasElement): WebGL2RenderingContext | undefined {
  return (
    canvas.getContext('webgl2', {
      antialias: false,
      premultipliedAlpha: true,
      preserveDrawingBuffer: true,
      alpha: true,
    }) ?? undefined
  );
}

export class WebglScatterRenderer implements ScatterRenderer {
  readonly kind = 'webgl';
  private readonly program: WebGLProgram;
  private readonly vao: WebGLVertexArrayObject;
  private readonly positions: WebGLBuffer;
  private readonly colours: WebGLBuffer;
  private readonly emphasisBuffer: WebGLBuffer;
  private readonly uniforms: {
    transform: WebGLUniformLocation | null;
    size: WebGLUniformLocation | null;
    alpha: WebGLUniformLocation | null;
  };
  private count = 0;
  /** Label of each vertex, or undefined for a point with a non-finite coordinate (never drawn). */
  private vertexLabels: Array<number | undefined> = [];
  /** Vertex slot of each point index (vertices are in group order). */
  private slotOf = new Int32Array(0);
  private hiddenKey: string | undefined;
  private emphasisSource: Int32Array | undefined;
  private emphasisCount = 0;

  /** Throws when `gl` cannot compile the shaders (callers fall back to canvas 2-D). */
  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly gl: WebGL2RenderingContext,
  ) {
    this.program = linkProgram(gl);
    this.uniforms = {
      transform: gl.getUniformLocation(this.program, 'transform'),
      size: gl.getUniformLocation(this.program, 'size'),
      alpha: gl.getUniformLocation(this.program, 'alpha'),
    };
    this.vao = required(gl.createVertexArray(), 'vertex array');
    this.positions = required(gl.createBuffer(), 'buffer');
    this.colours = required(gl.createBuffer(), 'buffer');
    this.emphasisBuffer = required(gl.createBuffer(), 'buffer');
    gl.bindVertexArray(this.vao);
    const position = gl.getAttribLocation(this.program, 'position');
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);
    const rgba = gl.getAttribLocation(this.program, 'rgba');
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colours);
    gl.enableVertexAttribArray(rgba);
    gl.vertexAttribPointer(rgba, 4, gl.UNSIGNED_BYTE, true, 0, 0);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.emphasisBuffer);
    gl.bindVertexArray(null);
  }

  setPoints(data: ScatterPoints): void {
    const { gl } = this;
    const n = Math.floor(data.points.length / data.dims);
    const xy = new Float32Array(n * 2);
    this.slotOf = new Int32Array(n);
    this.vertexLabels = new Array<number | undefined>(n);
    let slot = 0;
    for (const group of groupByLabel(n, data.labels)) {
      for (const i of group.indices) {
        const x = data.points[i * data.dims],
          y = data.points[i * data.dims + 1];
        const finite = Number.isFinite(x) && Number.isFinite(y);
        xy[slot * 2] = finite ? x : 0;
        xy[slot * 2 + 1] = finite ? y : 0;
        this.vertexLabels[slot] = finite ? group.label : undefined;
        this.slotOf[i] = slot++;
      }
    }
    this.count = n;
    this.hiddenKey = undefined;
    this.emphasisSource = undefined;
    this.emphasisCount = 0;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.positions);
    gl.bufferData(gl.ARRAY_BUFFER, xy, gl.STATIC_DRAW);
  }

  draw(scene: ScatterScene, width: number, height: number): void {
    const { gl } = this;
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    gl.viewport(0, 0, width, height);
    gl.clearColor(0, 0, 0, 0);
    gl.clear(gl.COLOR_BUFFER_BIT);
    if (this.count === 0 || gl.isContextLost()) return;
    this.updateColours(scene.hidden);
    this.updateEmphasis(scene.emphasis);
    const { scale, tx, ty } = scene.viewport;
    const s = scale * scene.dpr;
    gl.useProgram(this.program);
    gl.bindVertexArray(this.vao);
    // screen = (x * s + tx * dpr, -y * s + ty * dpr) device px; clip = screen / size * 2 - 1 (y flipped).
    gl.uniform4f(
      this.uniforms.transform,
      (2 * s) / width,
      (2 * tx * scene.dpr) / width - 1,
      (2 * s) / height,
      1 - (2 * ty * scene.dpr) / height,
    );
    gl.uniform1f(this.uniforms.size, pointSize(scene.dpr));
    gl.enable(gl.BLEND);
    gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
    gl.uniform1f(this.uniforms.alpha, baseAlpha(scene));
    gl.drawArrays(gl.POINTS, 0, this.count);
    if (this.emphasisCount > 0) {
      gl.uniform1f(this.uniforms.alpha, POINT_ALPHA.emphasised);
      gl.drawElements(gl.POINTS, this.emphasisCount, gl.UNSIGNED_INT, 0);
    }
    gl.bindVertexArray(null);
  }

  dispose(): void {
    const { gl } = this;
    gl.deleteBuffer(this.positions);
    gl.deleteBuffer(this.colours);
    gl.deleteBuffer(this.emphasisBuffer);
    gl.deleteVertexArray(this.vao);
    gl.deleteProgram(this.program);
  }

  /** Rewrites the vertex colours when the set of hidden classes changed. */
  private updateColours(hidden: ReadonlySet<number>): void {
    const key = [...hidden].sort((a, b) => a - b).join(',');
    if (key === this.hiddenKey) return;
    this.hiddenKey = key;
    const rgba = new Uint8Array(this.count * 4);
    const cache = new Map<number, [number, number, number]>();
    for (let v = 0; v < this.count; v++) {
      const label = this.vertexLabels[v];
      if (label === undefined || hidden.has(label)) continue;
      let rgb = cache.get(label);
      if (!rgb) cache.set(label, (rgb = hexRgb(labelColour(label))));
      rgba[v * 4] = rgb[0];
      rgba[v * 4 + 1] = rgb[1];
      rgba[v * 4 + 2] = rgb[2];
      rgba[v * 4 + 3] = 255;
    }
    const { gl } = this;
    gl.bindBuffer(gl.ARRAY_BUFFER, this.colours);
    gl.bufferData(gl.ARRAY_BUFFER, rgba, gl.DYNAMIC_DRAW);
  }

  private updateEmphasis(emphasis: Int32Array | undefined): void {
    if (emphasis === this.emphasisSource) return;
    this.emphasisSource = emphasis;
    const slots = new Uint32Array(emphasis?.length ?? 0);
    let k = 0;
    for (const i of emphasis ?? []) if (i >= 0 && i < this.count) slots[k++] = this.slotOf[i];
    const sorted = slots.subarray(0, k).sort();
    this.emphasisCount = k;
    const { gl } = this;
    gl.bindVertexArray(this.vao);
    gl.bindBuffer(gl.ELEMENT_ARRAY_BUFFER, this.emphasisBuffer);
    gl.bufferData(gl.ELEMENT_ARRAY_BUFFER, sorted, gl.DYNAMIC_DRAW);
    gl.bindVertexArray(null);
  }
}

function linkProgram(gl: WebGL2RenderingContext): WebGLProgram {
  const program = required(gl.createProgram(), 'program');
  for (const [type, source] of [
    [gl.VERTEX_SHADER, VERTEX_SHADER],
    [gl.FRAGMENT_SHADER, FRAGMENT_SHADER],
  ] as const) {
    const shader = required(gl.createShader(type), 'shader');
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS))
      throw new Error(`scatter shader: ${gl.getShaderInfoLog(shader) ?? 'does not compile'}`);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS))
    throw new Error(`scatter program: ${gl.getProgramInfoLog(program) ?? 'does not link'}`);
  return program;
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`WebGL could not create a ${what} (context lost?)`);
  return value;
}
