// The SVG fallback of an embedding projection colours classes exactly as the notebook renderer and
// the panel do (one shared palette), also past the first ten classes and for unlabelled points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scatterSvg } from '../../../src/kernel/display/scatterSvg';
import { labelColour, UNLABELLED_COLOUR } from '../../../src/protocol/classColours';

const fills = (svg: string) => [...svg.matchAll(/<circle [^>]*r="2\.2" fill="([^"]+)"/g)].map((m) => m[1]);

test('scatter SVG: each point has its class colour from the shared palette', () => {
  const labels = [0, 3, 9, 12, 19, -1];
  const points = labels.flatMap((_, i) => [i, i * 2]);
  const svg = scatterSvg(points, 2, labels, undefined, 'test');
  assert.deepEqual(fills(svg), labels.map(labelColour));
  assert.notEqual(labelColour(12), labelColour(2), 'label 12 must not reuse class 2 colour');
  assert.equal(labelColour(-1), UNLABELLED_COLOUR);
});
