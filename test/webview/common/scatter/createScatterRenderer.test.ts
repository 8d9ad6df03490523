import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSoftwareRenderer, rendererDescription } from '../../../../src/webview/common/scatter/createScatterRenderer';

test('software rasterisers are recognised in WebGL renderer strings', () => {
  const table: Array<[renderer: string, software: boolean]> = [
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)', true],
    ['Google SwiftShader', true],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', true],
    ['Mesa softpipe', true],
    ['ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)', true],
    ['Software Adapter', true],
    ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002503) Direct3D11 vs_5_0 ps_5_0, D3D11)', false],
    ['ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)', false],
    ['Mesa Intel(R) UHD Graphics 620 (KBL GT2)', false],
    ['WebKit WebGL', false],
  ];
  for (const [renderer, software] of table) assert.equal(isSoftwareRenderer(renderer), software, renderer);
});

test('the renderer badge names the renderer and says why', () => {
  const swiftShader = { renderer: 'Google SwiftShader', hardware: false };
  const gpu = { renderer: 'Mesa Intel(R) UHD Graphics 620', hardware: true };
  const none = { renderer: '', hardware: false };
  assert.deepEqual(rendererDescription('webgl', gpu), {
    text: 'WebGL',
    title: 'Points drawn with WebGL 2 (WebGL renderer: Mesa Intel(R) UHD Graphics 620)',
  });
  assert.deepEqual(rendererDescription('canvas2d', swiftShader), {
    text: 'canvas 2-D',
    title:
      'Points drawn with canvas 2-D (WebGL renderer: Google SwiftShader, a software rasteriser: canvas 2-D is faster)',
  });
  assert.equal(
    rendererDescription('canvas2d', none).title,
    'Points drawn with canvas 2-D (no WebGL 2 in this browser)',
  );
  // Asked for explicitly, or after a lost context, on a GPU: no claim that it is faster.
  assert.equal(
    rendererDescription('canvas2d', gpu).title,
    'Points drawn with canvas 2-D (WebGL renderer: Mesa Intel(R) UHD Graphics 620)',
  );
});
