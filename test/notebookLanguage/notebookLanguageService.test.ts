// The language service over notebooks, as a user meets it: which cells have diagnostics (REPL rules
// accepted, real type errors reported on their own cell, line and column), completions, hover,
// signature help, definitions and rename. Needs the library's declarations: `npm run build`.
// Rows the kernel can run without the library also run through the kernel's CellRunner, so the
// language service and the kernel agree on what is accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NotebookLanguageService } from '../../src/notebookLanguage/notebookLanguageService';
import { CellRunner } from '../../src/kernel/cellRunner';
import { createImporter } from '../../src/kernel/importer';

const root = path.resolve(__dirname, '../..');
const types = { typesDir: path.join(root, 'dist/types'), packagesDir: root };
if (!existsSync(path.join(types.typesDir, 'kernel/display/show.d.ts')))
  throw new Error('dist/types is missing: run `npm run build` first');

const notebookDir = mkdtempSync(path.join(os.tmpdir(), 'look-twice-ls-'));
writeFileSync(
  path.join(notebookDir, 'helpers.ts'),
  '/** Doubles. */\nexport function double(n: number): number { return 2 * n }\n',
);
mkdirSync(path.join(notebookDir, 'node_modules/tiny-lib'), { recursive: true });
writeFileSync(
  path.join(notebookDir, 'node_modules/tiny-lib/package.json'),
  JSON.stringify({ name: 'tiny-lib', version: '1.0.0', main: 'index.js', types: 'index.d.ts' }),
);
writeFileSync(path.join(notebookDir, 'node_modules/tiny-lib/index.js'), 'exports.greet = (name) => "hi " + name;\n');
writeFileSync(
  path.join(notebookDir, 'node_modules/tiny-lib/index.d.ts'),
  'export declare function greet(name: string): string;\n',
);

const service = new NotebookLanguageService(notebookDir, types);
const open = (cells: string[]): NotebookLanguageService => {
  service.update(cells.map((text) => ({ text })));
  return service;
};
/** Errors as `cell:line:column code` (1-based line and column, like an editor shows them). */
const errors = (cells: string[]): string[] =>
  open(cells)
    .diagnostics()
    .filter((d) => d.category === 'error')
    .map((d) => {
      const before = cells[d.cell].slice(0, d.start).split('\n');
      return `${d.cell}:${before.length}:${before[before.length - 1].length + 1} ${d.code}`;
    });

interface Row {
  name: string;
  cells: string[];
  /** Expected errors, `cell:line:column code`; [] for a notebook with none. */
  errors: string[];
  /** Whether the kernel can run the row (no library import): it must then succeed exactly when `errors` is empty. */
  kernel?: boolean;
}

const rows: Row[] = [
  {
    name: 'a name imported in an earlier cell',
    cells: [
      "import { createSimclrModel } from 'look-twice'",
      "const m = createSimclrModel({ encoder: 'cnn' })\nm.encoder",
    ],
    errors: [],
  },
  { name: 'top-level await', cells: ['const v = await Promise.resolve(3)\nv.toFixed(1)'], errors: [], kernel: true },
  {
    name: 'redeclaration in a later cell, newest wins after it',
    cells: ['const x = 1', 'x.toFixed()', 'const x = "s"', 'x.toUpperCase()'],
    errors: [],
    kernel: true,
  },
  {
    name: 'the cells between keep the earlier type',
    cells: ['const x = 1', 'x.toUpperCase()', 'const x = "s"'],
    errors: ['1:1:3 2339'],
  },
  {
    name: 'redeclaration within one cell stays an error',
    cells: ['const y = 1\nconst y = 2'],
    errors: ['0:1:7 2451', '0:2:7 2451'],
  },
  { name: 'last expression without semicolon', cells: ['const o = { a: 1 }', 'o.a\n'], errors: [], kernel: true },
  {
    name: 'a name used before the cell that declares it',
    cells: ['later + 1', 'const later = 1'],
    errors: ['0:1:1 2304'],
  },
  {
    name: 'wrong argument type to createSimclrModel, in cell 3 line 2',
    cells: [
      "import { createSimclrModel, pretrain } from 'look-twice'",
      'const a = 1',
      '// a deliberate type error\ncreateSimclrModel({ encoder: 42 })',
    ],
    errors: ['2:2:21 2322'],
  },
  {
    name: 'a misspelt pretrain option',
    cells: [
      "import { createSimclrModel, pretrain, loadFashionMnist } from 'look-twice'\nconst m = createSimclrModel()\nconst d = loadFashionMnist({ split: 'train', limit: 8 })",
      'await pretrain(m, d, { batchSise: 8 })',
    ],
    errors: ['1:1:24 2561'],
  },
  {
    name: 'the kernel globals show and display',
    cells: ['display(1)\nshow.image([0, 0, 0, 0], [2, 2, 1])'],
    errors: [],
  },
  {
    name: 'the kernel global panel, and panel from look-twice',
    cells: [
      'const chosen: Int32Array = panel.selection().indices\nawait panel.exportCsv("points.csv", { selection: true, method: "umap" })',
      "import { panel as p } from 'look-twice'\nconst { points } = await p.projection({ dims: 3 })\npoints.length",
      'panel.selection(7)',
    ],
    errors: ['2:1:17 2345'],
  },
  {
    name: 'tfjs, Node built-ins, notebook node_modules and a sibling .ts file',
    cells: [
      "import * as tf from '@tensorflow/tfjs'\nimport { readFileSync } from 'node:fs'\nimport path from 'path'",
      "import { greet } from 'tiny-lib'\nimport { double } from './helpers'",
      'tf.zeros([2]).shape\nreadFileSync.name\npath.join("a")\ngreet("x").length + double(2)',
    ],
    errors: [],
  },
  {
    name: 'a module that does not exist',
    cells: ["import { nothing } from 'not-installed-anywhere'"],
    errors: ['0:1:25 2307'],
  },
  {
    name: 'export on a declaration (the kernel drops it)',
    cells: ['export const e = 1', 'e + 1'],
    errors: [],
    kernel: true,
  },
  { name: 'a missing property', cells: ['const p = { a: 1 }', 'p.b'], errors: ['1:1:3 2339'], kernel: false },
];

for (const row of rows) {
  test(`diagnostics: ${row.name}`, async () => {
    assert.deepEqual(errors(row.cells), row.errors);
    if (row.kernel) {
      const runner = new CellRunner(createImporter(notebookDir, new Map()));
      for (const cell of row.cells) {
        const result = await runner.run(cell, new AbortController().signal);
        assert.equal(result.status, 'ok', `the kernel runs ${JSON.stringify(cell)}: ${result.error?.message}`);
      }
    }
  });
}

test('an import used only in a later cell is not unused', () => {
  const cells = ["import { pretrain } from 'look-twice'", 'pretrain.name'];
  assert.deepEqual(
    open(cells)
      .diagnostics()
      .filter((d) => d.code === 6133),
    [],
  );
});

test('completions: pretrain from look-twice, and option names in pretrain options', () => {
  const cells = [
    "import { createSimclrModel, pretrain, loadFashionMnist } from 'look-twice'\nconst m = createSimclrModel()\nconst d = loadFashionMnist()",
    'pre',
    'await pretrain(m, d, { bat })',
  ];
  const names =
    open(cells)
      .completions(1, 3)
      ?.entries.map((e) => e.name) ?? [];
  assert.ok(names.includes('pretrain'), 'pretrain offered');
  const options = service.completions(2, cells[2].indexOf('bat') + 3)?.entries.map((e) => e.name) ?? [];
  assert.ok(options.includes('batchSize'), `batchSize offered among ${options.slice(0, 8)}`);
  const details = service.completionDetails(1, 3, { name: 'pretrain' });
  assert.match(details?.detail ?? '', /pretrain\(model: SimclrModel, dataset: ImageDataset/);
});

test('completions: names of the kernel globals and of look-twice in the import list', () => {
  const cells = ["import { createS } from 'look-twice'", 'sh'];
  assert.ok(
    open(cells)
      .completions(0, cells[0].indexOf('createS') + 7)
      ?.entries.some((e) => e.name === 'createSimclrModel'),
  );
  assert.ok(service.completions(1, 2)?.entries.some((e) => e.name === 'show'));
});

test('hover shows the doc comment of createSimclrModel', () => {
  const cells = ["import { createSimclrModel } from 'look-twice'", 'createSimclrModel()'];
  const hover = open(cells).hover(1, 3);
  assert.match(hover?.display ?? '', /createSimclrModel\(options\?: SimclrModelOptions\): SimclrModel/);
  assert.match(hover?.documentation ?? '', /SimCLR model/);
  assert.deepEqual(hover?.span, { cell: 1, start: 0, length: 'createSimclrModel'.length });
});

test('signature help inside pretrain(...)', () => {
  const cells = ["import { pretrain } from 'look-twice'", 'pretrain(a, '];
  const help = open(cells).signatureHelp(1, cells[1].length);
  assert.equal(help?.activeParameter, 1);
  const signature = help!.signatures[help!.activeSignature];
  assert.equal(signature.label.slice(...signature.parameters[1].label), 'dataset: ImageDataset');
});

test('go to definition lands in the library declarations, and in a cell for a notebook name', () => {
  const cells = ["import { createSimclrModel } from 'look-twice'", 'const model = createSimclrModel()', 'model'];
  const library = open(cells).definition(1, cells[1].indexOf('create') + 1);
  assert.equal(library.length, 1);
  assert.equal(
    library[0].kind === 'file' && path.relative(types.typesDir, library[0].file),
    path.join('simclr', 'models', 'simclrModel.d.ts'),
  );
  assert.deepEqual(service.definition(2, 1), [
    { kind: 'cell', cell: 1, start: 'const '.length, length: 'model'.length },
  ]);
});

test('rename within the notebook follows the newest declaration', () => {
  const cells = ['const n = 1', 'n + 1', 'const n = 2', 'n * 2'];
  const renamed = open(cells).rename(3, 0);
  assert.ok('locations' in renamed);
  assert.deepEqual(renamed.locations.map((l) => l.kind === 'cell' && `${l.cell}:${l.start}`).sort(), ['2:6', '3:0']);
  const earlier = service.rename(0, 0);
  assert.deepEqual(
    'locations' in earlier && earlier.locations.map((l) => l.kind === 'cell' && `${l.cell}:${l.start}`),
    ['0:6', '1:0'],
  );
  open(["import { pretrain } from 'look-twice'", 'pretrain']);
  assert.deepEqual(
    service.rename(1, 2),
    { error: 'the name is declared outside the notebook' },
    'never edits the library',
  );
});

test('two notebooks in one folder do not see each other (one registry, separate virtual files)', () => {
  const first = new NotebookLanguageService(notebookDir, types);
  const other = new NotebookLanguageService(notebookDir, types);
  try {
    // Same folder, same number of updates: the same version string for both virtual files.
    first.update([{ text: 'const onlyInFirst = 1' }, { text: 'onlyInFirst' }]);
    other.update([{ text: 'const onlyInSecond = "s"' }, { text: 'onlyInSecond.length' }]);
    assert.deepEqual(
      first.diagnostics().filter((d) => d.category === 'error'),
      [],
    );
    assert.deepEqual(
      other.diagnostics().filter((d) => d.category === 'error'),
      [],
    );
    assert.match(other.hover(1, 2)?.display ?? '', /onlyInSecond: "s"/);
  } finally {
    first.dispose();
    other.dispose();
  }
});
