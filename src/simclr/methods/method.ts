/**
 * The training-method abstraction behind `pretrain`: one loop (data order, schedule, optimiser,
 * guarded update, events, interrupts, checkpoints) and a `Method` that says what is specific to a
 * self-supervised method:
 *   - its networks beyond the model (predictor, target network, classifier, context network) and
 *     state (queue, memory bank), built by `attach` for a given model;
 *   - how a batch becomes a loss and gradients (`gradients`, no update applied yet);
 *   - what follows each optimiser update (`afterStep`: momentum update, queue or bank update);
 *   - the tensors a checkpoint must hold to resume exactly (`state` / `setState`).
 * See /work/notes/methods.md (and README) for how to add one.
 */
import type { tf } from '../tf';
import type { Random } from '../random';
import type { SimclrModel } from '../models/simclrModel';
import type { AugmentFn } from '../train/trainStep';

/** One step's input, as the loop hands it to the method. The loop disposes `images`. */
export interface MethodBatch {
  /** [N, H, W, C] in [0, 1]. */
  images: tf.Tensor4D;
  /** Dataset index of each image (row i of `images` is image indices[i]). */
  indices: Int32Array;
  /** 0-based optimisation step. */
  step: number;
  /** The step's random source (seeded by run seed and step): augmentations draw from it. */
  rng: Random;
}

/** A step's loss and gradients, not yet applied, and what the loop reports and passes on. */
export interface MethodStep {
  loss: tf.Scalar;
  /** Gradient of every variable the optimiser updates, by variable name. */
  grads: tf.NamedTensorMap;
  /**
   * The online network's output for the batch [N, d] (before l2 normalisation): the loop
   * computes `representationStd` from it, the collapse signal every method reports.
   */
  representation?: tf.Tensor2D;
  /** Method-specific named scalars of the step (e.g. rotation accuracy); reported as metrics. */
  scalars?: Record<string, tf.Scalar | number>;
  /** Tensors `afterStep` consumes (keys to enqueue, features for the bank). The loop disposes them. */
  pending?: tf.Tensor[];
}

/** What `attach` learns about the run. */
export interface MethodSetup {
  /** Makes one augmented view of each image. */
  augment: AugmentFn;
  batchSize: number;
  /** Images per forward pass when gradient caching is on (SimCLR only; = batchSize otherwise). */
  microBatch: number;
  totalSteps: number;
  seed: number;
  /** Images in the training set (InstDisc's memory bank has one row per image). */
  datasetSize: number;
}

/** A method bound to one model for one run: its networks, state and step. */
export interface MethodTrainer {
  /** Forward and backward pass of one step, without the update. */
  gradients(batch: MethodBatch): MethodStep;
  /**
   * Variables that forward passes move without gradients (batch-norm statistics, of the model and
   * of the method's own networks): restored when the loop refuses a step with a non-finite loss.
   */
  statisticsVariables(): tf.Variable[];
  /** After the optimiser applied the step: momentum updates, queue/bank updates. Must not leak. */
  afterStep?(batch: MethodBatch, pending: tf.Tensor[]): void;
  /** Scalars of the method's state after a step (queue fill, target momentum), reported as metrics. */
  stateScalars?(step: number): Record<string, number>;
  /** Every tensor beyond the model's weights that an exact resume needs, with stable names. */
  state(): { name: string; tensor: tf.Tensor }[];
  /** Restores `state()` from a checkpoint (same order; shapes checked). */
  setState(values: tf.Tensor[]): void;
  dispose(): void;
}

/** A self-supervised training method. */
export interface Method {
  /** Its name in events, checkpoints and tables, e.g. 'moco-v2'. */
  readonly name: string;
  /** Its resolved hyper-parameters (JSON), reported in the run config and checked on resume. */
  readonly config: Record<string, string | number | boolean>;
  /** Builds the method's networks and state for `model`. */
  attach(model: SimclrModel, setup: MethodSetup): MethodTrainer;
}
