/**
 * Sound events synthesised from parameters, with captions that state those parameters: an
 * audio-text set for CLAP-style training that needs no download. Ten kinds of event (whistle,
 * chirp, drop, beeps, buzz, siren, bell, hiss, rumble, knocks), each drawn with a random pitch
 * (low/mid/high), length (short/long), pulse rate (slow/fast, for pulsed kinds), onset and
 * background noise, and captioned in one of several phrasings ("a short high chirp over background
 * noise"). Synthetic, not recorded: `source` says so. Deterministic for a given seed.
 */
import { Random } from '../random';
import type { AudioDataset } from './audioDataset';

export const SOUND_EVENT_CLASSES = [
  'whistle',
  'chirp',
  'drop',
  'beeps',
  'buzz',
  'siren',
  'bell',
  'hiss',
  'rumble',
  'knocks',
];

/** Parameters of one event, all stated (or implied by the kind) in its caption. */
export interface SoundEventParams {
  kind: number;
  pitch: 'low' | 'mid' | 'high';
  length: 'short' | 'long';
  rate: 'slow' | 'fast';
  noisy: boolean;
}

const PITCH_HZ = { low: [150, 300], mid: [400, 800], high: [1000, 1800] } as const;
const PITCHED = new Set(['whistle', 'chirp', 'drop', 'beeps', 'buzz', 'siren', 'bell']);
const PULSED = new Set(['beeps', 'knocks']);
const PITCH_WORDS = { low: ['low', 'deep'], mid: ['mid-pitched', 'medium'], high: ['high', 'shrill'] };
const LENGTH_WORDS = { short: ['short', 'brief'], long: ['long', 'sustained'] };
const RATE_WORDS = { slow: ['slow', 'sparse'], fast: ['fast', 'rapid'] };
const NOISE_PHRASES = ['over background noise', 'with a noisy background', 'in noise'];
const CLEAN_PHRASES = ['', '', 'on silence', 'clean'];
const TEMPLATES = [
  '{a} {adjs} {kind}{noise}',
  'the sound of {a} {adjs} {kind}{noise}',
  '{a} {kind}, {adjsComma}{noise}',
  'a recording of {a} {adjs} {kind}{noise}',
];

/** Kind nouns as said in captions (plural kinds read as "some beeps"). */
function kindPhrase(kind: string): { noun: string; plural: boolean } {
  return { noun: kind, plural: kind === 'beeps' || kind === 'knocks' };
}

/** The caption of an event: its kind and its parameters in one of several phrasings. */
export function soundEventCaption(p: SoundEventParams, rng: Random): string {
  const kind = SOUND_EVENT_CLASSES[p.kind];
  const pick = (list: readonly string[]) => list[rng.int(list.length)];
  const adjectives = [pick(LENGTH_WORDS[p.length])];
  if (PITCHED.has(kind)) adjectives.push(pick(PITCH_WORDS[p.pitch]));
  if (PULSED.has(kind)) adjectives.push(pick(RATE_WORDS[p.rate]));
  const order = rng.chance(0.5) ? adjectives : [...adjectives].reverse();
  const { noun, plural } = kindPhrase(kind);
  const adjs = order.join(' ');
  const noise = p.noisy
    ? ` ${pick(NOISE_PHRASES)}`
    : (() => {
        const c = pick(CLEAN_PHRASES);
        return c ? ` ${c}` : '';
      })();
  const a = plural ? 'some' : /^[aeiou]/.test(adjs) ? 'an' : 'a';
  const template = pick(TEMPLATES);
  return template
    .replace('{a}', template.includes('{a} {kind}') ? (plural ? 'some' : /^[aeiou]/.test(noun) ? 'an' : 'a') : a)
    .replace('{adjsComma}', order.join(', '))
    .replace('{adjs}', adjs)
    .replace('{kind}', noun)
    .replace('{noise}', noise)
    .replace(/\s+/g, ' ')
    .trim();
}

/** White (flat), or brown (integrated white, low-heavy) noise in [-1, 1]. */
function noise(rng: Random, n: number, colour: 'white' | 'brown'): Float32Array {
  const out = new Float32Array(n);
  let state = 0;
  for (let i = 0; i < n; i++) {
    const white = rng.uniform(-1, 1);
    if (colour === 'white') out[i] = white;
    else {
      state = 0.98 * state + 0.2 * white;
      out[i] = state;
    }
  }
  let peak = 1e-9;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(out[i]));
  for (let i = 0; i < n; i++) out[i] /= peak;
  return out;
}

/**
 * Renders one event into `out` (a clip of silence): the kind's waveform inside a 10 ms attack /
 * release envelope starting at a random onset, then background noise when asked.
 */
export function renderSoundEvent(out: Float32Array, p: SoundEventParams, sampleRate: number, rng: Random): void {
  const kind = SOUND_EVENT_CLASSES[p.kind];
  const total = out.length;
  const seconds = total / sampleRate;
  const duration = Math.round(
    sampleRate * seconds * (p.length === 'short' ? rng.uniform(0.25, 0.4) : rng.uniform(0.65, 0.85)),
  );
  const onset = rng.int(Math.max(1, total - duration));
  const [lo, hi] = PITCH_HZ[p.pitch];
  const f0 = rng.uniform(lo, hi);
  const pulsesPerSecond = p.rate === 'slow' ? rng.uniform(3, 4.5) : rng.uniform(8, 12);
  const vibratoHz = rng.uniform(2, 4);
  const bellRatios = [1, 2.76, 5.4];
  const burst =
    kind === 'hiss' || kind === 'knocks'
      ? noise(rng, duration, 'white')
      : kind === 'rumble'
        ? noise(rng, duration, 'brown')
        : undefined;
  const ramp = Math.round(0.01 * sampleRate);
  let phase = 0;
  for (let i = 0; i < duration; i++) {
    const t = i / sampleRate;
    const progress = i / duration;
    let f = f0;
    if (kind === 'chirp') f = f0 * Math.pow(2, 1.5 * progress - 0.75);
    else if (kind === 'drop') f = f0 * Math.pow(2, 0.75 - 1.5 * progress);
    else if (kind === 'siren') f = f0 * (1 + 0.25 * Math.sin(2 * Math.PI * vibratoHz * t));
    phase += (2 * Math.PI * f) / sampleRate;
    let v: number;
    switch (kind) {
      case 'buzz':
        v = 0.6 * Math.sign(Math.sin(phase));
        break;
      case 'bell':
        v = bellRatios.reduce((s, r, k) => s + Math.sin(r * phase) / (k + 1), 0) * 0.5 * Math.exp(-4 * progress);
        break;
      case 'hiss':
      case 'rumble':
        v = 0.6 * (burst as Float32Array)[i];
        break;
      case 'knocks': {
        const sincePulse = (t * pulsesPerSecond) % 1;
        v = (burst as Float32Array)[i] * Math.exp(-sincePulse * 25);
        break;
      }
      case 'beeps':
        v = (t * pulsesPerSecond) % 1 < 0.5 ? 0.7 * Math.sin(phase) : 0;
        break;
      default:
        v = 0.7 * Math.sin(phase);
    }
    const envelope = Math.min(1, i / ramp, (duration - 1 - i) / ramp);
    out[onset + i] += v * Math.max(0, envelope);
  }
  const noiseLevel = p.noisy ? rng.uniform(0.08, 0.15) : 0.005;
  const background = noise(rng, total, 'white');
  for (let i = 0; i < total; i++) out[i] = Math.max(-1, Math.min(1, out[i] + noiseLevel * background[i]));
}

export interface SoundEventsOptions {
  /** Number of clips; default 2000. */
  count?: number;
  /** Default 8000 Hz. */
  sampleRate?: number;
  /** Clip length in seconds; default 1. */
  seconds?: number;
  /** Default 0; a different seed gives different clips and captions (use one for train, one for test). */
  seed?: number;
  name?: string;
}

/** Synthesises `count` captioned sound events, classes balanced in turn (clip i has kind i mod 10). */
export function synthesizeSoundEvents(options: SoundEventsOptions = {}): AudioDataset {
  const count = options.count ?? 2000;
  const sampleRate = options.sampleRate ?? 8000;
  const seconds = options.seconds ?? 1;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`synthesizeSoundEvents: count must be a positive integer, got ${count}`);
  if (!Number.isInteger(sampleRate) || sampleRate < 4000)
    throw new RangeError(
      `synthesizeSoundEvents: sampleRate must be an integer >= 4000 (the high pitches reach 2.7 kHz), got ${sampleRate}`,
    );
  if (!(seconds >= 0.5 && seconds <= 10))
    throw new RangeError(`synthesizeSoundEvents: seconds must be in [0.5, 10], got ${seconds}`);
  const clipLength = Math.round(sampleRate * seconds);
  const waveforms = new Float32Array(count * clipLength);
  const labels = new Int32Array(count);
  const captions: string[] = [];
  const rng = new Random(seed);
  for (let i = 0; i < count; i++) {
    const p: SoundEventParams = {
      kind: i % SOUND_EVENT_CLASSES.length,
      pitch: (['low', 'mid', 'high'] as const)[rng.int(3)],
      length: rng.chance(0.5) ? 'short' : 'long',
      rate: rng.chance(0.5) ? 'slow' : 'fast',
      noisy: rng.chance(0.4),
    };
    labels[i] = p.kind;
    renderSoundEvent(waveforms.subarray(i * clipLength, (i + 1) * clipLength), p, sampleRate, rng);
    captions.push(soundEventCaption(p, rng));
  }
  return {
    name: options.name ?? `sound-events/seed-${seed}`,
    source: `synthesised by Look Twice from parameters (kind, pitch, length, pulse rate, background noise; seed ${seed}); captions state those parameters. Not recorded sound`,
    sampleRate,
    clipLength,
    waveforms,
    size: count,
    labels,
    classNames: [...SOUND_EVENT_CLASSES],
    captions,
  };
}
