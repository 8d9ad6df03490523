/**
 * Completion latency in a 50-cell Look Twice notebook (issue 16: < 100 ms p95 after warm-up): each sample is
 * one keystroke — a character typed into a cell (the notebook's text changes), then completions at the
 * cursor, as the VS Code provider does (update + getCompletionsAtPosition). Two places: the last cell
 * (typing at the end of a notebook) and cell 25 (editing the middle: every later cell is re-checked).
 * Reference in the same run: TypeScript's own language service on the same code as one plain .ts file with
 * the same typing, so the layout's overhead is the ratio. Not a test (numbers depend on the machine).
 * Usage: npm run bench:completions [-- --cells 50 --keystrokes 200]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';
import { COMPILER_OPTIONS, NotebookLanguageService } from '../../src/notebookLanguage/notebookLanguageService';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const CELLS = arg('cells', 50);
const KEYSTROKES = arg('keystrokes', 200);
const WARM_UP = 20;
const root = path.resolve(__dirname, '../..');
const types = { typesDir: path.join(root, 'dist/types'), packagesDir: root };

/** A notebook like the samples: imports, data, a model, training, tensors, helpers, redeclarations. */
function notebookCells(count: number): string[] {
  const cells = [
    "import * as tf from '@tensorflow/tfjs'\nimport { createSimclrModel, loadFashionMnist, pretrain, linearProbe, simclrAugment } from 'look-twice'\nimport { readFileSync } from 'node:fs'",
    "const train = loadFashionMnist({ split: 'train', limit: 512 })\nconst test = loadFashionMnist({ split: 'test', limit: 256 })\nshow.augmentations(train, { rows: 4, views: 5, seed: 1 })",
    "const model = createSimclrModel({ encoder: 'cnn', seed: 0 })\nconst result = await pretrain(model, train, { steps: 20, batchSize: 32, seed: 0 })\nshow.lossCurve(result)",
  ];
  for (let i = cells.length; i < count; i++) {
    switch (i % 5) {
      case 0:
        cells.push(`const t${i} = tf.randomNormal([${i}, 8])\nconst m${i} = t${i}.mean(0)\nm${i}.shape`);
        break;
      case 1:
        cells.push(
          `function scale${i}(x: tf.Tensor, k = ${i}): tf.Tensor {\n  return tf.tidy(() => x.mul(k))\n}\nscale${i}(tf.ones([2]))`,
        );
        break;
      case 2:
        cells.push(
          `const losses${i} = result.history.map((h) => h.loss)\nconst best${i} = Math.min(...losses${i})\ndisplay({ best: best${i} })`,
        );
        break;
      case 3:
        cells.push(
          `interface Row${i} { name: string; value: number }\nconst rows${i}: Row${i}[] = [{ name: 'a', value: ${i} }]\nrows${i}.map((r) => r.value * 2)`,
        );
        break;
      default:
        cells.push(`const x = ${i}\nconst label${i} = \`cell ${i}: \${x}\`\nlabel${i}.toUpperCase()`);
        break;
    }
  }
  return cells;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Typist {
  name: string;
  /** Types one more character of `word` into cell `cell` and asks for completions there; returns the entry count. */
  keystroke(cell: number, typed: string): number;
}

function notebookTypist(dir: string, cells: string[]): Typist {
  const service = new NotebookLanguageService(dir, types);
  return {
    name: 'notebook service (50 cells)',
    keystroke(cell, typed) {
      const next = cells.map((text, i) => ({ text: i === cell ? `${text}\n${typed}` : text }));
      service.update(next);
      return service.completions(cell, next[cell].text.length)?.entries.length ?? 0;
    },
  };
}

/** The reference: the same code as one module file (cells joined, imports first) in TypeScript's own service. */
function plainFileTypist(dir: string, cells: string[]): Typist {
  const file = path.join(dir, 'plain.ts');
  let text = '';
  let version = 0;
  // Redeclared names would be errors in a plain file; the reference renames nothing and only times completions.
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({
      ...COMPILER_OPTIONS,
      typeRoots: [path.join(root, 'node_modules/@types')],
      paths: { 'look-twice': [path.join(root, 'src/simclr/index.ts')] },
    }),
    getScriptFileNames: () => [file],
    getScriptVersion: (name) => (name === file ? String(version) : '0'),
    getScriptSnapshot: (name) => {
      const content = name === file ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name === file || ts.sys.fileExists(name),
    readFile: (name) => (name === file ? text : ts.sys.readFile(name)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  // Files on disk read once, as the notebook service does: the comparison is the layout's cost, not file reads.
  const read = new Map<string, ts.IScriptSnapshot | undefined>();
  host.getScriptSnapshot = (name) => {
    if (name === file) return ts.ScriptSnapshot.fromString(text);
    if (!read.has(name)) {
      const content = ts.sys.readFile(name);
      read.set(name, content === undefined ? undefined : ts.ScriptSnapshot.fromString(content));
    }
    return read.get(name);
  };
  const cache = ts.createModuleResolutionCache(dir, (name) => name, host.getCompilationSettings());
  (host as ts.LanguageServiceHost & { getModuleResolutionCache(): ts.ModuleResolutionCache }).getModuleResolutionCache =
    () => cache;
  const service = ts.createLanguageService(host);
  return {
    name: 'plain .ts file, TypeScript service',
    keystroke(cell, typed) {
      const pieces = cells.map((t, i) => (i === cell ? `${t}\n${typed}` : t));
      const before = pieces.slice(0, cell + 1).join('\n;\n');
      text = `${before}\n;\n${pieces.slice(cell + 1).join('\n;\n')}\n`;
      version++;
      return service.getCompletionsAtPosition(file, before.length, {})?.entries.length ?? 0;
    },
  };
}

/** Wall-clock and CPU (user + system) milliseconds per keystroke, sorted; CPU is what a keystroke costs on a busy machine. */
function measure(typist: Typist, cell: number): { samples: number[]; cpu: number[]; entries: number } {
  const word = 'pretrain(model, train, { batchSize: 16 }).then((r) => r.history.length)';
  let entries = 0;
  const samples: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < WARM_UP + KEYSTROKES; k++) {
    const typed = word.slice(0, 1 + (k % word.length));
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    entries = typist.keystroke(cell, typed);
    const used = process.cpuUsage(cpuStarted);
    const elapsed = performance.now() - started;
    if (k >= WARM_UP) {
      samples.push(elapsed);
      cpu.push((used.user + used.system) / 1000);
    }
  }
  return { samples: samples.sort((a, b) => a - b), cpu: cpu.sort((a, b) => a - b), entries };
}

const dir = mkdtempSync(path.join(tmpdir(), 'look-twice-bench-completions-'));
writeFileSync(path.join(dir, 'package.json'), '{}');
const cells = notebookCells(CELLS);
console.log(
  `completions bench: ${CELLS} cells, ${KEYSTROKES} keystrokes after ${WARM_UP} warm-up, node ${process.version}, ${cpus().length} cores, load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
const coldStarted = performance.now();
const notebook = notebookTypist(dir, cells);
notebook.keystroke(CELLS - 1, 'p');
console.log(
  `cold start (first completion, declarations parsed and checked): ${(performance.now() - coldStarted).toFixed(0)} ms`,
);
const reference = plainFileTypist(dir, cells);
reference.keystroke(CELLS - 1, 'p');
const rows: string[] = [];
for (const [where, cell] of [
  ['last cell', CELLS - 1],
  ['cell 25', Math.min(24, CELLS - 1)],
] as const) {
  const ours = measure(notebook, cell);
  const plain = measure(reference, cell);
  const p = (s: number[], q: number) => percentile(s, q).toFixed(1);
  rows.push(
    `| ${where} | ${p(ours.samples, 50)} / ${p(ours.cpu, 50)} | ${p(ours.samples, 95)} / ${p(ours.cpu, 95)} | ${p(plain.samples, 50)} / ${p(plain.cpu, 50)} | ${p(plain.samples, 95)} / ${p(plain.cpu, 95)} | ${(percentile(ours.cpu, 95) / percentile(plain.cpu, 95)).toFixed(2)} | ${ours.entries} |`,
  );
}
console.log(
  '| typing in | notebook p50 ms wall / CPU | notebook p95 wall / CPU | plain file p50 wall / CPU | plain file p95 wall / CPU | CPU p95 ratio | entries |',
);
console.log('|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
console.log(
  `load after: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
