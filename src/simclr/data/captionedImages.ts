/**
 * Image-text pairs composed from a labelled grayscale dataset (e.g. Fashion-MNIST): each image gets
 * a caption built from its class and from properties measured on its pixels (./imageProperties.ts),
 * each property placed in the lowest, middle or top third of its class's distribution ("a dark
 * coat" is darker than most coats), said with one of several phrasings. The captions are composed,
 * not written by people: `source` says so. Deterministic for a given seed.
 */
import { Random } from '../random';
import type { ImageDataset } from './dataset';
import { measureImage, type ImageProperties } from './imageProperties';

/** An image dataset with one caption per image. */
export interface CaptionedImages extends ImageDataset {
  captions: string[];
}

type Property = keyof ImageProperties;
type Level = 0 | 1 | 2;

/** Words for each property at the low and high thirds (the middle third is said only sometimes). */
const PROPERTY_WORDS: Record<Property, { low: string[]; mid: string[]; high: string[] }> = {
  ink: { low: ['small', 'slight'], mid: ['medium-sized'], high: ['large', 'bulky'] },
  brightness: { low: ['dark', 'dim'], mid: ['grey'], high: ['bright', 'light'] },
  width: { low: ['narrow', 'thin'], mid: ['medium-width'], high: ['wide', 'broad'] },
  height: { low: ['short', 'squat'], mid: ['medium-height'], high: ['tall', 'long'] },
  symmetry: { low: ['lopsided', 'asymmetric'], mid: ['fairly symmetric'], high: ['symmetric', 'balanced'] },
};

const PROPERTIES = Object.keys(PROPERTY_WORDS) as Property[];

/** Nouns per Fashion-MNIST class: the class's own word first (zero-shot prompts use it), then synonyms. */
export const FASHION_MNIST_NOUNS: string[][] = [
  ['t-shirt', 'top', 'tee'],
  ['trouser', 'pair of trousers', 'pair of pants'],
  ['pullover', 'sweater', 'jumper'],
  ['dress', 'frock'],
  ['coat', 'jacket'],
  ['sandal', 'open shoe'],
  ['shirt', 'blouse'],
  ['sneaker', 'trainer', 'running shoe'],
  ['bag', 'handbag'],
  ['ankle boot', 'boot'],
];

/** Caption templates: {noun}, {adjs} (adjectives before the noun), {a} ("a"/"an" for what follows). */
const TEMPLATES = [
  'a photo of {a} {adjs} {noun}',
  '{a} {adjs} {noun}',
  'a picture of {a} {adjs} {noun}',
  '{a} {noun} that is {adjsAnd}',
  'this {noun} is {adjsAnd}',
  'an image of {a} {adjs} {noun}',
];

/** Tercile cut points of each property within each class. */
function classTerciles(
  props: ImageProperties[],
  labels: Int32Array,
  numClasses: number,
): Record<Property, [number, number]>[] {
  return Array.from({ length: numClasses }, (_, c) => {
    const members = props.filter((_, i) => labels[i] === c);
    const out = {} as Record<Property, [number, number]>;
    for (const p of PROPERTIES) {
      const values = members.map((m) => m[p]).sort((a, b) => a - b);
      const at = (q: number) =>
        values.length === 0 ? 0 : values[Math.min(values.length - 1, Math.floor(q * values.length))];
      out[p] = [at(1 / 3), at(2 / 3)];
    }
    return out;
  });
}

function levelOf(value: number, [low, high]: [number, number]): Level {
  return value < low ? 0 : value >= high ? 2 : 1;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/**
 * One caption: the class noun with 1-3 of its measured properties, in a random template.
 * Exported for tests and for users composing their own captions.
 */
export function composeCaption(noun: string, levels: Partial<Record<Property, Level>>, rng: Random): string {
  const adjectives: string[] = [];
  for (const p of rng.shuffle(Int32Array.from(PROPERTIES.keys()))) {
    const level = levels[PROPERTIES[p]];
    if (level === undefined) continue;
    const words = PROPERTY_WORDS[PROPERTIES[p]];
    const list = level === 0 ? words.low : level === 2 ? words.high : words.mid;
    adjectives.push(list[rng.int(list.length)]);
  }
  const template = TEMPLATES[rng.int(TEMPLATES.length)];
  const adjs = adjectives.join(' ');
  const adjsAnd = adjectives.length <= 1 ? adjs : `${adjectives.slice(0, -1).join(', ')} and ${adjectives.at(-1)}`;
  const first = template.includes('{a} {adjs}') ? adjs || noun : noun;
  return template
    .replace('{a}', article(first))
    .replace('{adjsAnd}', adjsAnd || 'plain')
    .replace('{adjs}', adjs)
    .replace('{noun}', noun)
    .replace(/\s+/g, ' ')
    .trim();
}

export interface CaptionImagesOptions {
  /** Fixes property choice, phrasing and synonyms; default 0. */
  seed?: number;
  /** Nouns per class (first = the class word); default FASHION_MNIST_NOUNS (needs 10 classes). */
  nouns?: string[][];
  /** Properties stated per caption: between 1 and this many (default 3), chosen at random. */
  maxProperties?: number;
}

/**
 * Captions every image of a labelled single-channel dataset.
 * @param dataset [n, h, w, 1] with labels
 */
export function captionImages(dataset: ImageDataset, options: CaptionImagesOptions = {}): CaptionedImages {
  const [n, h, w, c] = dataset.shape;
  if (c !== 1)
    throw new RangeError(`captionImages: ${dataset.name} has ${c} channels; captions are measured on grayscale images`);
  if (!dataset.labels) throw new RangeError(`captionImages: ${dataset.name} has no labels to name the objects`);
  const nouns = options.nouns ?? FASHION_MNIST_NOUNS;
  const numClasses = nouns.length;
  for (let i = 0; i < n; i++) {
    if (dataset.labels[i] < 0 || dataset.labels[i] >= numClasses) {
      throw new RangeError(
        `captionImages: ${dataset.name} image ${i} has label ${dataset.labels[i]}, but nouns cover ${numClasses} classes`,
      );
    }
  }
  const maxProperties = options.maxProperties ?? 3;
  if (!Number.isInteger(maxProperties) || maxProperties < 1 || maxProperties > PROPERTIES.length) {
    throw new RangeError(`captionImages: maxProperties must be 1..${PROPERTIES.length}, got ${maxProperties}`);
  }
  const props = Array.from({ length: n }, (_, i) => measureImage(dataset.pixels, i, h, w));
  const cuts = classTerciles(props, dataset.labels, numClasses);
  const rng = new Random(options.seed ?? 0);
  const captions = props.map((p, i) => {
    const label = dataset.labels![i];
    const count = 1 + rng.int(maxProperties);
    const chosen = rng.shuffle(Int32Array.from(PROPERTIES.keys())).subarray(0, count);
    const levels: Partial<Record<Property, Level>> = {};
    for (const k of chosen) levels[PROPERTIES[k]] = levelOf(p[PROPERTIES[k]], cuts[label][PROPERTIES[k]]);
    const words = nouns[label];
    // The class word two times in three, so zero-shot prompts with it are in-vocabulary and common.
    const noun = rng.chance(2 / 3) ? words[0] : words[rng.int(words.length)];
    return composeCaption(noun, levels, rng);
  });
  return {
    ...dataset,
    name: `${dataset.name}+captions`,
    source: `${dataset.source}; captions composed by Look Twice from the label and properties measured on each image (ink, brightness, width, height, symmetry; seed ${options.seed ?? 0}), not written by people`,
    captions,
  };
}
