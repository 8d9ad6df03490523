/**
 * `display`: what a cell calls to show something (Jupyter's IPython.display, tslab's display).
 *   display(value)                      -> one output, formatted by formatValue
 *   display(value, { displayId: 'x' })  -> an output that later `display.update('x', value)` replaces in place
 *   display.image(tensorOrPixels, shape?) -> a PNG (tensor [h, w, c] or bytes/floats with shape [h, w, c])
 * Each returns undefined so that a trailing `display(x)` does not display twice.
 */
import type { DisplayOutput } from '../../protocol/outputs';
import { tf } from '../../simclr/tf';
import { formatValue } from './formatValue';
import { pixelsToPng, tensorPixels, toBytes } from './images';
import { output, plainItem, pngItem } from './mimeBundle';

export type DisplaySink = (output: DisplayOutput, update: boolean) => void;

export interface DisplayOptions {
  displayId?: string;
}

export interface DisplayFunction {
  (value: unknown, options?: DisplayOptions): void;
  update(displayId: string, value: unknown): void;
  image(
    image: tf.Tensor | ArrayLike<number>,
    shape?: [height: number, width: number, channels?: number],
    options?: DisplayOptions,
  ): void;
}

export function createDisplay(sink: DisplaySink): DisplayFunction {
  const show = (formatted: DisplayOutput, options: DisplayOptions | undefined, update: boolean): void => {
    const displayId = options?.displayId;
    sink(displayId === undefined ? formatted : { ...formatted, displayId }, update);
  };
  const display = (value: unknown, options?: DisplayOptions): void => show(formatValue(value), options, false);
  display.update = (displayId: string, value: unknown): void => show(formatValue(value), { displayId }, true);
  display.image = (
    image: tf.Tensor | ArrayLike<number>,
    shape?: [number, number, number?],
    options?: DisplayOptions,
  ): void => {
    show(imageOutput(image, shape), options, false);
  };
  return display;
}

export function imageOutput(image: tf.Tensor | ArrayLike<number>, shape?: [number, number, number?]): DisplayOutput {
  if (image instanceof tf.Tensor) {
    const pixels = tf.tidy(() => (image.rank === 4 && image.shape[0] === 1 ? image.squeeze([0]) : image.clone()));
    try {
      const p = tensorPixels(pixels);
      return output([pngItem(pixelsToPng(p)), plainItem(`image ${p.width}x${p.height}x${p.channels}`)]);
    } finally {
      pixels.dispose();
    }
  }
  if (!shape)
    throw new TypeError('display.image(pixels, shape): a pixel array needs its shape [height, width, channels]');
  const [height, width, channels = 1] = shape;
  if (channels !== 1 && channels !== 3 && channels !== 4)
    throw new RangeError(`display.image: channels must be 1, 3 or 4, got ${channels}`);
  if (image.length !== height * width * channels) {
    throw new RangeError(
      `display.image: shape [${height}, ${width}, ${channels}] needs ${height * width * channels} values, got ${image.length}`,
    );
  }
  const png = pixelsToPng({ data: toBytes(image), width, height, channels });
  return output([pngItem(png), plainItem(`image ${width}x${height}x${channels}`)]);
}
