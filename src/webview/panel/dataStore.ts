/**
 * The panel's binary data, outside the reducer: embedding labels and thumbnails, projected points
 * per (embeddings, method), explorer images and resampled views. Typed arrays arrive as binary
 * through postMessage and are used as they are (no copies into JS number arrays).
 */
import type { PanelEvent, PanelResponse } from '../../protocol/panelMessages';
import { PixelThumbnails, type ThumbnailSource } from '../common/thumbnails';

type EmbeddingsEvent = Extract<PanelEvent, { kind: 'embeddings' }>;
type AugmentationsEvent = Extract<PanelEvent, { kind: 'augmentations' }>;
type AugmentResponse = Extract<PanelResponse, { kind: 'augment' }>;
type TensorImageResponse = Extract<PanelResponse, { kind: 'tensorImage' }>;
type InspectPairResponse = Extract<PanelResponse, { kind: 'inspectPair' }>;

export class DataStore {
  embeddings: EmbeddingsEvent | undefined;
  thumbnails: ThumbnailSource | undefined;
  augmentations: AugmentationsEvent | undefined;
  augmentSources: ThumbnailSource | undefined;
  augmentViews: { response: AugmentResponse; tiles: ThumbnailSource } | undefined;
  /** The pair inspector's views (anchor, positive) and the hardest negatives' views, of the latest answer. */
  pairViews:
    | { embeddingsId: string; index: number; seed: number; views: ThumbnailSource; negatives: ThumbnailSource }
    | undefined;
  /** Images of tensor variables by name, as the kernel sent them; dropped by each variables report. */
  readonly tensorImages = new Map<string, { image: ThumbnailSource; shape: readonly [number, number, number] }>();
  /** Projections of the current embeddings by method, [n, dims] row-major. */
  private readonly projections = new Map<string, { points: Float32Array; dims: number }>();

  /** Forgets everything (a replay brings the followed kernel's whole state). */
  reset(): void {
    this.embeddings = this.thumbnails = this.augmentations = this.augmentSources = this.augmentViews = undefined;
    this.pairViews = undefined;
    this.projections.clear();
    this.tensorImages.clear();
  }

  /** Keeps the binary parts of an event; returns true when it replaced earlier data. */
  takeEvent(event: PanelEvent): boolean {
    if (event.kind === 'embeddings') {
      this.embeddings = event;
      this.thumbnails =
        event.thumbnails && event.thumbnailShape
          ? new PixelThumbnails(event.thumbnails, event.thumbnailShape)
          : undefined;
      this.projections.clear();
      this.pairViews = undefined;
      return true;
    }
    if (event.kind === 'augmentations') {
      const changed = this.augmentations?.id !== event.id;
      this.augmentations = event;
      this.augmentSources = new PixelThumbnails(event.images, event.shape);
      if (changed) this.augmentViews = undefined;
      return changed;
    }
    if (event.kind === 'variables') this.tensorImages.clear();
    return false;
  }

  takeTensorImage(response: TensorImageResponse): void {
    this.tensorImages.set(response.name, {
      image: new PixelThumbnails(response.pixels, response.shape),
      shape: response.shape,
    });
  }

  takePair(response: InspectPairResponse): void {
    if (this.embeddings?.id !== response.embeddingsId) return;
    this.pairViews = {
      embeddingsId: response.embeddingsId,
      index: response.index,
      seed: response.seed,
      views: new PixelThumbnails(response.views, response.shape),
      negatives: new PixelThumbnails(response.negatives.views, response.shape),
    };
  }

  takeAugment(response: AugmentResponse): void {
    this.augmentViews = { response, tiles: new PixelThumbnails(response.views, response.shape) };
  }

  setProjection(embeddingsId: string, method: string, points: Float32Array, dims: number): void {
    if (this.embeddings?.id !== embeddingsId) return;
    this.projections.set(method, { points, dims });
  }

  projection(method: string): { points: Float32Array; dims: number } | undefined {
    return this.projections.get(method);
  }

  /** Label of point i, or -1. */
  label(i: number): number {
    return this.embeddings?.labels?.[i] ?? -1;
  }

  /** Distinct labels of the current embeddings, sorted. */
  labelSet(): number[] {
    const labels = this.embeddings?.labels;
    if (!labels) return [];
    return [...new Set(labels)].sort((a, b) => a - b);
  }
}
