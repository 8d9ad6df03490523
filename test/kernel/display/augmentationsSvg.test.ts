// The augmentation grid's fallbacks as GitHub and Jupyter show them: an SVG with column titles, class
// names per row and the pipeline around the grid PNG; a text/plain that names the rows too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import type { ImageDataset } from '../../../src/simclr/data/dataset';
import { augmentationsOutput } from '../../../src/kernel/display/augmentationsOutput';
import { augmentationGridSvg } from '../../../src/kernel/display/augmentationsSvg';

function dataset(n: number, classNames?: string[]): ImageDataset {
  const random = new Random(5);
  const pixels = new Uint8Array(n * 28 * 28).map(() => Math.floor(random.next() * 256));
  return {
    name: 'toy',
    source: 'test',
    pixels,
    shape: [n, 28, 28, 1],
    labels: Int32Array.from({ length: n }, (_, i) => i % 3),
    ...(classNames ? { classNames } : {}),
  };
}

const item = (o: { items: { mime: string; data: Uint8Array }[] }, mime: string): string | undefined => {
  const found = o.items.find((i) => i.mime === mime);
  return found ? new TextDecoder().decode(found.data) : undefined;
};

const cases: { name: string; data: ImageDataset; views: number; rows: string[] }[] = [
  {
    name: 'class names',
    data: dataset(3, ['Coat', 'Bag', 'Ankle boot']),
    views: 2,
    rows: ['Coat', 'Bag', 'Ankle boot'],
  },
  {
    name: 'no class names: class indices',
    data: dataset(4),
    views: 3,
    rows: ['class 0', 'class 1', 'class 2', 'class 0'],
  },
];

for (const c of cases) {
  test(`augmentations fallbacks: ${c.name}`, async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const { output } = augmentationsOutput(c.data, { rows: c.rows.length, views: c.views, seed: 2 }, 'id');
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(
      output.items.map((i) => i.mime),
      ['application/vnd.look-twice.augmentations+json', 'image/svg+xml', 'image/png', 'text/plain'],
    );
    const svg = item(output, 'image/svg+xml') ?? '';
    const titles = [...svg.matchAll(/text-anchor="middle"[^>]*>([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(titles, ['original', ...Array.from({ length: c.views }, (_, i) => `view ${i + 1}`)]);
    const rowLabels = [...svg.matchAll(/text-anchor="end">([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(rowLabels, c.rows);
    const png = Buffer.from(output.items.find((i) => i.mime === 'image/png')?.data ?? []).toString('base64');
    assert.ok(svg.includes(`href="data:image/png;base64,${png}"`), 'the grid PNG inside the SVG');
    assert.match(svg, /crop scale/);
    assert.match(item(output, 'text/plain') ?? '', new RegExp(`^rows: ${c.rows.join(', ')}$`, 'm'));
  });
}

test('grid SVG geometry: labels centred on tiles, room for the longest label, escaped text', () => {
  const svg = augmentationGridSvg({
    png: 'AAAA',
    rows: 2,
    cols: 2,
    tileSize: 50,
    gap: 2,
    columnTitles: ['original', 'view 1'],
    rowLabels: ['T-shirt/top', 'A & B'],
    caption: ['pipeline <x>'],
  });
  assert.match(svg, /<text x="(\d+)" y="43" dy="0.32em" text-anchor="end">T-shirt\/top<\/text>/);
  assert.match(svg, /A &#38; B/);
  assert.match(svg, /pipeline &#60;x&#62;/);
  const imageX = Number(/<image x="(\d+)"/.exec(svg)?.[1]);
  assert.ok(imageX >= 11 * 6, `labels fit left of the grid (${imageX})`);
  assert.match(
    svg,
    new RegExp(`<text x="${imageX + 25}" y="13" text-anchor="middle" font-weight="bold">original</text>`),
  );
});
