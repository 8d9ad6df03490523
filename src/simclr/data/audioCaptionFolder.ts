/**
 * A folder of captioned audio clips: `captions.json` (the manifest) and one 16-bit PCM mono WAV per
 * clip, all at the manifest's sample rate and length. Written by notebooks/data/make-spoken-words.ts
 * (speech by espeak-ng) or by hand. The whole folder loads or nothing does: every problem is an
 * error naming the file.
 *
 *   { "source": "...", "sampleRate": 8000, "clipLength": 8000, "classNames": ["coat", ...],
 *     "clips": [{ "file": "0000.wav", "caption": "the word coat, ...", "label": 4 }, ...] }
 */
import { join, normalize, isAbsolute } from 'node:path';
import type { AudioDataset } from './audioDataset';
import { readDataFile } from './dataFile';
import { decodeWav } from './wavFile';

export const AUDIO_MANIFEST = 'captions.json';

interface ManifestClip {
  file: string;
  caption: string;
  label?: number;
}

function check(condition: boolean, file: string, problem: string): asserts condition {
  if (!condition) throw new Error(`${file}: ${problem}`);
}

/** Loads every clip the folder's manifest lists, as one AudioDataset. */
export function loadAudioCaptions(dir: string, options: { name?: string } = {}): AudioDataset {
  const manifestFile = join(dir, AUDIO_MANIFEST);
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(new TextDecoder().decode(readDataFile(manifestFile))) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      (error as Error).message.startsWith(manifestFile)
        ? (error as Error).message
        : `${manifestFile}: not valid JSON (${(error as Error).message})`,
    );
  }
  check(typeof manifest === 'object' && manifest !== null, manifestFile, 'expected a JSON object');
  const { sampleRate, clipLength, clips, classNames, source } = manifest;
  check(
    Number.isInteger(sampleRate) && (sampleRate as number) > 0,
    manifestFile,
    `sampleRate must be a positive integer, got ${JSON.stringify(sampleRate)}`,
  );
  check(
    Number.isInteger(clipLength) && (clipLength as number) > 0,
    manifestFile,
    `clipLength must be a positive integer, got ${JSON.stringify(clipLength)}`,
  );
  check(Array.isArray(clips) && clips.length > 0, manifestFile, 'clips must be a non-empty array');
  check(
    classNames === undefined || (Array.isArray(classNames) && classNames.every((c) => typeof c === 'string')),
    manifestFile,
    'classNames must be an array of strings',
  );
  const list = clips as ManifestClip[];
  const labelled = list.some((c) => c?.label !== undefined);
  const length = clipLength as number;
  const waveforms = new Float32Array(list.length * length);
  const labels = new Int32Array(list.length);
  const captions: string[] = [];
  list.forEach((clip, i) => {
    const where = `${manifestFile} clips[${i}]`;
    check(
      typeof clip === 'object' && clip !== null && typeof clip.file === 'string' && clip.file !== '',
      where,
      'needs a file name',
    );
    check(
      !isAbsolute(clip.file) && !normalize(clip.file).startsWith('..'),
      where,
      `file ${JSON.stringify(clip.file)} must stay inside the folder`,
    );
    check(typeof clip.caption === 'string' && clip.caption.trim() !== '', where, 'needs a caption');
    if (labelled) {
      check(
        Number.isInteger(clip.label) &&
          (clip.label as number) >= 0 &&
          (classNames === undefined || (clip.label as number) < (classNames as string[]).length),
        where,
        `label ${JSON.stringify(clip.label)} is not a class index`,
      );
      labels[i] = clip.label as number;
    }
    const file = join(dir, clip.file);
    const wav = decodeWav(readDataFile(file), file);
    check(
      wav.sampleRate === sampleRate,
      file,
      `sample rate ${wav.sampleRate} Hz, the manifest says ${sampleRate as number}`,
    );
    check(wav.samples.length === length, file, `${wav.samples.length} samples, the manifest says ${length}`);
    waveforms.set(wav.samples, i * length);
    captions.push(clip.caption);
  });
  return {
    name: options.name ?? `audio-captions/${dir.split(/[\\/]/).filter(Boolean).at(-1) ?? dir}`,
    source: `${typeof source === 'string' ? source : 'captioned clips'} (${dir})`,
    sampleRate: sampleRate as number,
    clipLength: length,
    waveforms,
    size: list.length,
    ...(labelled ? { labels } : {}),
    ...(classNames ? { classNames: classNames as string[] } : {}),
    captions,
  };
}
