/**
 * The benchmark's table: one row per engine, throughput and the ratio to PyTorch measured in the
 * same interleaved run, peak memory, and why an engine is missing.
 */
import { isFailure, median, type EngineOutcome, type EngineRecord } from './engineRecord';

/** Per engine: the median over rounds of each throughput (records of the same engine and batch). */
export function combineRounds(outcomes: EngineOutcome[]): EngineOutcome[] {
  const byEngine = new Map<string, EngineOutcome[]>();
  const key = (o: EngineOutcome) => `${o.engine}/${o.variant ?? ''}`;
  for (const o of outcomes) byEngine.set(key(o), [...(byEngine.get(key(o)) ?? []), o]);
  const combined: EngineOutcome[] = [];
  for (const list of byEngine.values()) {
    const ok = list.filter((o): o is EngineRecord => !isFailure(o));
    if (ok.length === 0) {
      combined.push(list[list.length - 1]);
      continue;
    }
    const batch = Math.max(...ok.map((r) => r.batchSize));
    const same = ok.filter((r) => r.batchSize === batch);
    const last = same[same.length - 1];
    combined.push({
      ...last,
      trainImagesPerSec: median(same.map((r) => r.trainImagesPerSec)),
      trainImagesPerCpuSec: median(same.map((r) => r.trainImagesPerCpuSec)),
      inferImagesPerSec: median(same.map((r) => r.inferImagesPerSec)),
      trainStepMs: median(same.map((r) => r.trainStepMs)),
      inferBatchMs: median(same.map((r) => r.inferBatchMs)),
      peakRssBytes: Math.max(...same.map((r) => r.peakRssBytes)),
      rounds: same.length,
    });
  }
  return combined;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

export function formatTable(outcomes: EngineOutcome[]): string {
  const torch = outcomes.find((o): o is EngineRecord => o.engine === 'pytorch' && !isFailure(o));
  const ratio = (v: number, ref?: number) => (ref ? `${(v / ref).toFixed(2)}x` : '-');
  const header = [
    'engine',
    'batch',
    'train img/s',
    'vs torch',
    'train img/CPU-s',
    'vs torch',
    'infer img/s',
    'vs torch',
    'peak RSS',
    'params enc+head',
    'rounds',
    'version',
  ];
  const name = (o: EngineOutcome) => (o.variant ? `${o.engine} (${o.variant})` : o.engine);
  const rows = outcomes.map((o) =>
    isFailure(o)
      ? [name(o), String(o.batchSize), 'failed', '', '', '', '', '', '', '', '', o.error.slice(0, 60)]
      : [
          name(o),
          String(o.batchSize),
          o.trainImagesPerSec.toFixed(1),
          ratio(o.trainImagesPerSec, torch?.trainImagesPerSec),
          o.trainImagesPerCpuSec.toFixed(1),
          ratio(o.trainImagesPerCpuSec, torch?.trainImagesPerCpuSec),
          o.inferImagesPerSec.toFixed(0),
          ratio(o.inferImagesPerSec, torch?.inferImagesPerSec),
          gib(o.peakRssBytes),
          `${o.encoderParams}+${o.headParams}`,
          String(o.rounds ?? 1),
          o.version,
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
