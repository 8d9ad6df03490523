/**
 * Output payloads for the renderer browser tests, made the way the kernel makes them: PNGs through
 * the kernel's own tileGrid/pixelsToPng, a PCA of the fixture embeddings by the library's pca.
 */
import { pixelsToPng, tileGrid } from '../../../src/kernel/display/images';
import type {
  AugmentationGridPayload,
  EmbeddingPayload,
  LossCurvePayload,
  ProgressPayload,
} from '../../../src/protocol/outputs';
import { pca } from '../../../src/simclr/projections/pca';
import { Random } from '../../../src/simclr/random';
import { embeddingsEvent } from './fixtures';

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

export function scatterPayload(n = 2000): EmbeddingPayload {
  const e = embeddingsEvent(n, 'renderer-scatter');
  const { points } = pca(e.vectors, e.n, e.dim, 2);
  const [h, w] = e.thumbnailShape ?? [28, 28, 1];
  const columns = 50;
  const tiles = Array.from({ length: n }, (_, i) => (e.thumbnails as Uint8Array).subarray(i * h * w, (i + 1) * h * w));
  const atlas = tileGrid(tiles, Math.ceil(n / columns), columns, h, w, 1, 0);
  return {
    method: 'pca',
    dims: 2,
    points: [...points],
    labels: [...(e.labels ?? [])],
    classNames: e.classNames,
    thumbnails: { png: base64(pixelsToPng(atlas)), tileSize: h, columns },
    total: 10_000,
    note: 'sampled to 2000 points',
  };
}

/** 4 images x (original + 5 views); the views here are shifted/flipped copies drawn by the test. */
export function gridPayload(): AugmentationGridPayload {
  const e = embeddingsEvent(4, 'renderer-grid');
  const [h, w] = e.thumbnailShape ?? [28, 28, 1];
  const rng = new Random(5);
  const tiles: Uint8Array[] = [];
  for (let r = 0; r < 4; r++) {
    const original = (e.thumbnails as Uint8Array).subarray(r * h * w, (r + 1) * h * w);
    tiles.push(original);
    for (let v = 0; v < 5; v++) {
      const dx = rng.int(9) - 4,
        dy = rng.int(9) - 4,
        flip = rng.chance(0.5),
        gain = 0.6 + rng.uniform(0, 0.6);
      const view = new Uint8Array(h * w);
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) {
          const sx = (flip ? w - 1 - x : x) + dx,
            sy = y + dy;
          view[y * w + x] = sx >= 0 && sx < w && sy >= 0 && sy < h ? Math.min(255, original[sy * w + sx] * gain) : 0;
        }
      tiles.push(view);
    }
  }
  return {
    rows: 4,
    cols: 6,
    tileSize: h,
    png: base64(pixelsToPng(tileGrid(tiles, 4, 6, h, w, 1))),
    columnTitles: ['original', 'view 1', 'view 2', 'view 3', 'view 4', 'view 5'],
    rowLabels: (e.labels ? [...e.labels] : []).map((l) => e.classNames?.[l] ?? String(l)),
    pipeline: 'randomResizedCrop(0.2-1) -> flip(0.5) -> colorJitter(0.5) -> blur(0.5)',
  };
}

export function lossPayload(steps: number, done: boolean): LossCurvePayload {
  const rng = new Random(9);
  const xs = Array.from({ length: steps }, (_, i) => i + 1);
  return {
    runId: 'run-live',
    title: 'SimCLR pre-training',
    done,
    series: [
      { name: 'loss', steps: xs, values: xs.map((s) => 4.2 * Math.exp(-s / 120) + 1.1 + rng.normal() * 0.05) },
      { name: 'learningRate', steps: xs, values: xs.map((s) => 0.3 * Math.min(1, s / 40)) },
    ],
  };
}

export function progressPayload(step: number): ProgressPayload {
  return {
    runId: 'run-live',
    state: step >= 500 ? 'done' : 'running',
    step,
    totalSteps: 500,
    epoch: Math.floor(step / 78),
    metrics: { loss: 1.83, learningRate: 0.29, imagesPerSec: 21.7 },
    etaSeconds: (500 - step) / 0.17,
  };
}
