import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import {
  DATASET_DIR_ENV,
  DEBIAN_FASHION_MNIST_DIR,
  EMBEDDED_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASSES,
  loadFashionMnist,
} from '../../../src/simclr/data/fashionMnist';
import { findPackageRoot, packageRoot } from '../../../src/simclr/data/packageRoot';
import { tempDir } from './tempDir';

const hasDebian = existsSync(join(DEBIAN_FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'));
const embeddedDir = join(packageRoot(), EMBEDDED_FASHION_MNIST_DIR);

/** Mean pixel and per-class counts: cheap checks that the data are real images with real labels. */
function stats(pixels: Uint8Array, labels: Int32Array) {
  const counts = new Array(10).fill(0);
  for (const label of labels) counts[label]++;
  return { mean: pixels.reduce((s, p) => s + p, 0) / pixels.length, counts };
}

test('the package root is found by walking up to package.json named look-twice', () => {
  assert.ok(existsSync(join(packageRoot(), 'package.json')));
  assert.equal(findPackageRoot(join(packageRoot(), 'src', 'simclr', 'data')), packageRoot());
  assert.equal(findPackageRoot('/'), undefined);
});

const splits = [
  { split: 'train', embeddedCount: 4000, fullCount: 60000 },
  { split: 'test', embeddedCount: 1000, fullCount: 10000 },
] as const;

for (const { split, embeddedCount, fullCount } of splits) {
  test(`Fashion-MNIST ${split} from the embedded subset`, () => {
    const dataset = loadFashionMnist({ split, prefer: 'embedded' });
    assert.deepEqual(dataset.shape, [embeddedCount, 28, 28, 1]);
    assert.match(dataset.source, /^embedded subset/);
    assert.equal(dataset.name, `fashion-mnist/${split}`);
    assert.deepEqual(dataset.classNames, FASHION_MNIST_CLASSES);
    const { mean, counts } = stats(dataset.pixels, dataset.labels ?? new Int32Array());
    assert.ok(mean > 50 && mean < 100, `mean pixel ${mean}`); // Fashion-MNIST's mean is ~73
    for (const count of counts) assert.ok(count > embeddedCount / 20, `class counts ${counts}`);
  });

  test(
    `Fashion-MNIST ${split} from Debian's folder`,
    { skip: !hasDebian && 'dataset-fashion-mnist is not installed' },
    () => {
      const full = loadFashionMnist({ split });
      assert.equal(full.source, DEBIAN_FASHION_MNIST_DIR);
      assert.deepEqual(full.shape, [fullCount, 28, 28, 1]);
      // The embedded subset is exactly the first images of the full split.
      const embedded = loadFashionMnist({ split, prefer: 'embedded' });
      assert.deepEqual(full.pixels.subarray(0, embedded.pixels.length), embedded.pixels);
      assert.deepEqual(full.labels?.subarray(0, embeddedCount), embedded.labels);
      const limited = loadFashionMnist({ split, limit: 5, prefer: 'debian' });
      assert.deepEqual(limited.shape, [5, 28, 28, 1]);
      assert.deepEqual(limited.pixels, full.pixels.subarray(0, 5 * 784));
    },
  );
}

test('Fashion-MNIST from an explicit dir (raw copies of the files)', () => {
  const dir = tempDir('fmnist');
  for (const name of ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
    writeFileSync(join(dir, name), gunzipSync(readFileSync(join(embeddedDir, `${name}.gz`))));
  }
  const dataset = loadFashionMnist({ split: 'test', dir, limit: 10 });
  assert.equal(dataset.source, dir);
  assert.deepEqual(dataset.shape, [10, 28, 28, 1]);
});

test('Fashion-MNIST: an explicit dir without the files is an error, not a fallback', () => {
  const dir = tempDir('fmnist-empty');
  mkdirSync(join(dir, 'x'));
  assert.throws(() => loadFashionMnist({ split: 'train', dir }), new RegExp(`${dir}: no Fashion-MNIST train files`));
  assert.throws(() => loadFashionMnist({ split: 'valid' as 'train' }), /split must be 'train' or 'test'/);
  assert.throws(() => loadFashionMnist({ split: 'train', prefer: 'other' as 'auto' }), /prefer must be/);
});

test('Fashion-MNIST: the user dataset folder ($LOOK_TWICE_DATASET_DIR) is searched first, directly or in fashion-mnist/', (t) => {
  const saved = process.env[DATASET_DIR_ENV];
  t.after(() => {
    if (saved === undefined) delete process.env[DATASET_DIR_ENV];
    else process.env[DATASET_DIR_ENV] = saved;
  });
  const root = tempDir('dataset-dir');
  const nested = join(root, 'fashion-mnist');
  mkdirSync(nested, { recursive: true });
  for (const name of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) {
    writeFileSync(join(nested, name), readFileSync(join(embeddedDir, name)));
  }
  process.env[DATASET_DIR_ENV] = root;
  const found = loadFashionMnist({ split: 'test', limit: 5 });
  assert.equal(found.source, nested);
  assert.equal(found.shape[0], 5);
  // A folder without the split falls through to the usual sources instead of failing.
  const train = loadFashionMnist({ split: 'train', limit: 5 });
  assert.notEqual(train.source, nested);
  // An explicit `prefer` skips the user folder.
  assert.match(loadFashionMnist({ split: 'test', limit: 5, prefer: 'embedded' }).source, /^embedded subset/);
});
