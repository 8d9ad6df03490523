/**
 * MoCo's queue of keys (arXiv:1911.05722 section 3.2, algorithm 1 "enqueue, dequeue"): K rows of
 * width d; each step's keys overwrite the oldest rows (a ring buffer), wrapping around the end.
 * Starts as random unit vectors (the reference code's initialisation), drawn from a seed.
 */
import { tf } from '../tf';
import type { Random } from '../random';
import { checkStateShape } from './networkState';
import { overwriteRows } from './overwriteRows';

export class RingQueue {
  /** [K, d] the keys, oldest overwritten first. */
  readonly values: tf.Variable<tf.Rank.R2>;
  /** int32 [position, filled], kept in step with the fields for checkpoints. */
  private readonly counters: tf.Variable;
  private position = 0;
  private filled = 0;

  constructor(
    private readonly method: string,
    readonly size: number,
    readonly width: number,
    rng: Random,
  ) {
    this.values = tf.tidy(() => {
      const random = tf.randomNormal([size, width], 0, 1, 'float32', rng.seed()) as tf.Tensor2D;
      return tf.variable(
        tf.div(random, tf.norm(random, 2, 1, true)),
        false,
        uniqueName(`${method}/queue`),
      ) as tf.Variable<tf.Rank.R2>;
    });
    this.counters = tf.tidy(() =>
      tf.variable(tf.tensor1d([0, 0], 'int32'), false, uniqueName(`${method}/queue-position`), 'int32'),
    );
  }

  /** Share of rows holding real keys (not the random initialisation), in [0, 1]. */
  get fill(): number {
    return this.filled / this.size;
  }

  /** Index of the next row to overwrite. */
  get next(): number {
    return this.position;
  }

  /** Writes `keys` [n, d] at the current position (wrapping), n <= K. Does not take ownership. */
  push(keys: tf.Tensor2D): void {
    const n = keys.shape[0];
    if (keys.shape[1] !== this.width || n > this.size)
      throw new RangeError(`${this.method}: keys must be [n <= ${this.size}, ${this.width}], got [${keys.shape}]`);
    overwriteRows(
      this.values,
      Array.from({ length: n }, (_, i) => (this.position + i) % this.size),
      keys,
    );
    this.position = (this.position + n) % this.size;
    this.filled = Math.min(this.size, this.filled + n);
    tf.tidy(() => this.counters.assign(tf.tensor1d([this.position, this.filled], 'int32')));
  }

  /** [queue, int32 [position, filled]] for checkpoints. */
  state(): { name: string; tensor: tf.Tensor }[] {
    return [
      { name: 'queue', tensor: this.values },
      { name: 'queue-position', tensor: this.counters },
    ];
  }

  setState([values, position]: tf.Tensor[]): void {
    checkStateShape(this.method, 'queue', values, [this.size, this.width]);
    checkStateShape(this.method, 'queue position', position, [2]);
    const [p, f] = position.dataSync();
    if (!(p >= 0 && p < this.size && f >= 0 && f <= this.size))
      throw new Error(`${this.method}: checkpoint queue position ${p}/${f} is outside a queue of ${this.size}`);
    this.values.assign(values as tf.Tensor2D);
    this.counters.assign(position);
    this.position = p;
    this.filled = f;
  }

  dispose(): void {
    this.values.dispose();
    this.counters.dispose();
  }
}

let serial = 0;
/** tfjs variable names are global: a fresh one per queue. */
export function uniqueName(prefix: string): string {
  serial += 1;
  return `${prefix}-${serial}`;
}
