/**
 * Rotation prediction, RotNet (Gidaris, Singh and Komodakis 2018, "Unsupervised Representation
 * Learning by Predicting Image Rotations", arXiv:1803.07728, eq. 1-3): the handcrafted pretext
 * baseline. Each image is shown at 0, 90, 180 and 270 degrees, all four in the same batch (section
 * 3.1: "feeding all four rotated copies simultaneously"), and a classifier on the encoder's
 * representation predicts which rotation it saw (cross-entropy, eq. 2). Images get one augmented
 * view first (the library's augmentation; the paper uses crops and flips). The classifier is a
 * two-layer MLP on h (D -> the head's first width -> 4); the model's projection head is not used.
 */
import { tf } from '../tf';
import type { SimclrModel } from '../models/simclrModel';
import { createProjectionHead } from '../models/projectionHead';
import { rotationLoss } from '../losses/rotation';
import { namedWeightsOf, setWeightsOf, trainableOf } from './networkState';
import type { Method, MethodSetup, MethodTrainer } from './method';

/**
 * The four rotations of each image, counter-clockwise quarter turns 0..3, rotation-major.
 * @param images [N, S, S, C] (square)
 * @returns [4N, S, S, C]: rows k*N .. (k+1)*N - 1 are turned k quarter turns
 */
export function quarterTurns(images: tf.Tensor4D): tf.Tensor4D {
  if (images.shape[1] !== images.shape[2])
    throw new RangeError(`quarterTurns: images must be square, got ${images.shape[1]}x${images.shape[2]}`);
  return tf.tidy(() => {
    const transposed = tf.transpose(images, [0, 2, 1, 3]);
    return tf.concat(
      [
        images,
        tf.reverse(transposed, 1), // 90 degrees counter-clockwise
        tf.reverse(images, [1, 2]), // 180
        tf.reverse(transposed, 2), // 270
      ],
      0,
    ) as tf.Tensor4D;
  });
}

export function rotation(): Method {
  const name = 'rotation';
  return {
    name,
    config: { rotations: 4 },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      const classifier = createProjectionHead(
        { inputDim: model.representationDim, widths: [model.config.headWidths[0], 4] },
        setup.seed + 13,
      );
      return {
        gradients(batch) {
          return tf.tidy(() => {
            const n = batch.images.shape[0];
            const rotated = quarterTurns(setup.augment(batch.images, batch.rng));
            const labels = Int32Array.from({ length: 4 * n }, (_, i) => Math.floor(i / n));
            let representation: tf.Tensor2D | undefined;
            let logits: tf.Tensor2D | undefined;
            const { value, grads } = tf.variableGrads(() => {
              const h = model.encoder.apply(rotated, { training: true }) as tf.Tensor2D;
              representation = tf.keep(h.slice([0, 0], [n, -1]));
              const l = classifier.apply(h, { training: true }) as tf.Tensor2D;
              logits = tf.keep(l);
              return rotationLoss(l, labels);
            }, [...model.encoder.trainableWeights.map((w) => w.read() as tf.Variable), ...trainableOf([classifier])]);
            const accuracy = tf.mean(
              tf.cast(tf.equal(tf.argMax(logits as tf.Tensor2D, 1), tf.tensor1d(labels, 'int32')), 'float32'),
            ) as tf.Scalar;
            (logits as tf.Tensor2D).dispose(); // kept out of the tape's scope; only the accuracy is needed
            return { loss: value, grads, representation, scalars: { rotationAccuracy: accuracy } };
          });
        },
        statisticsVariables: () => model.statisticsVariables(),
        state: () => namedWeightsOf([classifier]),
        setState(values) {
          const rest = setWeightsOf(name, [classifier], values);
          if (rest.length !== 0)
            throw new Error(`${name}: checkpoint state has ${rest.length} tensors beyond the classifier`);
        },
        dispose: () => classifier.dispose(),
      };
    },
  };
}
