/**
 * Zero-shot classification with a two-tower model (Radford et al. 2021, section 3.1): each class
 * becomes text through several prompt templates ("a photo of a {class}"), their unit embeddings
 * are averaged and renormalised (CLIP's prompt ensembling, section 3.1.4), and a media item gets
 * the class whose text embedding is most similar. No labelled example is used.
 */
import { tf } from '../tf';
import { l2Normalize } from '../losses/ntXent';

/** CLIP-style templates for images; {} is the class name. */
export const IMAGE_PROMPT_TEMPLATES = ['a photo of a {}', 'a {}', 'a picture of a {}', 'an image of a {}'];
/** Templates for sounds. */
export const AUDIO_PROMPT_TEMPLATES = ['the sound of a {}', 'a {}', 'a recording of a {}'];

/**
 * Class embeddings from prompts.
 * @returns [classNames.length, E], unit rows
 */
export function classEmbeddings(
  model: { embedTexts(t: readonly string[]): tf.Tensor2D },
  classNames: readonly string[],
  templates: readonly string[],
): tf.Tensor2D {
  if (classNames.length < 2) throw new RangeError(`zero-shot: needs at least 2 class names, got ${classNames.length}`);
  if (templates.length < 1 || templates.some((t) => !t.includes('{}')))
    throw new RangeError('zero-shot: every template must contain {} where the class name goes');
  const prompts = classNames.flatMap((c) => templates.map((t) => t.replace('{}', c)));
  return tf.tidy(() => {
    const e = model.embedTexts(prompts); // [C * T, E], unit rows
    return l2Normalize(tf.mean(e.reshape([classNames.length, templates.length, -1]), 1) as tf.Tensor2D);
  });
}

export interface ZeroShotResult {
  accuracy: number;
  predictions: Int32Array;
  /** 1 / number of classes. */
  chance: number;
}

/**
 * @param media [n, E] media embeddings (normalised here)
 * @param classes [C, E] class embeddings (from classEmbeddings)
 * @param labels true class per item
 */
export function zeroShotClassify(media: tf.Tensor2D, classes: tf.Tensor2D, labels: ArrayLike<number>): ZeroShotResult {
  if (labels.length !== media.shape[0])
    throw new RangeError(`zero-shot: ${labels.length} labels for ${media.shape[0]} items`);
  const predictions = tf.tidy(
    () => tf.argMax(tf.matMul(l2Normalize(media), classes, false, true), 1).dataSync() as Int32Array,
  );
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return {
    accuracy: labels.length === 0 ? 0 : correct / labels.length,
    predictions: Int32Array.from(predictions),
    chance: 1 / classes.shape[0],
  };
}
