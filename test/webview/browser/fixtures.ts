/**
 * Data for the panel's browser tests and the projector benchmark, as the kernel would publish it:
 * 10,000 Fashion-MNIST test images (Debian's copy, else the embedded subset repeated) with their
 * labels and thumbnails; embeddings = a seeded Gaussian random projection of the pixels to 64-D
 * (Johnson-Lindenstrauss: pixel-space neighbourhoods and class clusters survive), plus two
 * training runs of step events and an augmentations event.
 */
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { Random } from '../../../src/simclr/random';
import type { AugmentParam, PanelEvent } from '../../../src/protocol/panelMessages';

export const POINTS = 10_000;
export const EMBED_DIM = 64;

type EmbeddingsEvent = Extract<PanelEvent, { kind: 'embeddings' }>;

export function embeddingsEvent(n = POINTS, id = 'emb-fashion-test'): EmbeddingsEvent {
  const data = loadFashionMnist({ split: 'test' });
  const [available, h, w, c] = data.shape;
  const size = h * w * c;
  const thumbnails = new Uint8Array(n * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const src = i % available;
    thumbnails.set(data.pixels.subarray(src * size, (src + 1) * size), i * size);
    labels[i] = data.labels?.[src] ?? -1;
  }
  const rng = new Random(42);
  const projection = new Float32Array(size * EMBED_DIM);
  for (let k = 0; k < projection.length; k++) projection[k] = rng.normal() / Math.sqrt(EMBED_DIM);
  const vectors = new Float32Array(n * EMBED_DIM);
  const row = new Float32Array(size);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < size; p++) row[p] = thumbnails[i * size + p] / 255 + (i >= available ? rng.normal() * 0.05 : 0);
    for (let d = 0; d < EMBED_DIM; d++) {
      let sum = 0;
      for (let p = 0; p < size; p++) sum += row[p] * projection[p * EMBED_DIM + d];
      vectors[i * EMBED_DIM + d] = sum;
    }
  }
  return {
    kind: 'embeddings',
    id,
    vectors,
    n,
    dim: EMBED_DIM,
    labels,
    classNames: data.classNames,
    thumbnails,
    thumbnailShape: [h, w, c],
  };
}

export const AUGMENT_PARAMS: AugmentParam[] = [
  { name: 'cropMinScale', label: 'crop min scale', value: 0.2, min: 0.05, max: 1, step: 0.05 },
  { name: 'flipP', label: 'flip probability', value: 0.5, min: 0, max: 1, step: 0.1 },
  { name: 'brightness', label: 'colour jitter', value: 0.5, min: 0, max: 1, step: 0.05 },
  { name: 'blurP', label: 'blur probability', value: 0.5, min: 0, max: 1, step: 0.1 },
];

export function augmentationsEvent(from: EmbeddingsEvent, count = 16): PanelEvent {
  const [h, w, c] = from.thumbnailShape ?? [28, 28, 1];
  const size = h * w * c;
  return {
    kind: 'augmentations',
    id: 'aug-fashion-test',
    n: count,
    shape: [h, w, c],
    images: from.thumbnails?.slice(0, count * size) ?? new Uint8Array(count * size),
    labels: from.labels?.slice(0, count),
    classNames: from.classNames,
    params: AUGMENT_PARAMS,
    pipeline: 'randomResizedCrop(0.2-1) -> flip(0.5) -> colorJitter(0.5) -> blur(0.5)',
  };
}

/** Two runs of a SimCLR pre-training as the library reports them: an earlier finished one and a running one. */
export function trainingEvents(): PanelEvent[] {
  const rng = new Random(3);
  const events: PanelEvent[] = [];
  const runs = [
    { runId: 'run-a', steps: 400, lr: 0.3, end: true, startedAt: Date.UTC(2026, 10, 28, 9, 12) },
    { runId: 'run-b', steps: 260, lr: 0.6, end: false, startedAt: Date.UTC(2026, 10, 28, 9, 40) },
  ];
  for (const run of runs) {
    events.push({
      kind: 'trainStart',
      runId: run.runId,
      method: 'simclr',
      totalSteps: 400,
      startedAt: run.startedAt,
      config: { batchSize: 128, temperature: 0.5, learningRate: run.lr, encoder: 'resnet-small' },
    });
    for (let step = 1; step <= run.steps; step++) {
      const warm = Math.min(1, step / 50);
      const learningRate = run.lr * warm * 0.5 * (1 + Math.cos((Math.PI * step) / 400));
      const loss = 4.2 * Math.exp(-step / (run.lr > 0.5 ? 90 : 130)) + 1.1 + rng.normal() * 0.06;
      const imagesPerSec = 22 + rng.normal() * 1.5;
      const knn: Record<string, number> =
        step % 50 === 0 ? { knnAccuracy: 0.78 - 0.4 * Math.exp(-step / 150) + rng.normal() * 0.005 } : {};
      events.push({
        kind: 'trainStep',
        runId: run.runId,
        method: 'simclr',
        step,
        totalSteps: 400,
        epoch: Math.floor(step / 78),
        metrics: { loss, learningRate, imagesPerSec, ...knn },
      });
    }
    if (run.end) events.push({ kind: 'trainEnd', runId: run.runId, status: 'done', step: run.steps });
  }
  return events;
}
