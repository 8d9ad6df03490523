/**
 * `show`: the library's rich outputs, each a custom-MIME payload for our renderers plus a standard
 * fallback for GitHub and Jupyter.
 *   show.lossCurve(history, { title? })                 loss curve (SVG fallback)
 *   await show.embeddings(vectors | { model, dataset }, { method, labels, classNames, thumbnails, maxPoints,
 *                         augment, batchSize, temperature })
 *                                                      projection (SVG scatter fallback) + all points to the panel
 *                                                      (from a model: its points open the pair inspector)
 *   show.augmentations(dataset | images, config?)       original + augmented views grid (PNG fallback)
 *   show.image(tensorOrPixels, shape?)                  one image (PNG)
 *   show.retrieval(model, pairs, { query, k })          text -> top-k media, or media index -> top-k captions (SVG fallback)
 *   show.audio(clips, indices | { samples, sampleRate }) audio players with spectrograms (PNG fallback)
 *   show.similarity(model, pairs, { n, start })         similarity heatmap of a batch of pairs (SVG fallback)
 * The kernel waits for unfinished show promises before it ends a cell, so a forgotten `await` still shows.
 */
import type { DisplayOutput } from '../../protocol/outputs';
import type { PanelEvent } from '../../protocol/panelMessages';
import { imageOutput } from './displayApi';
import { lossCurveOutput, lossCurvePayload, seriesOf } from './lossCurveOutput';
import type { AugmentConfig } from '../../simclr/augment/augmentConfig';
import { augmentationsOutput, type AugmentationsInput, type AugmentationsOptions } from './augmentationsOutput';
import type { DualEncoder } from '../../simclr/multimodal/dualEncoder';
import type { PairedData } from '../../simclr/multimodal/pairedData';
import type { AudioDataset } from '../../simclr/data/audioDataset';
import { retrievalOutput, type RetrievalOptions } from './retrievalOutput';
import { audioOutput } from './audioOutput';
import { similarityOutput, type SimilarityOptions } from './similarityOutput';
import {
  embeddingsEvent,
  embeddingsOutput,
  gatherEmbeddings,
  nextEmbeddingsId,
  type EmbeddingsInput,
  type EmbeddingsOptions,
} from './embeddingsOutput';
import type { PairSource } from '../panel/embeddingStore';

export interface ShowHost {
  display(output: DisplayOutput, update: boolean): void;
  publish(event: PanelEvent): void;
  /** The running cell's abort signal (long projections stop on interrupt). */
  signal(): AbortSignal | undefined;
  /** Work the cell started; the kernel awaits it before the cell ends. Returns the promise to give the cell. */
  track<T>(work: Promise<T>): Promise<T>;
  /** Keeps the pipeline behind a published augmentations set, for the explorer's resampling. */
  rememberAugmentConfig(id: string, config: AugmentConfig): void;
  /** Keeps the text encoder of a published two-tower embeddings set, for the panel's text query. */
  rememberTextQuery(id: string, embedText: (text: string) => Float32Array): void;
  /** Keeps (or forgets, with undefined) the model and images behind a set, for the panel's pair inspector. */
  rememberPairSource(id: string, source: PairSource | undefined): void;
}

let lossCurves = 0;
let augmentationSets = 0;

/** `show.augmentations(images, config)` or `show.augmentations(images, { rows, views, seed, config })`. */
function augmentationsOptions(arg: AugmentationsOptions | AugmentConfig | undefined): AugmentationsOptions {
  if (arg && 'crop' in arg && 'flip' in arg) return { config: arg };
  return (arg as AugmentationsOptions | undefined) ?? {};
}

export function createShow(host: ShowHost) {
  return {
    lossCurve(history: unknown, options: { title?: string } = {}): void {
      const payload = lossCurvePayload(seriesOf(history), `curve-${++lossCurves}`, { status: 'done' }, options.title);
      host.display(lossCurveOutput(payload), false);
    },
    embeddings(input: EmbeddingsInput, options: EmbeddingsOptions = {}): Promise<void> {
      const work = (async () => {
        const data = gatherEmbeddings(input, options);
        const id = options.id ?? nextEmbeddingsId();
        if (data.textQuery) host.rememberTextQuery(id, data.textQuery);
        host.rememberPairSource(id, data.pairSource);
        host.publish(embeddingsEvent(data, id));
        host.display(await embeddingsOutput(data, options, host.signal()), false);
      })();
      return host.track(work);
    },
    augmentations(images: AugmentationsInput, options?: AugmentationsOptions | AugmentConfig): void {
      const id = `augmentations-${++augmentationSets}`;
      const { output, event, config } = augmentationsOutput(images, augmentationsOptions(options), id);
      host.rememberAugmentConfig(id, config);
      host.publish(event);
      host.display(output, false);
    },
    image(image: Parameters<typeof imageOutput>[0], shape?: Parameters<typeof imageOutput>[1]): void {
      host.display(imageOutput(image, shape), false);
    },
    retrieval(model: DualEncoder, data: PairedData, options: RetrievalOptions): void {
      host.display(retrievalOutput(model, data, options), false);
    },
    audio(
      clips: AudioDataset | { samples: Float32Array; sampleRate: number; caption?: string },
      indices: number | number[] = [0],
    ): void {
      const input =
        'samples' in clips ? clips : { data: clips, indices: typeof indices === 'number' ? [indices] : indices };
      host.display(audioOutput(input), false);
    },
    similarity(model: DualEncoder, data: PairedData, options: SimilarityOptions = {}): void {
      host.display(similarityOutput(model, data, options), false);
    },
  };
}

export type Show = ReturnType<typeof createShow>;
