/**
 * Kernel speed: start to 'ready' (fork, tfjs and backend load) and the round trip of a trivial cell
 * (execute -> transform -> run -> display -> executed), p50/p95, per backend. Runs the built kernel
 * (dist/kernel.js, as users get it; `npm run build` first), or the source through tsx with --source.
 * Targets (issue 3): start under 2 s, trivial cell under 10 ms p50.
 *   node --import tsx bench/kernel.ts [--backends wasm,cpu,node] [--starts 5] [--cells 200] [--source] [--json FILE]
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { KernelProcess, type KernelProcessOptions } from '../../src/host';

const { values: args } = parseArgs({
  options: {
    backends: { type: 'string', default: 'wasm,cpu,node' },
    starts: { type: 'string', default: '5' },
    cells: { type: 'string', default: '200' },
    source: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});

const root = path.resolve(__dirname, '..', '..');
const built = path.join(root, 'dist/kernel.js');
const entry: Pick<KernelProcessOptions, 'kernelPath' | 'execArgv'> =
  args.source || !existsSync(built)
    ? {
        kernelPath: path.join(root, 'src/kernel/main.ts'),
        execArgv: ['--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href],
      }
    : { kernelPath: built };

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

interface Row {
  backend: string;
  ran: string;
  startP50: number;
  startMax: number;
  firstCell: number;
  cellP50: number;
  cellP95: number;
}

async function measure(backend: 'wasm' | 'cpu' | 'node'): Promise<Row | string> {
  const starts: number[] = [];
  let firstCell = NaN;
  let cells: number[] = [];
  let ran = '';
  for (let i = 0; i < Number(args.starts); i++) {
    const kernel = new KernelProcess({ ...entry, cwd: root, backend });
    try {
      const ready = await kernel.start();
      starts.push(ready.startMs);
      ran = ready.backend.name;
      if (i > 0) continue;
      let t = performance.now();
      await kernel.execute('1 + 1', {});
      firstCell = performance.now() - t;
      for (let c = 0; c < Number(args.cells); c++) {
        t = performance.now();
        const result = await kernel.execute(`const x${c % 7} = ${c}\nx${c % 7} + 1`, {});
        if (result.status !== 'ok') throw new Error(`cell failed: ${result.error?.message}`);
        cells.push(performance.now() - t);
      }
    } catch (error) {
      return `${backend}: ${(error as Error).message.split('\n')[0]}`;
    } finally {
      await kernel.shutdown();
    }
  }
  cells = cells.slice(5); // the first few include esbuild's and V8's warm-up
  return {
    backend,
    ran,
    startP50: quantile(starts, 0.5),
    startMax: Math.max(...starts),
    firstCell,
    cellP50: quantile(cells, 0.5),
    cellP95: quantile(cells, 0.95),
  };
}

async function main(): Promise<void> {
  console.log(
    `kernel: ${path.relative(root, entry.kernelPath)}; ${args.starts} starts per backend, ${args.cells} trivial cells; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores`,
  );
  const rows: Row[] = [];
  for (const backend of args.backends.split(',') as ('wasm' | 'cpu' | 'node')[]) {
    const row = await measure(backend);
    if (typeof row === 'string') console.log(`skipped ${row}`);
    else rows.push(row);
  }
  const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  console.log('| backend | start p50 | start max | first cell | trivial cell p50 | p95 |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.backend} (${r.ran}) | ${ms(r.startP50)} | ${ms(r.startMax)} | ${ms(r.firstCell)} | ${ms(r.cellP50)} | ${ms(r.cellP95)} |`,
    );
  if (args.json) writeFileSync(args.json, JSON.stringify(rows, null, 2));
}

void main();
