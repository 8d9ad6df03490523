/**
 * Input checks shared by the losses: each names the function and the argument, so a bad shape
 * fails with a sentence instead of a broadcasting error deep inside TensorFlow.js.
 */
import { tf } from '../tf';

/** Throws unless `x` is a tf.Tensor of rank 2 with at least `minRows` rows and one column. */
export function checkMatrix(where: string, name: string, x: tf.Tensor, minRows = 1): asserts x is tf.Tensor2D {
  if (!(x instanceof tf.Tensor) || x.rank !== 2) {
    throw new RangeError(
      `${where}: ${name} must be a 2-D tensor [n, d], got ${x instanceof tf.Tensor ? `shape [${x.shape}]` : typeof x}`,
    );
  }
  const [rows, columns] = x.shape as number[];
  if (rows < minRows || columns < 1) {
    throw new RangeError(`${where}: ${name} needs at least ${minRows} row(s) and 1 column, got shape [${x.shape}]`);
  }
}

/** Throws unless `a` and `b` are both [n, d] with the same n and d. */
export function checkSameMatrices(
  where: string,
  names: [string, string],
  a: tf.Tensor,
  b: tf.Tensor,
  minRows = 1,
): void {
  checkMatrix(where, names[0], a, minRows);
  checkMatrix(where, names[1], b, minRows);
  if (a.shape[0] !== b.shape[0] || a.shape[1] !== b.shape[1]) {
    throw new RangeError(
      `${where}: ${names[0]} and ${names[1]} must have the same shape [n, d], got [${a.shape}] and [${b.shape}]`,
    );
  }
}

/** Throws unless `value` is a finite number > 0. */
export function checkPositive(where: string, name: string, value: number): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`${where}: ${name} must be a positive finite number, got ${value}`);
  }
}
