/**
 * What the kernel publishes for the side panel, and what the panel may ask of the kernel.
 * Embeddings and thumbnails travel as typed arrays (binary), never as JSON number lists.
 */
import type { ProjectionMethod } from './projectionMethods';
import type { TrainingEvent } from './trainingEvents';
import type { PositivePairInspection } from '../simclr/eval/positivePair';
import type { CellMemory, VariableSummary } from './variables';

/** Most views the augmentation explorer may ask for in one 'augment' request. */
export const MAX_RESAMPLED_VIEWS = 32;

export type PanelEvent =
  /** A training run's start, steps and end: the library's events, forwarded unchanged (trainingEvents.ts). */
  | TrainingEvent
  /** Embeddings a cell showed, for the panel's projector. */
  | {
      kind: 'embeddings';
      id: string;
      /** Row-major [n, dim]. */
      vectors: Float32Array;
      n: number;
      dim: number;
      labels?: Int32Array;
      classNames?: string[];
      /** Row-major [n, h, w, c] uint8 pixels of each point's image. */
      thumbnails?: Uint8Array;
      thumbnailShape?: [h: number, w: number, c: number];
      /** The kernel can embed a text into this space (a two-tower CLIP/CLAP model): the panel offers a text query. */
      textQuery?: boolean;
      /**
       * The kernel holds the model, the images and the augmentation behind the set (show.embeddings({ model,
       * dataset })): the panel may ask for a point's positive pair ('inspectPair').
       */
      pairInspection?: boolean;
    }
  /** Images a cell showed augmentations of, so the panel's explorer can resample and tweak their views. */
  | {
      kind: 'augmentations';
      id: string;
      /** Row-major [n, h, w, c] uint8 pixels of the source images. */
      images: Uint8Array;
      n: number;
      shape: [h: number, w: number, c: number];
      labels?: Int32Array;
      classNames?: string[];
      /** The pipeline's tunable parameters with their current values (the explorer builds sliders from them). */
      params: AugmentParam[];
      /** Human-readable summary of the pipeline, e.g. "crop(0.2-1) -> flip -> jitter(0.4)". */
      pipeline: string;
    }
  /** Progress of a long panel request (t-SNE, UMAP); `requestId` is the host's panelRequest id. */
  | { kind: 'requestProgress'; requestId: string; fraction: number; stage: string }
  /** After every cell: the kernel's top-level names and the cell's tensor memory (the Variables view). */
  | { kind: 'variables'; variables: VariableSummary[]; memory: CellMemory };

/** Names of the augmentation parameters the panel's explorer may tune (the kernel's sliders, src/kernel/display/augmentParams.ts). */
export const AUGMENT_PARAM_NAMES = [
  'cropMinScale',
  'flipP',
  'jitterP',
  'brightness',
  'contrast',
  'saturation',
  'hue',
  'grayscaleP',
  'blurP',
] as const;
export type AugmentParamName = (typeof AUGMENT_PARAM_NAMES)[number];

/** One tunable augmentation parameter, e.g. { name: 'cropMinScale', label: 'crop min scale', value: 0.2, min: 0.05, max: 1, step: 0.05 }. */
export interface AugmentParam {
  name: string;
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
}

/** Most points a panel selection may hold (what the panel persists and tells the kernel). */
export const MAX_SELECTION_POINTS = 100_000;
/** Hardest negative images the pair inspector may ask for. */
export const MAX_PAIR_NEGATIVES = 32;
/** How long the host waits for an 'inspectPair' answer before telling the panel the kernel is busy. */
export const PAIR_INSPECTION_TIMEOUT_MS = 60_000;

/** The library's positive-pair inspection (src/simclr/eval/positivePair.ts), forwarded unchanged. */
export type { PositivePairInspection };

export type PanelRequest =
  | { kind: 'nearestNeighbours'; embeddingsId: string; index: number; k: number }
  | { kind: 'project'; embeddingsId: string; method: ProjectionMethod; dims: 2 | 3; seed?: number }
  /** The `k` points most similar (cosine) to `text` embedded by the set's text encoder (sets with `textQuery`). */
  | { kind: 'textQuery'; embeddingsId: string; text: string; k: number }
  /** Resample `views` augmented views of image `index` of an 'augmentations' event, with `params` overriding its values. */
  | {
      kind: 'augment';
      augmentationsId: string;
      index: number;
      views: number;
      seed: number;
      params: Record<string, number>;
    }
  /** The tensor bound to top-level `name` as an image (the first one of a batch), scaled to 0-255. */
  | { kind: 'tensorImage'; name: string }
  /**
   * Point `index` of a set published with `pairInspection`: two fresh augmented views (drawn from `seed`),
   * their cosine under the current encoder and head, and the `negatives` hardest images of a batch.
   */
  | { kind: 'inspectPair'; embeddingsId: string; index: number; seed: number; negatives: number }
  /** The panel's box/lasso selection of set `embeddingsId` changed (empty: cleared): what a cell's panel.selection() reads. */
  | { kind: 'select'; embeddingsId: string; indices: number[] };

export type PanelResponse =
  | { kind: 'nearestNeighbours'; indices: Int32Array; similarities: Float32Array }
  | { kind: 'project'; method: ProjectionMethod; dims: 2 | 3; points: Float32Array }
  | { kind: 'textQuery'; text: string; indices: Int32Array; similarities: Float32Array }
  /** `views` is row-major [count, h, w, c] uint8. */
  | {
      kind: 'augment';
      index: number;
      views: Uint8Array;
      count: number;
      shape: [h: number, w: number, c: number];
      pipeline: string;
    }
  /** `pixels` is row-major [h, w, c] uint8, at most TENSOR_IMAGE_MAX_SIDE on its longer side. */
  | { kind: 'tensorImage'; name: string; pixels: Uint8Array; shape: [h: number, w: number, c: number] }
  /** Views and negatives' views are uint8 [count, h, w, c]; negative indices point into the embeddings set. */
  | ({ kind: 'inspectPair'; embeddingsId: string; seed: number; pipeline: string } & PositivePairInspection)
  /** The kernel keeps `count` selected points of the set. */
  | { kind: 'select'; embeddingsId: string; count: number }
  | { kind: 'error'; message: string };
