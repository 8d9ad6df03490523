/**
 * Instance discrimination with a memory bank, InstDisc (Wu, Xiong, Yu and Lin 2018, "Unsupervised
 * Feature Learning via Non-Parametric Instance Discrimination", arXiv:1805.01978): every training
 * image is its own class. The non-parametric softmax (eq. 2) scores the feature v = f(x) against the
 * memory bank's entry of every image,
 *
 *   P(i | v) = exp(v_i^T v / T) / sum_j exp(v_j^T v / T),   T = 0.07,
 *
 * and the bank entry of each image in the batch moves towards its new feature after the step
 * (section 3.2's proximal/momentum update, m = 0.5, as the reference code): v_i <- norm(m v_i + (1 - m) f_i).
 * The sum over all n images is approximated by the positive and K = 4096 bank rows drawn uniformly
 * (as the paper's NCE draws K = 4096 noise samples; here a sampled full softmax, InfoNCE, instead of
 * NCE's binary classifiers). One augmented view per image; the feature is the model's projection
 * (the paper's 128-d linear embedding), l2-normalised. The bank starts as random unit vectors.
 *
 * What the bank costs besides its n x d floats is staleness: an entry is written only when its image
 * is in a batch, about once an epoch, by an encoder that has moved on since. Each step reports it for
 * the batch's own entries, before they are rewritten: `bankAge`, the mean number of steps since they
 * were last written (entries count from step 0 until their first write; about n / batch - 1 once
 * every image has been seen), and `bankCosine`, the mean cosine between each entry and its image's
 * current feature. The write times are part of the bank's state, so a resumed run reports the same.
 */
import { tf } from '../tf';
import { Random } from '../random';
import type { SimclrModel } from '../models/simclrModel';
import { infoNceLoss } from '../losses/infoNce';
import { l2Normalize } from '../losses/ntXent';
import { overwriteRows } from './overwriteRows';
import { checkStateShape } from './networkState';
import { uniqueName } from './ringQueue';
import { inRange, positiveInteger, positiveNumber } from './methodOptions';
import type { Method, MethodSetup, MethodTrainer } from './method';

export interface InstDiscOptions {
  /** Bank rows drawn as negatives per step (K); default 4096, capped at the dataset size. */
  negatives?: number;
  /** Temperature T; default 0.07. */
  temperature?: number;
  /** Memory-bank momentum m; default 0.5. */
  bankMomentum?: number;
}

/** The bank update of InstDisc: norm(m v + (1 - m) f), rows [n, d]. */
export function memoryBankUpdate(bank: tf.Tensor2D, features: tf.Tensor2D, momentum: number): tf.Tensor2D {
  return tf.tidy(() => l2Normalize(tf.add(tf.mul(bank, momentum), tf.mul(features, 1 - momentum))));
}

export function instDisc(options: InstDiscOptions = {}): Method {
  const name = 'instdisc';
  const negatives = positiveInteger(name, 'negatives', options.negatives ?? 4096);
  const temperature = positiveNumber(name, 'temperature', options.temperature ?? 0.07);
  const bankMomentum = inRange(name, 'bankMomentum', options.bankMomentum ?? 0.5, 0, 1);
  return {
    name,
    config: { negatives, temperature, bankMomentum },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      const n = setup.datasetSize,
        d = model.projectionDim;
      const k = Math.min(negatives, n);
      // The step count at each entry's last write, [n, 1] (0: the random start); float32 counts exactly to 2^24.
      const writtenAt = tf.tidy(() => tf.variable(tf.zeros([n, 1]), false, uniqueName(`${name}/written-at`)));
      const bank = tf.tidy(() =>
        tf.variable(
          l2Normalize(tf.randomNormal([n, d], 0, 1, 'float32', new Random(setup.seed ^ 0x1d15c).seed()) as tf.Tensor2D),
          false,
          uniqueName(`${name}/bank`),
        ),
      );
      return {
        gradients(batch) {
          return tf.tidy(() => {
            const view = setup.augment(batch.images, batch.rng);
            const positive = tf.gather(bank, batch.indices) as tf.Tensor2D;
            const drawn = Int32Array.from({ length: k }, () => batch.rng.int(n));
            const noise = tf.gather(bank, drawn) as tf.Tensor2D;
            let feature: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const f = model.projectForTraining(view);
              feature = tf.keep(f);
              return infoNceLoss(f, positive, noise, temperature);
            }, model.trainableVariables());
            const f = feature as tf.Tensor2D;
            const current = l2Normalize(f);
            const scalars = {
              bankAge: tf.mean(tf.sub(batch.step, tf.gather(writtenAt, batch.indices))) as tf.Scalar,
              bankCosine: tf.mean(tf.sum(tf.mul(positive, current), 1)) as tf.Scalar,
            };
            return {
              loss: value,
              grads,
              representation: f,
              scalars,
              pending: [memoryBankUpdate(positive, current, bankMomentum)],
            };
          });
        },
        statisticsVariables: () => model.statisticsVariables(),
        afterStep(batch, [updated]) {
          overwriteRows(bank, batch.indices, updated as tf.Tensor2D);
          tf.tidy(() => overwriteRows(writtenAt, batch.indices, tf.fill([batch.indices.length, 1], batch.step + 1)));
        },
        state: () => [
          { name: 'memory-bank', tensor: bank },
          { name: 'memory-bank-written-at', tensor: writtenAt },
        ],
        setState(values) {
          if (values.length !== 2)
            throw new Error(
              `${name}: checkpoint state must hold the memory bank and its write steps, got ${values.length} tensors`,
            );
          bank.assign(checkStateShape(name, 'memory bank', values[0], [n, d]) as tf.Tensor2D);
          writtenAt.assign(checkStateShape(name, 'memory bank write steps', values[1], [n, 1]) as tf.Tensor2D);
        },
        dispose: () => tf.dispose([bank, writtenAt]),
      };
    },
  };
}
