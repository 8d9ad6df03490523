/**
 * Makes a captioned speech set with Debian's espeak-ng (speech synthesis) and sox (resampling): each
 * word (default: the ten Fashion-MNIST class words) spoken `perWord` times with a voice, speed and
 * pitch drawn from a seeded generator, as 1 s, 8 kHz, 16-bit mono WAV files and a captions.json
 * that loadAudioCaptions reads. Captions state the word and how it was said ("the word coat, said
 * fast by a high Scottish voice"). Synthetic speech, not recordings: the manifest's `source` says so.
 * Deterministic for a given seed and espeak-ng version (the manifest records the version).
 * Needs: apt-get install espeak-ng sox.
 * Usage: node --import tsx notebooks/data/make-spoken-words.ts OUT_DIR [perWord=24] [seed=0]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../../src/simclr/random';
import { AUDIO_MANIFEST } from '../../src/simclr/data/audioCaptionFolder';

export const SPOKEN_WORDS = [
  't-shirt',
  'trouser',
  'pullover',
  'dress',
  'coat',
  'sandal',
  'shirt',
  'sneaker',
  'bag',
  'ankle boot',
];

/** espeak-ng voices (no mbrola needed) and how captions name them. */
const VOICES: [voice: string, said: string][] = [
  ['en-us', 'American'],
  ['en-gb', 'British'],
  ['en-gb-scotland', 'Scottish'],
  ['en-gb-x-rp', 'posh British'],
  ['en-029', 'Caribbean'],
  ['en-gb-x-gbclan', 'Lancashire'],
];
/** espeak-ng voice variants: male and female timbres. */
const VARIANTS: [variant: string, said: string][] = [
  ['m1', 'male'],
  ['m3', 'male'],
  ['f2', 'female'],
  ['f4', 'female'],
];
const SPEEDS: [wpm: number, said: string][] = [
  [130, 'slowly'],
  [175, 'at a normal pace'],
  [230, 'fast'],
];
const PITCHES: [pitch: number, said: string][] = [
  [25, 'low'],
  [50, 'medium'],
  [80, 'high'],
];

export interface SpokenWordsOptions {
  outDir: string;
  words?: string[];
  perWord?: number;
  seed?: number;
  sampleRate?: number;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${command} is not installed (apt-get install espeak-ng sox)`);
    throw new Error(`${command} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** Writes the WAV files and captions.json into `outDir`; returns the number of clips. */
export function makeSpokenWords(options: SpokenWordsOptions): number {
  const words = options.words ?? SPOKEN_WORDS;
  const perWord = options.perWord ?? 24;
  const sampleRate = options.sampleRate ?? 8000;
  const rng = new Random(options.seed ?? 0);
  const version = run('espeak-ng', ['--version']).split('Data at')[0].trim();
  mkdirSync(options.outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'look-twice-espeak-'));
  const clips: { file: string; caption: string; label: number }[] = [];
  try {
    words.forEach((word, label) => {
      for (let k = 0; k < perWord; k++) {
        const [voice, accent] = VOICES[rng.int(VOICES.length)];
        const [variant, gender] = VARIANTS[rng.int(VARIANTS.length)];
        const [wpm, pace] = SPEEDS[rng.int(SPEEDS.length)];
        const [pitch, height] = PITCHES[rng.int(PITCHES.length)];
        const file = `${String(clips.length).padStart(4, '0')}.wav`;
        const raw = join(work, 'raw.wav');
        run('espeak-ng', ['-v', `${voice}+${variant}`, '-s', String(wpm), '-p', String(pitch), '-w', raw, word]);
        // Resample, then pad with silence and cut so every clip is exactly 1 s.
        // -D: no dither, which would add random noise and make the output differ run to run.
        run('sox', [
          '-D',
          raw,
          '-r',
          String(sampleRate),
          '-b',
          '16',
          '-c',
          '1',
          join(options.outDir, file),
          'pad',
          '0',
          '1.5',
          'trim',
          '0',
          '1',
        ]);
        const caption = rng.chance(0.5)
          ? `the word ${word}, said ${pace} by a ${height} ${gender} ${accent} voice`
          : `a ${height} ${accent} ${gender} voice saying ${word} ${pace}`;
        clips.push({ file, caption, label });
      }
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const manifest = {
    source: `speech synthesised by espeak-ng (${version}) with several voices, speeds and pitches, resampled by sox; captions from those parameters. Synthetic speech, not recordings`,
    sampleRate,
    clipLength: sampleRate,
    classNames: words,
    clips,
  };
  writeFileSync(join(options.outDir, AUDIO_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  return clips.length;
}

if (require.main === module) {
  const [outDir, perWord = '24', seed = '0'] = process.argv.slice(2);
  if (!outDir) {
    console.error('usage: node --import tsx notebooks/data/make-spoken-words.ts OUT_DIR [perWord=24] [seed=0]');
    process.exit(2);
  }
  const n = makeSpokenWords({ outDir, perWord: Number(perWord), seed: Number(seed) });
  console.log(`${n} clips in ${outDir}`);
}
