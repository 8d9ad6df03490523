// Fuzz targets of the dataset loaders: mutated IDX (raw and gzip), CIFAR-10 batches and PNG/JPEG.
// Contract: a dataset whose pixels fill its shape, or an Error naming the file.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCifar10 } from '../../../src/simclr/data/cifar10';
import { decodeImage } from '../../../src/simclr/data/imageCodec';
import { loadIdx } from '../../../src/simclr/data/idx';
import { cifarSeeds, idxSeeds, imageSeeds } from '../corpus';
import { byteMutation, cleanIf, mutate, type ByteMutation, type FuzzTarget, type Outcome } from '../fuzzTarget';

interface Case {
  seed: number;
  mutations: ByteMutation[];
}

const mutations = fc.array(byteMutation, { minLength: 0, maxLength: 4 });

function consistent(shape: number[], length: number): Outcome {
  const size = shape.reduce((a, b) => a * b, 1);
  return size === length
    ? { kind: 'ok' }
    : { kind: 'failure', why: `pixels ${length} do not fill shape [${shape.join(', ')}]` };
}

export function idxTarget(): FuzzTarget<Case> {
  const seeds = idxSeeds();
  const dir = mkdtempSync(join(tmpdir(), 'lt-fuzz-idx-'));
  return {
    name: 'loaders: IDX (raw, gzip)',
    cases: fc.record({ seed: fc.integer({ min: 0, max: seeds.length - 1 }), mutations }),
    run({ seed, mutations: ops }, index) {
      const file = join(dir, `${index}-${seeds[seed].name}`);
      writeFileSync(file, mutate(seeds[seed].bytes, ops));
      try {
        const dataset = loadIdx(file);
        return consistent(dataset.shape, dataset.pixels.length);
      } catch (error) {
        return cleanIf(error, file);
      } finally {
        rmSync(file, { force: true });
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function cifarTarget(): FuzzTarget<Case> {
  const seeds = cifarSeeds();
  const dir = mkdtempSync(join(tmpdir(), 'lt-fuzz-cifar-'));
  return {
    name: 'loaders: CIFAR-10 batches',
    cases: fc.record({ seed: fc.integer({ min: 0, max: seeds.length - 1 }), mutations }),
    run({ seed, mutations: ops }, index) {
      const folder = join(dir, String(index));
      mkdirSync(folder);
      const file = join(folder, 'test_batch.bin');
      writeFileSync(file, mutate(seeds[seed].bytes, ops));
      try {
        const dataset = loadCifar10(folder, { split: 'test', recordsPerBatch: 2 } as Parameters<typeof loadCifar10>[1]);
        // The only well-formed result: the two records the batch must hold.
        if (dataset.shape[0] !== 2)
          return { kind: 'failure', why: `a partial dataset: ${dataset.shape[0]} images from a batch of 2` };
        return consistent(dataset.shape, dataset.pixels.length);
      } catch (error) {
        return cleanIf(error, file);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function imageTarget(): FuzzTarget<Case> {
  const seeds = imageSeeds();
  return {
    name: 'loaders: PNG/JPEG decoding',
    cases: fc.record({ seed: fc.integer({ min: 0, max: seeds.length - 1 }), mutations }),
    run({ seed, mutations: ops }, index) {
      const file = `fuzz-${index}-${seeds[seed].name}`;
      const bytes = mutate(seeds[seed].bytes, ops);
      try {
        const image = decodeImage(bytes, file, 3);
        if (image.width * image.height > 64 * 1024 * 1024)
          return { kind: 'failure', why: `decoded ${image.width}x${image.height} from ${bytes.length} bytes` };
        // The reproducers, unmutated, must be refused: a silent decode is the defect itself.
        if (ops.length === 0 && /^(declares|half)-/.test(seeds[seed].name))
          return { kind: 'failure', why: `${seeds[seed].name} decoded as a ${image.width}x${image.height} image` };
        return consistent([image.height, image.width, 3], image.pixels.length);
      } catch (error) {
        return cleanIf(error, file);
      }
    },
  };
}
