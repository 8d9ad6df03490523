/**
 * Cell outputs as they travel from the kernel to a host (VS Code or the CLI) and into .ipynb files.
 *
 * Every rich output of Look Twice carries its custom MIME type (rendered by our notebook renderers)
 * and a standard fallback (`image/png` or `image/svg+xml`, and `text/plain`) so that a saved notebook
 * reads well on GitHub and in Jupyter. No runtime dependencies: this file is shared by all processes.
 */
import type { ProjectionMethod } from './projectionMethods';

/** Custom MIME types of the library's rich outputs. Their data is UTF-8 JSON of the matching payload. */
export const LookTwiceMime = {
  augmentations: 'application/vnd.look-twice.augmentations+json',
  lossCurve: 'application/vnd.look-twice.loss-curve+json',
  embedding: 'application/vnd.look-twice.embedding+json',
  progress: 'application/vnd.look-twice.progress+json',
  retrieval: 'application/vnd.look-twice.retrieval+json',
  audio: 'application/vnd.look-twice.audio+json',
  similarity: 'application/vnd.look-twice.similarity+json',
} as const;
export type LookTwiceMimeType = (typeof LookTwiceMime)[keyof typeof LookTwiceMime];

/** One representation of an output, exactly as VS Code's NotebookCellOutputItem holds it. */
export interface OutputItem {
  mime: string;
  /** UTF-8 text for text and JSON MIME types, raw bytes for binary ones (`image/png`). */
  data: Uint8Array;
}

/** One display output: the same content in several MIME types, richest first. */
export interface DisplayOutput {
  items: OutputItem[];
  /** Outputs with the same displayId are replaced in place (live progress, growing loss curves). */
  displayId?: string;
}

/** Where a cell's error happened, in the cell's own coordinates (1-based line and column). */
export interface CellError {
  name: string;
  message: string;
  /** Stack with positions mapped back to the cell source; frames inside the kernel are dropped. */
  stack?: string;
}

/** Augmentation grid: each row is one source image, column 0 the original and the others its views. */
export interface AugmentationGridPayload {
  rows: number;
  cols: number;
  /** Side of one tile in the PNG, in pixels. */
  tileSize: number;
  /** The whole grid as one base64 PNG (rows x cols tiles). */
  png: string;
  columnTitles: string[];
  rowLabels?: string[];
  /** Human-readable summary of the pipeline that made the views. */
  pipeline?: string;
  /** Set when fewer rows are shown than were asked for, to keep the output small. */
  note?: string;
}

export interface CurveSeries {
  name: string;
  steps: number[];
  values: number[];
}

/**
 * Loss curve (and friends: learning rate, kNN accuracy) of one training run; replaced in place while it grows
 * (displayId `loss-<runId>`, lossCurveDisplayId), and once more when it ends.
 */
export interface LossCurvePayload {
  runId: string;
  title?: string;
  series: CurveSeries[];
  done: boolean;
  /** How the run ended, once done (absent in outputs saved before it was reported: read as 'done'). */
  status?: Exclude<ProgressPayload['state'], 'running'>;
  /** Why the run ended early (the error, or what happened to the kernel). */
  message?: string;
}

/**
 * Training progress, replaced in place at a bounded rate (displayId `progress-<runId>`). `metrics` are
 * the last step's (src/protocol/trainingEvents.ts: loss, learningRate, imagesPerSec and the method's own).
 */
export interface ProgressPayload {
  runId: string;
  /** The training method, e.g. 'simclr' (absent in outputs saved before it was reported). */
  method?: string;
  state: 'running' | 'done' | 'interrupted' | 'error';
  step: number;
  totalSteps: number;
  epoch: number;
  metrics: Record<string, number>;
  etaSeconds: number;
  /** Why the run ended early (the error, or what happened to the kernel). */
  message?: string;
}

/** A 2-D or 3-D projection of embeddings. Large sets are sampled to `points.length / dims` rows (see `total`). */
export interface EmbeddingPayload {
  method: ProjectionMethod;
  dims: 2 | 3;
  /** Row-major [n, dims] coordinates. */
  points: number[];
  labels?: number[];
  classNames?: string[];
  /** Thumbnails as one PNG atlas of `columns` tiles per row, in the order of the points. */
  thumbnails?: { png: string; tileSize: number; columns: number };
  /** How many embeddings there were before sampling. */
  total: number;
  note?: string;
}

/** One media item in a multimodal output: an image, or an audio clip with its spectrogram. */
export interface MediaView {
  /** An image, base64 PNG. */
  png?: string;
  /** An audio clip, base64 16-bit PCM WAV. */
  wav?: string;
  /** The clip's log-mel spectrogram (time left to right, low frequencies at the bottom), base64 PNG. */
  spectrogramPng?: string;
  /** Class name or other short label. */
  label?: string;
}

/** Cross-modal retrieval: a text query and its top-k media, or a media query and its top-k captions. */
export interface RetrievalPayload {
  direction: 'text-to-media' | 'media-to-text';
  query: { text?: string; media?: MediaView };
  /** Most similar first; `match` marks the query's own pair when the data has one. */
  results: { score: number; text?: string; media?: MediaView; match?: boolean }[];
  /** Items searched. */
  searched: number;
}

/** Audio clips with a player and their spectrograms. */
export interface AudioPayload {
  clips: {
    wav: string;
    spectrogramPng: string;
    sampleRate: number;
    seconds: number;
    caption?: string;
    label?: string;
  }[];
}

/** Cosine similarities of a batch of media (rows) against their captions (columns). */
export interface SimilarityPayload {
  n: number;
  /** Row-major [n, n], each in [-1, 1]; the diagonal holds the true pairs. */
  values: number[];
  rows: MediaView[];
  columns: string[];
  title?: string;
}
