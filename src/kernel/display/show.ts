/**
 * `show`: the library's rich outputs, each a custom-MIME payload for our renderers plus a standard
 * fallback for GitHub and Jupyter.
 *   show.lossCurve(history, { title? })        loss curve (SVG fallback)
 *   show.image(tensorOrPixels, shape?)         one image (PNG)
 * (augmentations and embeddings are added by their own modules.)
 */
import type { DisplayOutput } from '../../protocol/outputs';
import type { PanelEvent } from '../../protocol/panelMessages';
import { imageOutput } from './displayApi';
import { lossCurveOutput, lossCurvePayload, seriesOf } from './lossCurveOutput';

export interface ShowHost {
  display(output: DisplayOutput, update: boolean): void;
  publish(event: PanelEvent): void;
  /** The running cell's abort signal (long projections stop on interrupt). */
  signal(): AbortSignal | undefined;
}

let lossCurves = 0;

export function createShow(host: ShowHost) {
  return {
    lossCurve(history: unknown, options: { title?: string } = {}): void {
      const payload = lossCurvePayload(seriesOf(history), `curve-${++lossCurves}`, true, options.title);
      host.display(lossCurveOutput(payload), false);
    },
    image(image: Parameters<typeof imageOutput>[0], shape?: Parameters<typeof imageOutput>[1]): void {
      host.display(imageOutput(image, shape), false);
    },
  };
}

export type Show = ReturnType<typeof createShow>;
