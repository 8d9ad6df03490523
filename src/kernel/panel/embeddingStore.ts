/**
 * What cells published for the side panel (show.embeddings, show.augmentations), kept so the panel
 * can ask about it after the cell ended: nearest neighbours, another projection, resampled views.
 * Only the latest few of each kind are kept (10k x 128 float32 embeddings are 5 MB).
 */
import type { PanelEvent } from '../../protocol/panelMessages';
import type { AugmentConfig } from '../../simclr/augment/augmentConfig';
import type { ImageDataset } from '../../simclr/data/dataset';
import type { SimclrModel } from '../../simclr/models/simclrModel';
import type { PositivePairOptions } from '../../simclr/eval/positivePair';

export type PublishedEmbeddings = Extract<PanelEvent, { kind: 'embeddings' }>;
export type PublishedAugmentations = Extract<PanelEvent, { kind: 'augmentations' }>;

/**
 * What the pair inspector needs of a set shown from a model: the model itself (its current weights at
 * each request), the images behind the points (row i = point i) and the run's augmentation.
 */
export interface PairSource {
  model: SimclrModel;
  dataset: ImageDataset;
  augment: PositivePairOptions['augment'];
  /** "crop(0.2-1) -> flip -> jitter(0.4)", or 'custom function'. */
  pipeline: string;
  batchSize?: number;
  temperature?: number;
}

export const KEEP = 4;

class Latest<T extends { id: string }> {
  private readonly byId = new Map<string, T>();

  constructor(private readonly what: string) {}

  add(item: T): void {
    this.byId.delete(item.id);
    this.byId.set(item.id, item);
    while (this.byId.size > KEEP) {
      const oldest = this.byId.keys().next().value;
      if (oldest === undefined) break;
      this.byId.delete(oldest);
    }
  }

  /** The item with this id ('latest': the newest), or a clear error naming what exists. */
  get(id: string): T {
    const item = id === 'latest' ? [...this.byId.values()].at(-1) : this.byId.get(id);
    if (!item)
      throw new Error(
        `no published ${this.what} '${id}' (kept: ${[...this.byId.keys()].join(', ') || 'none'}); run a cell that calls show.${this.what}(...)`,
      );
    return item;
  }
}

export class PublishedStore {
  private readonly embeddingSets = new Latest<PublishedEmbeddings>('embeddings');
  private readonly augmentationSets = new Latest<PublishedAugmentations>('augmentations');
  /** The full pipeline behind each augmentations set (the event carries only its tunable numbers). */
  private readonly configs = new Map<string, AugmentConfig>();
  /** The text encoder behind each two-tower embeddings set (the panel's text query). */
  private readonly textEncoders = new Map<string, (text: string) => Float32Array>();

  /** The model, images and augmentation behind each set shown from a model (the pair inspector). */
  private readonly pairSources = new Map<string, PairSource>();

  /** The panel's latest box/lasso selection of each set (what a cell's panel.selection() reads). */
  private readonly selections = new Map<string, Int32Array>();

  /** Keeps what a panel request may refer to later; other events are not stored. */
  remember(event: PanelEvent): void {
    if (event.kind === 'embeddings') {
      // New points under an old id: a selection of the old ones means nothing for them.
      this.selections.delete(event.id);
      this.embeddingSets.add(event);
    } else if (event.kind === 'augmentations') this.augmentationSets.add(event);
  }

  embeddings(id: string): PublishedEmbeddings {
    return this.embeddingSets.get(id);
  }

  augmentations(id: string): { source: PublishedAugmentations; config: AugmentConfig } {
    const source = this.augmentationSets.get(id);
    const config = this.configs.get(source.id);
    if (!config) throw new Error(`augmentations '${id}' has no pipeline recorded`);
    return { source, config };
  }

  rememberTextQuery(id: string, embedText: (text: string) => Float32Array): void {
    this.textEncoders.set(id, embedText);
    if (this.textEncoders.size > KEEP * 4) this.textEncoders.delete(this.textEncoders.keys().next().value ?? id);
  }

  /** The set and its text encoder, or a clear error when the set has none. */
  textQuery(id: string): { embeddings: PublishedEmbeddings; embedText: (text: string) => Float32Array } {
    const embeddings = this.embeddingSets.get(id);
    const embedText = this.textEncoders.get(embeddings.id);
    if (!embedText)
      throw new Error(
        `embeddings '${embeddings.id}' have no text encoder: publish them with show.embeddings({ model, pairs }) from a two-tower model`,
      );
    return { embeddings, embedText };
  }

  /** Keeps the panel's selection of set `id` (checked against its size); returns how many points it holds. */
  select(id: string, indices: ArrayLike<number>): number {
    const embeddings = this.embeddingSets.get(id);
    const selection = Int32Array.from(indices);
    const outside = selection.find((i) => i < 0 || i >= embeddings.n);
    if (outside !== undefined) throw new RangeError(`select: index ${outside} is outside 0..${embeddings.n - 1}`);
    this.selections.set(embeddings.id, selection);
    while (this.selections.size > KEEP) this.selections.delete(this.selections.keys().next().value ?? id);
    return selection.length;
  }

  /** The panel's selection of set `id` ('latest': the newest set); empty when nothing is selected. */
  selection(id: string): { embeddings: PublishedEmbeddings; indices: Int32Array } {
    const embeddings = this.embeddingSets.get(id);
    return { embeddings, indices: this.selections.get(embeddings.id) ?? new Int32Array(0) };
  }

  /** Keeps (or, with undefined, forgets) what lies behind set `id`: a set shown again under the same id replaces it. */
  rememberPairSource(id: string, source: PairSource | undefined): void {
    this.pairSources.delete(id);
    if (source) this.pairSources.set(id, source);
    if (this.pairSources.size > KEEP) this.pairSources.delete(this.pairSources.keys().next().value ?? id);
  }

  /** The set and what lies behind it, or a clear error when it was shown without a model. */
  pairSource(id: string): { embeddings: PublishedEmbeddings; source: PairSource } {
    const embeddings = this.embeddingSets.get(id);
    const source = this.pairSources.get(embeddings.id);
    if (!source)
      throw new Error(
        `embeddings '${embeddings.id}' were shown without a model: show them with show.embeddings({ model, dataset }) to inspect positive pairs`,
      );
    return { embeddings, source };
  }

  rememberAugmentConfig(id: string, config: AugmentConfig): void {
    this.configs.set(id, config);
    if (this.configs.size > KEEP * 4) this.configs.delete(this.configs.keys().next().value ?? id);
  }
}
