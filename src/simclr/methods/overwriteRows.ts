/**
 * Overwrites rows of a [R, d] variable in place: row rows[j] takes values[j], every other row keeps
 * its value (a gather over [variable; values], so it is one op on every backend). MoCo's queue and
 * InstDisc's memory bank are updated this way after each step.
 */
import { tf } from '../tf';

/**
 * @param target [R, d] variable
 * @param rows distinct row indices in [0, R), one per row of `values`
 * @param values [rows.length, d]
 */
export function overwriteRows(target: tf.Variable, rows: ArrayLike<number>, values: tf.Tensor2D): void {
  const [size, width] = target.shape;
  if (values.rank !== 2 || values.shape[0] !== rows.length || values.shape[1] !== width) {
    throw new RangeError(`overwriteRows: values must be [${rows.length}, ${width}], got [${values.shape}]`);
  }
  const source = Int32Array.from({ length: size }, (_, r) => r);
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    if (!Number.isInteger(r) || r < 0 || r >= size)
      throw new RangeError(`overwriteRows: row ${r} is outside [0, ${size})`);
    source[r] = size + j;
  }
  tf.tidy(() => {
    target.assign(tf.gather(tf.concat([target, values], 0), source));
  });
}
