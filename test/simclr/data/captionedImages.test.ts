import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captionImages, composeCaption, FASHION_MNIST_NOUNS } from '../../../src/simclr/data/captionedImages';
import { measureImage } from '../../../src/simclr/data/imageProperties';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { Random } from '../../../src/simclr/random';
import type { ImageDataset } from '../../../src/simclr/data/dataset';

/** An h x w image with a filled rectangle of `value` at rows [y0, y1), columns [x0, x1). */
function rectangle(h: number, w: number, [y0, y1, x0, x1]: number[], value: number): Uint8Array {
  const p = new Uint8Array(h * w);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) p[y * w + x] = value;
  return p;
}

test('measureImage: ink, brightness, bounding box and symmetry of known shapes', () => {
  const centred = measureImage(rectangle(10, 10, [2, 8, 3, 7], 200), 0, 10, 10);
  assert.equal(centred.ink, 0.24);
  assert.ok(Math.abs(centred.brightness - 200 / 255) < 1e-12);
  assert.equal(centred.width, 0.4);
  assert.equal(centred.height, 0.6);
  assert.equal(centred.symmetry, 1);
  const leftOnly = measureImage(rectangle(10, 10, [0, 10, 0, 3], 100), 0, 10, 10);
  assert.equal(leftOnly.symmetry, 0, 'a bar on one side has no mirror image');
  assert.deepEqual(measureImage(new Uint8Array(100), 0, 10, 10), {
    ink: 0,
    brightness: 0,
    width: 0,
    height: 0,
    symmetry: 1,
  });
});

test('composeCaption: states the noun and one word per given property', () => {
  const caption = composeCaption('coat', { brightness: 0, width: 2 }, new Random(3));
  assert.match(caption, /coat/);
  assert.match(caption, /\b(dark|dim)\b/);
  assert.match(caption, /\b(wide|broad)\b/);
  assert.doesNotMatch(caption, /\s{2}|\{|\}/);
});

test('captionImages on Fashion-MNIST: one caption per image naming its class, seeded, varied, honest source', () => {
  const images = loadFashionMnist({ split: 'train', limit: 600, prefer: 'embedded' });
  const a = captionImages(images, { seed: 4 });
  const b = captionImages(images, { seed: 4 });
  const c = captionImages(images, { seed: 5 });
  assert.equal(a.captions.length, 600);
  assert.deepEqual(a.captions, b.captions, 'same seed, same captions');
  assert.notDeepEqual(a.captions, c.captions, 'another seed, other captions');
  a.captions.forEach((caption, i) => {
    const nouns = FASHION_MNIST_NOUNS[images.labels![i]];
    assert.ok(
      nouns.some((noun) => caption.includes(noun)),
      `caption ${i} "${caption}" names class ${images.labels![i]}`,
    );
  });
  assert.ok(
    new Set(a.captions).size > 300,
    `captions say more than the class (${new Set(a.captions).size} distinct of 600)`,
  );
  assert.match(a.source, /composed .* not written by people/);
  assert.equal(a.pixels, images.pixels);
});

test('captionImages refuses what it cannot caption, naming the dataset', () => {
  const rgb: ImageDataset = {
    name: 'rgb',
    source: 't',
    pixels: new Uint8Array(12),
    shape: [1, 2, 2, 3],
    labels: new Int32Array([0]),
  };
  assert.throws(() => captionImages(rgb), /rgb has 3 channels/);
  const unlabelled: ImageDataset = { name: 'plain', source: 't', pixels: new Uint8Array(4), shape: [1, 2, 2, 1] };
  assert.throws(() => captionImages(unlabelled), /plain has no labels/);
  const outside: ImageDataset = { ...unlabelled, name: 'eleven', labels: new Int32Array([10]) };
  assert.throws(() => captionImages(outside), /eleven image 0 has label 10/);
});
