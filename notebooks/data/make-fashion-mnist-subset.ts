/**
 * Makes the Fashion-MNIST subset embedded in notebooks/data/fashion-mnist/ from Debian's dataset-fashion-mnist:
 * the first TRAIN train and TEST test images and labels, as gzipped IDX files (a couple of MB).
 * Usage: node --import tsx notebooks/data/make-fashion-mnist-subset.ts [sourceDir] [train=4000] [test=1000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '../../src/simclr/data/idx';
import {
  DEBIAN_FASHION_MNIST_DIR,
  EMBEDDED_FASHION_MNIST_DIR,
  loadFashionMnist,
} from '../../src/simclr/data/fashionMnist';
import { packageRoot } from '../../src/simclr/data/packageRoot';

const [sourceDir = DEBIAN_FASHION_MNIST_DIR, train = '4000', test = '1000'] = process.argv.slice(2);
const outDir = join(packageRoot(), EMBEDDED_FASHION_MNIST_DIR);
mkdirSync(outDir, { recursive: true });

for (const [split, prefix, count] of [
  ['train', 'train', Number(train)],
  ['test', 't10k', Number(test)],
] as const) {
  const dataset = loadFashionMnist({ split, limit: count, dir: sourceDir });
  const [n, h, w] = dataset.shape;
  if (n !== count) throw new Error(`${sourceDir}: only ${n} ${split} images, wanted ${count}`);
  // level 9 and gzip's fixed header (no name, mtime 0) make the output byte-for-byte reproducible.
  const images = gzipSync(encodeIdx([n, h, w], dataset.pixels), { level: 9 });
  const labels = gzipSync(encodeIdx([n], Uint8Array.from(dataset.labels ?? [])), { level: 9 });
  writeFileSync(join(outDir, `${prefix}-images-idx3-ubyte.gz`), images);
  writeFileSync(join(outDir, `${prefix}-labels-idx1-ubyte.gz`), labels);
  console.log(
    `${split}: ${n} images, ${(images.length / 1024).toFixed(0)} KiB + ${(labels.length / 1024).toFixed(1)} KiB labels`,
  );
}
