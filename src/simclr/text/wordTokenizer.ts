/**
 * A word-level tokenizer trained on a caption corpus: lower-cased words (letters and digits, with
 * inner hyphens and apostrophes kept, so "t-shirt" is one word) mapped to ids by frequency.
 * Id 0 pads, id 1 stands for a word outside the vocabulary. Serialises to JSON so it is saved with
 * the model; `decode(encode(text))` gives back the normalised text for in-vocabulary words.
 */

export const PAD_ID = 0;
export const UNKNOWN_ID = 1;
const PAD = '<pad>';
const UNKNOWN = '<unk>';
const WORD = /[a-z0-9]+(?:['-][a-z0-9]+)*/g;

/** The saved form of a tokenizer. */
export interface WordTokenizerJson {
  kind: 'word';
  /** Id -> word; ids 0 and 1 are '<pad>' and '<unk>'. */
  vocabulary: string[];
  /** Every encoding is padded or cut to this many ids. */
  maxLength: number;
}

export interface TrainTokenizerOptions {
  /** Keep at most this many words (the most frequent; ties by first appearance). Default 2000. */
  maxVocabulary?: number;
  /** Ignore words seen fewer times. Default 1. */
  minCount?: number;
  /** Default: the longest caption's word count. */
  maxLength?: number;
}

/** The words of `text` as the tokenizer sees them. */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

export class WordTokenizer {
  readonly vocabulary: readonly string[];
  readonly maxLength: number;
  private readonly ids: Map<string, number>;

  constructor(json: WordTokenizerJson) {
    if (json?.kind !== 'word' || !Array.isArray(json.vocabulary))
      throw new Error('WordTokenizer: expected { kind: "word", vocabulary: [...], maxLength }');
    if (json.vocabulary[PAD_ID] !== PAD || json.vocabulary[UNKNOWN_ID] !== UNKNOWN)
      throw new Error(`WordTokenizer: ids 0 and 1 must be ${PAD} and ${UNKNOWN}`);
    if (!Number.isInteger(json.maxLength) || json.maxLength < 1)
      throw new Error(`WordTokenizer: maxLength must be a positive integer, got ${json.maxLength}`);
    this.vocabulary = [...json.vocabulary];
    this.maxLength = json.maxLength;
    this.ids = new Map(this.vocabulary.map((w, i) => [w, i]));
    if (this.ids.size !== this.vocabulary.length) throw new Error('WordTokenizer: the vocabulary repeats a word');
  }

  /** Learns the vocabulary of `texts`. */
  static train(texts: readonly string[], options: TrainTokenizerOptions = {}): WordTokenizer {
    const counts = new Map<string, number>();
    let longest = 1;
    for (const text of texts) {
      const words = splitWords(text);
      longest = Math.max(longest, words.length);
      for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const minCount = options.minCount ?? 1;
    const maxVocabulary = options.maxVocabulary ?? 2000;
    // Map iteration keeps first appearance; a stable sort by count keeps that order within ties.
    const words = [...counts]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1])
      .slice(0, Math.max(0, maxVocabulary - 2))
      .map(([w]) => w);
    return new WordTokenizer({
      kind: 'word',
      vocabulary: [PAD, UNKNOWN, ...words],
      maxLength: options.maxLength ?? longest,
    });
  }

  get size(): number {
    return this.vocabulary.length;
  }

  /** Ids of `text`, padded with 0 or cut to maxLength. */
  encode(text: string): Int32Array {
    const out = new Int32Array(this.maxLength);
    splitWords(text)
      .slice(0, this.maxLength)
      .forEach((w, i) => {
        out[i] = this.ids.get(w) ?? UNKNOWN_ID;
      });
    return out;
  }

  /** Row-major [texts.length, maxLength] ids. */
  encodeBatch(texts: readonly string[]): Int32Array {
    const out = new Int32Array(texts.length * this.maxLength);
    texts.forEach((t, i) => out.set(this.encode(t), i * this.maxLength));
    return out;
  }

  /** The words of `ids` joined by spaces; padding dropped, unknown words as '<unk>'. */
  decode(ids: ArrayLike<number>): string {
    const words: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === PAD_ID) continue;
      const w = this.vocabulary[ids[i]];
      if (w === undefined)
        throw new RangeError(`WordTokenizer.decode: id ${ids[i]} is outside the vocabulary (0..${this.size - 1})`);
      words.push(w);
    }
    return words.join(' ');
  }

  toJSON(): WordTokenizerJson {
    return { kind: 'word', vocabulary: [...this.vocabulary], maxLength: this.maxLength };
  }
}
