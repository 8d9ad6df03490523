/**
 * Toy CLIP and toy CLAP after a fixed training budget (issue 15): zero-shot accuracy from prompt
 * ensembles and cross-modal recall@1/5/10 on held-out pairs, against chance and against a supervised
 * linear probe on the same frozen encoder (and on the same encoder untrained, for scale).
 * Data: Fashion-MNIST with captions composed from the label and measured properties (Debian's full
 * set when installed, else the embedded subset), and sound events synthesised from parameters.
 * `--only speech` adds the espeak-ng spoken class words (needs espeak-ng and sox; 60 clips per word to
 * train, 20 to test, 200 steps of 64).
 * Not a test. Usage: node --import tsx test/bench/multimodal.ts [--only image,audio,speech] [--steps-image 300]
 *   [--steps-audio 200] [--batch 128] [--json FILE]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeSpokenWords } from '../../notebooks/data/make-spoken-words';
import {
  initBackend,
  tf,
  loadFashionMnist,
  captionImages,
  synthesizeSoundEvents,
  WordTokenizer,
  createDualEncoder,
  pretrainPaired,
  embedPairs,
  retrievalRecall,
  classEmbeddings,
  zeroShotClassify,
  linearProbe,
  IMAGE_PROMPT_TEMPLATES,
  AUDIO_PROMPT_TEMPLATES,
  FASHION_MNIST_NOUNS,
  loadAudioCaptions,
  type PairedData,
  type DualEncoder,
} from '../../src/simclr/index';

const SPEECH_TEMPLATES = ['the word {}', 'a voice saying {}', '{}'];

/** Spoken class words made by espeak-ng into a temporary folder (train seed 1, test seed 2). */
function spokenWords(): [PairedData, PairedData] {
  const dir = mkdtempSync(join(tmpdir(), 'look-twice-spoken-'));
  makeSpokenWords({ outDir: join(dir, 'train'), perWord: 60, seed: 1 });
  makeSpokenWords({ outDir: join(dir, 'test'), perWord: 20, seed: 2 });
  return [
    loadAudioCaptions(join(dir, 'train'), { name: 'spoken-words/train' }),
    loadAudioCaptions(join(dir, 'test'), { name: 'spoken-words/test' }),
  ];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface Row {
  pair: string;
  data: string;
  trainPairs: number;
  testPairs: number;
  steps: number;
  batch: number;
  trainSeconds: number;
  zeroShot: number;
  chance: number;
  probe: number;
  probeUntrained: number;
  textProbe: number;
  mediaToText: Record<number, number>;
  textToMedia: Record<number, number>;
}

async function probe(model: DualEncoder, train: PairedData, test: PairedData): Promise<number> {
  const a = embedPairs(model, train, { representation: true });
  const b = embedPairs(model, test, { representation: true });
  try {
    const r = await linearProbe(
      null,
      { features: a.media, labels: train.labels! },
      { features: b.media, labels: test.labels! },
    );
    return r.testAccuracy;
  } finally {
    tf.dispose([a.media, a.text, b.media, b.text]);
  }
}

async function textProbe(model: DualEncoder, train: PairedData, test: PairedData): Promise<number> {
  const represent = (texts: string[]) =>
    tf.tidy(() =>
      model.textRepresentation(
        tf.tensor2d(model.tokenizer.encodeBatch(texts), [texts.length, model.tokenizer.maxLength], 'int32'),
      ),
    );
  const [a, b] = [represent(train.captions), represent(test.captions)];
  try {
    return (await linearProbe(null, { features: a, labels: train.labels! }, { features: b, labels: test.labels! }))
      .testAccuracy;
  } finally {
    tf.dispose([a, b]);
  }
}

async function run(kind: 'image' | 'audio' | 'speech', steps: number, batch: number): Promise<Row> {
  const [train, test]: [PairedData, PairedData] =
    kind === 'image'
      ? [
          captionImages(loadFashionMnist({ split: 'train', limit: 10000 }), { seed: 1 }),
          captionImages(loadFashionMnist({ split: 'test', limit: 1000 }), { seed: 2 }),
        ]
      : kind === 'audio'
        ? [
            synthesizeSoundEvents({ count: 4000, seed: 1, name: 'sound-events/train' }),
            synthesizeSoundEvents({ count: 1000, seed: 2, name: 'sound-events/test' }),
          ]
        : spokenWords();
  const tokenizer = WordTokenizer.train(train.captions);
  const model = createDualEncoder({ tokenizer, media: kind === 'image' ? 'image' : 'audio', seed: 0 });
  const probeUntrained = await probe(model, train, test);
  const result = await pretrainPaired(model, train, {
    steps,
    batchSize: batch,
    learningRate: 2e-3,
    seed: 0,
    onStep: (s) => {
      if (s.step % 50 === 0)
        console.error(
          `${kind} step ${s.step}/${steps} loss ${s.loss.toFixed(3)} 1/T ${s.inverseTemperature.toFixed(1)}`,
        );
    },
  });
  const { media, text } = embedPairs(model, test);
  const names = kind === 'image' ? FASHION_MNIST_NOUNS.map((nouns) => nouns[0]) : test.classNames!;
  const classes = classEmbeddings(
    model,
    names,
    kind === 'image' ? IMAGE_PROMPT_TEMPLATES : kind === 'audio' ? AUDIO_PROMPT_TEMPLATES : SPEECH_TEMPLATES,
  );
  const zero = zeroShotClassify(media, classes, test.labels!);
  const recall = retrievalRecall(media, text);
  tf.dispose([media, text, classes]);
  const row: Row = {
    pair:
      kind === 'image' ? 'image-text (CLIP)' : kind === 'audio' ? 'audio-text (CLAP)' : 'speech-text (CLAP, espeak-ng)',
    data: train.source.split(';')[0].slice(0, 60),
    trainPairs: train.captions.length,
    testPairs: test.captions.length,
    steps,
    batch,
    trainSeconds: result.seconds,
    zeroShot: zero.accuracy,
    chance: zero.chance,
    probe: await probe(model, train, test),
    probeUntrained,
    textProbe: await textProbe(model, train, test),
    mediaToText: recall.mediaToText,
    textToMedia: recall.textToMedia,
  };
  model.dispose();
  return row;
}

async function main() {
  const backend = await initBackend();
  const only = (arg('only') ?? 'image,audio').split(',');
  const batch = Number(arg('batch') ?? 128);
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const rows: Row[] = [];
  if (only.includes('image')) rows.push(await run('image', Number(arg('steps-image') ?? 300), batch));
  if (only.includes('audio')) rows.push(await run('audio', Number(arg('steps-audio') ?? 200), batch));
  if (only.includes('speech')) rows.push(await run('speech', 200, 64));
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  console.log(
    `backend ${backend.name}; ${cpus().length} cores (${cpus()[0]?.model}); load average at start ${load}, at end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    '| pair | train / test pairs | steps x batch | train s | zero-shot | chance | linear probe (trained / untrained encoder) | text-encoder probe | media->text R@1/5/10 | text->media R@1/5/10 | chance R@1/5/10 |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const rk = (x: Record<number, number>) => [1, 5, 10].map((k) => pct(x[k])).join(' / ');
    console.log(
      `| ${r.pair} | ${r.trainPairs} / ${r.testPairs} | ${r.steps} x ${r.batch} | ${r.trainSeconds.toFixed(0)} | **${pct(r.zeroShot)}** | ${pct(r.chance)} | ${pct(r.probe)} / ${pct(r.probeUntrained)} | ${pct(r.textProbe)} | ${rk(r.mediaToText)} | ${rk(r.textToMedia)} | ${[1, 5, 10].map((k) => pct(k / r.testPairs)).join(' / ')} |`,
    );
  }
  const json = arg('json');
  if (json) writeFileSync(json, JSON.stringify({ backend: backend.name, load, rows }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
