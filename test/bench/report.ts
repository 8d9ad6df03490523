/**
 * The benchmark's tables: one row per engine, throughput and each round's ratio to PyTorch measured
 * in the same interleaved run (judged by the median ratio and its spread), CPU utilisation, peak
 * memory, and why an engine is missing; then the distance to the hardware limit.
 */
import { isFailure, median, type EngineOutcome, type EngineRecord } from './engineRecord';
import { formatRatio, ratiosByRound, spreadOf } from './roundRatios';
import type { CpuPeak } from './cpuPeak';

const key = (o: EngineOutcome) => `${o.engine}/${o.variant ?? ''}`;

/**
 * Per engine: the median over rounds of each throughput (records of the same engine and batch),
 * and, when PyTorch ran, the engine's ratio to PyTorch in each round with their median and range.
 */
export function combineRounds(outcomes: EngineOutcome[]): EngineOutcome[] {
  const byEngine = new Map<string, EngineOutcome[]>();
  for (const o of outcomes) byEngine.set(key(o), [...(byEngine.get(key(o)) ?? []), o]);
  const torchRuns = outcomes.filter((o): o is EngineRecord => o.engine === 'pytorch' && !isFailure(o));
  const byRound = (runs: EngineRecord[], value: (r: EngineRecord) => number) =>
    runs.map((r, i) => ({ round: r.round ?? i + 1, value: value(r) }));
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
    const mid = (value: (r: EngineRecord) => number | undefined) => {
      const values = same.map(value).filter((v): v is number => v !== undefined);
      return values.length ? median(values) : undefined;
    };
    const trainRatioRounds = torchRuns.length
      ? ratiosByRound(
          byRound(same, (r) => r.trainImagesPerSec),
          byRound(torchRuns, (r) => r.trainImagesPerSec),
        )
      : [];
    const inferRatioRounds = torchRuns.length
      ? ratiosByRound(
          byRound(same, (r) => r.inferImagesPerSec),
          byRound(torchRuns, (r) => r.inferImagesPerSec),
        )
      : [];
    const { round: _round, ...rest } = last;
    combined.push({
      ...rest,
      trainImagesPerSec: median(same.map((r) => r.trainImagesPerSec)),
      trainImagesPerCpuSec: median(same.map((r) => r.trainImagesPerCpuSec)),
      inferImagesPerSec: median(same.map((r) => r.inferImagesPerSec)),
      trainCpuUtilisation: median(same.map((r) => r.trainCpuUtilisation)),
      inferCpuUtilisation: median(same.map((r) => r.inferCpuUtilisation)),
      matmulGflops: mid((r) => r.matmulGflops),
      trainStepMs: median(same.map((r) => r.trainStepMs)),
      inferBatchMs: median(same.map((r) => r.inferBatchMs)),
      peakRssBytes: Math.max(...same.map((r) => r.peakRssBytes)),
      rounds: same.length,
      ...(trainRatioRounds.length
        ? {
            trainRatioRounds,
            inferRatioRounds,
            trainRatio: spreadOf(trainRatioRounds),
            inferRatio: spreadOf(inferRatioRounds),
          }
        : {}),
    });
  }
  return combined;
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(2)} GiB`;

function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const name = (o: EngineOutcome) => (o.variant ? `${o.engine} (${o.variant})` : o.engine);

/** Throughput: "vs torch" is the median of the per-round ratios, with their min-max. */
export function formatTable(outcomes: EngineOutcome[]): string {
  const torch = outcomes.find((o): o is EngineRecord => o.engine === 'pytorch' && !isFailure(o));
  const ratio = (v: number, ref?: number) => (ref ? `${(v / ref).toFixed(2)}x` : '-');
  const header = [
    'engine',
    'batch',
    'train img/s',
    'vs torch (rounds)',
    'train img/CPU-s',
    'vs torch',
    'CPU use train/infer',
    'infer img/s',
    'vs torch (rounds)',
    'peak RSS',
    'params enc+head',
    'rounds',
    'version',
  ];
  const rows = outcomes.map((o) =>
    isFailure(o)
      ? [name(o), String(o.batchSize), 'failed', '', '', '', '', '', '', '', '', '', o.error.slice(0, 60)]
      : [
          name(o),
          String(o.batchSize),
          o.trainImagesPerSec.toFixed(1),
          o.trainRatio ? formatRatio(o.trainRatio) : '-',
          o.trainImagesPerCpuSec.toFixed(1),
          ratio(o.trainImagesPerCpuSec, torch?.trainImagesPerCpuSec),
          `${o.trainCpuUtilisation.toFixed(2)} / ${o.inferCpuUtilisation.toFixed(2)}`,
          o.inferImagesPerSec.toFixed(0),
          o.inferRatio ? formatRatio(o.inferRatio) : '-',
          gib(o.peakRssBytes),
          `${o.encoderParams}+${o.headParams}`,
          String(o.rounds ?? 1),
          o.version,
        ],
  );
  return markdownTable(header, rows);
}

/** What the limit table needs besides the engines: the model's FLOPs and the machine's peak. */
export interface HardwareLimit {
  trainFlopsPerImage: number;
  inferFlopsPerImage: number;
  peak: CpuPeak;
}

/** An engine's achieved GFLOP/s (model FLOPs x images/s), and as fractions of the peak and of its matmul. */
export interface EngineLimit {
  trainGflops: number;
  inferGflops: number;
  /**
   * GFLOP per CPU-second (all threads) against one core's peak: how well the engine uses the CPU
   * time it gets, which on a shared machine says more than wall-clock GFLOP/s.
   */
  trainGflopsPerCpuSecond: number;
  inferGflopsPerCpuSecond: number;
  trainCorePeakFraction: number;
  inferCorePeakFraction: number;
  trainPeakFraction: number;
  inferPeakFraction: number;
  trainMatmulFraction?: number;
  inferMatmulFraction?: number;
  matmulPeakFraction?: number;
}

export function engineLimit(o: EngineRecord, limit: HardwareLimit): EngineLimit {
  const trainGflops = (o.trainImagesPerSec * limit.trainFlopsPerImage) / 1e9,
    inferGflops = (o.inferImagesPerSec * limit.inferFlopsPerImage) / 1e9,
    mm = o.matmulGflops;
  const perCpu = (gflops: number, utilisation: number) => gflops / utilisation;
  const corePeak = limit.peak.gflops / limit.peak.cores;
  const trainGflopsPerCpuSecond = perCpu(trainGflops, o.trainCpuUtilisation),
    inferGflopsPerCpuSecond = perCpu(inferGflops, o.inferCpuUtilisation);
  return {
    trainGflops,
    inferGflops,
    trainGflopsPerCpuSecond,
    inferGflopsPerCpuSecond,
    trainCorePeakFraction: trainGflopsPerCpuSecond / corePeak,
    inferCorePeakFraction: inferGflopsPerCpuSecond / corePeak,
    trainPeakFraction: trainGflops / limit.peak.gflops,
    inferPeakFraction: inferGflops / limit.peak.gflops,
    ...(mm
      ? {
          trainMatmulFraction: trainGflops / mm,
          inferMatmulFraction: inferGflops / mm,
          matmulPeakFraction: mm / limit.peak.gflops,
        }
      : {}),
  };
}

/**
 * Achieved GFLOP/s of each engine, as a fraction of the theoretical peak and of its own matmul;
 * and per CPU-second it got, as a fraction of one core's peak.
 */
export function formatLimitTable(outcomes: EngineOutcome[], limit: HardwareLimit): string {
  const pct = (x?: number) => (x === undefined ? '-' : `${(100 * x).toFixed(1)}%`);
  const header = [
    'engine',
    'train GFLOP/s',
    '% of peak',
    '% of matmul',
    'per CPU-s',
    '% of a core',
    'infer GFLOP/s',
    '% of peak',
    '% of matmul',
    'per CPU-s',
    '% of a core',
    'matmul GFLOP/s',
    'matmul % of peak',
  ];
  const rows = outcomes
    .filter((o): o is EngineRecord => !isFailure(o))
    .map((o) => {
      const l = engineLimit(o, limit);
      return [
        name(o),
        l.trainGflops.toFixed(1),
        pct(l.trainPeakFraction),
        pct(l.trainMatmulFraction),
        l.trainGflopsPerCpuSecond.toFixed(1),
        pct(l.trainCorePeakFraction),
        l.inferGflops.toFixed(1),
        pct(l.inferPeakFraction),
        pct(l.inferMatmulFraction),
        l.inferGflopsPerCpuSecond.toFixed(1),
        pct(l.inferCorePeakFraction),
        o.matmulGflops ? `${o.matmulGflops.toFixed(1)} (n=${o.matmulSize})` : '-',
        pct(l.matmulPeakFraction),
      ];
    });
  return markdownTable(header, rows);
}
