/**
 * A tensor as a small image for the Variables view: the first image of a batch, min-max scaled to
 * 0-255 (a float image in [0, 1] and a uint8-valued one both look right), at most
 * TENSOR_IMAGE_MAX_SIDE on its longer side. Only on request: the view never asks for pixels unasked.
 */
import { TENSOR_IMAGE_MAX_SIDE } from '../../protocol/variables';
import { tf } from '../../simclr/tf';
import { isImageShape } from './summariseValue';

export function tensorImage(tensor: tf.Tensor): { pixels: Uint8Array; shape: [number, number, number] } {
  if (tensor.isDisposed) throw new Error('the tensor was disposed');
  if (!isImageShape(tensor.shape))
    throw new Error(
      `a tensor of shape [${tensor.shape.join(', ')}] is not an image ([h, w], [h, w, c] or [n, h, w, c] with c 1, 3 or 4)`,
    );
  const image = tf.tidy(() => {
    let t = tensor.toFloat();
    if (t.rank === 2) t = t.expandDims(-1);
    if (t.rank === 4) t = t.slice([0, 0, 0, 0], [1, -1, -1, -1]).squeeze([0]);
    const [h, w] = t.shape;
    const scale = Math.min(1, TENSOR_IMAGE_MAX_SIDE / Math.max(h, w));
    if (scale < 1)
      t = tf.image.resizeBilinear(t as tf.Tensor3D, [
        Math.max(1, Math.round(h * scale)),
        Math.max(1, Math.round(w * scale)),
      ]);
    const min = t.min();
    const range = t.max().sub(min).maximum(1e-12);
    return t.sub(min).div(range).mul(255).round().clipByValue(0, 255).toInt() as tf.Tensor3D;
  });
  try {
    const [h, w, c] = image.shape;
    return { pixels: Uint8Array.from(image.dataSync()), shape: [h, w, c] };
  } finally {
    image.dispose();
  }
}
