/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv:1708.07747; MIT licence): 28x28 grayscale
 * images of 10 clothing classes, 60k train / 10k test, as IDX files. Looked up in order: the `dir`
 * option, Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist), then the small subset
 * shipped in this package's notebooks/data/fashion-mnist/ (made by notebooks/data/make-fashion-mnist-subset.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageDataset } from './dataset';
import { loadIdx } from './idx';
import { packageRoot } from './packageRoot';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Where Debian's dataset-fashion-mnist package installs the full dataset. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * A user's dataset folder (the extension's `lookTwice.datasetFolder` setting reaches the kernel as
 * this variable): searched first, for the files themselves or a `fashion-mnist` subfolder.
 */
export const DATASET_DIR_ENV = 'LOOK_TWICE_DATASET_DIR';

/** The embedded subset's folder, relative to the package root. */
export const EMBEDDED_FASHION_MNIST_DIR = join('notebooks', 'data', 'fashion-mnist');

export interface FashionMnistOptions {
  split: 'train' | 'test';
  /** Keep at most this many images (the first ones of the split). */
  limit?: number;
  /** A folder with the IDX files (raw or .gz). When given, it must hold them: no fallback. */
  dir?: string;
  /**
   * Without `dir`: 'auto' (default) tries $LOOK_TWICE_DATASET_DIR, Debian's folder, then the embedded subset; 'debian' or
   * 'embedded' use only that one (e.g. 'embedded' for a quick, small, always-present dataset).
   */
  prefer?: 'auto' | 'debian' | 'embedded';
}

/** The images and labels file stems of a split, as the dataset's authors name them. */
function stems(split: 'train' | 'test'): [images: string, labels: string] {
  const prefix = split === 'train' ? 'train' : 't10k';
  return [`${prefix}-images-idx3-ubyte`, `${prefix}-labels-idx1-ubyte`];
}

/** The existing file `stem.gz` or `stem` in `dir`, else undefined. */
function findFile(dir: string, stem: string): string | undefined {
  for (const name of [`${stem}.gz`, stem]) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** The images/labels files of `split` in `dir` when both exist. */
function findSplit(dir: string, split: 'train' | 'test'): [string, string] | undefined {
  const [imagesStem, labelsStem] = stems(split);
  const images = findFile(dir, imagesStem);
  const labels = findFile(dir, labelsStem);
  return images && labels ? [images, labels] : undefined;
}

/**
 * Loads a Fashion-MNIST split as [n, 28, 28, 1] uint8 pixels with labels 0-9. `source` on the
 * result says which folder was used ('embedded subset ...' for the copy inside the package).
 */
export function loadFashionMnist(options: FashionMnistOptions): ImageDataset {
  const { split, limit } = options;
  if (split !== 'train' && split !== 'test') {
    throw new Error(`loadFashionMnist: split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  }
  const name = `fashion-mnist/${split}`;
  const load = (files: [string, string], source: string): ImageDataset =>
    loadIdx(files[0], files[1], { limit, name, source, classNames: [...FASHION_MNIST_CLASSES] });

  if (options.dir !== undefined) {
    const files = findSplit(options.dir, split);
    if (!files) {
      const [imagesStem, labelsStem] = stems(split);
      throw new Error(`${options.dir}: no Fashion-MNIST ${split} files (${imagesStem}[.gz] and ${labelsStem}[.gz])`);
    }
    return load(files, options.dir);
  }
  const prefer = options.prefer ?? 'auto';
  if (!['auto', 'debian', 'embedded'].includes(prefer)) {
    throw new Error(`loadFashionMnist: prefer must be 'auto', 'debian' or 'embedded', got ${JSON.stringify(prefer)}`);
  }
  if (prefer === 'auto' && process.env[DATASET_DIR_ENV]) {
    const userDir = process.env[DATASET_DIR_ENV];
    for (const dir of [userDir, join(userDir, 'fashion-mnist')]) {
      const files = findSplit(dir, split);
      if (files) return load(files, dir);
    }
  }
  if (prefer !== 'embedded') {
    const debian = findSplit(DEBIAN_FASHION_MNIST_DIR, split);
    if (debian) return load(debian, DEBIAN_FASHION_MNIST_DIR);
    if (prefer === 'debian') {
      throw new Error(
        `${DEBIAN_FASHION_MNIST_DIR}: no Fashion-MNIST ${split} files (apt-get install dataset-fashion-mnist)`,
      );
    }
  }

  const embeddedDir = join(packageRoot(), EMBEDDED_FASHION_MNIST_DIR);
  const embedded = findSplit(embeddedDir, split);
  if (!embedded) {
    throw new Error(
      `Fashion-MNIST ${split} not found: pass { dir }, install Debian's dataset-fashion-mnist ` +
        `(${DEBIAN_FASHION_MNIST_DIR}), or restore the embedded subset in ${embeddedDir}`,
    );
  }
  return load(embedded, `embedded subset (${embeddedDir})`);
}
