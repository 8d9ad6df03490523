// Node warnings through a real forked kernel: deprecations raised inside node_modules stay out of the
// cell's stderr, the user's own (cell, local module) and non-deprecation warnings are shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KernelProcess } from '../../src/host';
import {
  firstFrame,
  formatWarning,
  isLibraryDeprecation,
  isNotebookFolderFrame,
} from '../../src/kernel/processWarnings';
import { run, sourceKernel } from './kernelHarness';

let kernel: KernelProcess;
let folder: string;

before(async () => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'lt-warnings-'));
  const lib = path.join(folder, 'node_modules', 'deprecating-lib');
  mkdirSync(lib, { recursive: true });
  writeFileSync(
    path.join(lib, 'package.json'),
    JSON.stringify({ name: 'deprecating-lib', version: '1.0.0', main: 'index.js' }),
  );
  // As tfjs-node does with util.isArray (DEP0044 on Node >= 22): a deprecated API called inside the library.
  writeFileSync(
    path.join(lib, 'index.js'),
    [
      'const util = require("node:util");',
      'const oldApi = util.deprecate(() => 1, "oldApi() is deprecated", "DEP_LIB");',
      'module.exports = {',
      '  callOld: () => oldApi(),',
      '  isArray: (x) => util.isArray(x),',
      '  warnPlain: () => process.emitWarning("cache is 90% full", "CacheWarning"),',
      '};',
    ].join('\n'),
  );
  writeFileSync(
    path.join(folder, 'local.ts'),
    'import * as util from "node:util";\nconst localOld = util.deprecate(() => 3, "localOld() is deprecated", "DEP_LOCAL");\nexport const callLocal = (): number => localOld();\n',
  );
  kernel = sourceKernel({ cwd: folder });
  await kernel.start();
});

after(async () => {
  await kernel.shutdown();
  rmSync(folder, { recursive: true, force: true });
});

const rows: { name: string; code: string; shown?: RegExp; hidden?: RegExp }[] = [
  {
    name: 'a deprecation inside node_modules is not shown',
    code: 'import { callOld } from "deprecating-lib";\ncallOld();',
    hidden: /DEP_LIB|oldApi/,
  },
  {
    name: 'util.isArray called by a library is not shown',
    code: 'import { isArray } from "deprecating-lib";\nisArray([]);',
    hidden: /DEP0044|isArray/,
  },
  {
    name: 'a deprecated API called by the cell itself is shown',
    code: 'import * as util from "node:util";\nconst mine = util.deprecate(() => 2, "mine() is deprecated", "DEP_CELL");\nmine();',
    shown: /^\(node:\d+\) \[DEP_CELL\] DeprecationWarning: mine\(\) is deprecated$/m,
  },
  {
    name: 'a deprecation in a local module of the notebook folder is shown',
    code: 'import { callLocal } from "./local";\ncallLocal();',
    shown: /\[DEP_LOCAL\] DeprecationWarning: localOld\(\) is deprecated/,
  },
  {
    name: 'a library warning that is not a deprecation is shown',
    code: 'import { warnPlain } from "deprecating-lib";\nwarnPlain();',
    shown: /^\(node:\d+\) CacheWarning: cache is 90% full$/m,
  },
];

for (const row of rows) {
  test(row.name, async () => {
    const result = await run(kernel, `${row.code}\nawait new Promise((r) => setTimeout(r, 20));`);
    assert.equal(result.status, 'ok', JSON.stringify(result.error));
    if (row.hidden) assert.doesNotMatch(result.stderr, row.hidden);
    if (row.shown) assert.match(result.stderr, row.shown);
  });
}

test('pure rule: first frame, user frames, formatting', () => {
  const warning = (name: string, frame: string): Error =>
    Object.assign(new Error('m'), { name, stack: `${name}: m\n    at ${frame}\n    at other (/x/y.js:1:1)` });
  const isUser = (frame: string): boolean => frame.includes('cell[') || isNotebookFolderFrame(frame, '/nb');
  const cases: [string, string, boolean][] = [
    ['DeprecationWarning', 'f (/nb/node_modules/@tensorflow/tfjs-node/dist/index.js:3:4)', true],
    ['DeprecationWarning', 'f (/ext/dist/kernel.js:3:4)', true],
    ['DeprecationWarning', 'node:internal/util:1:1', true],
    ['DeprecationWarning', 'cell[3]:2:1', false],
    ['DeprecationWarning', 'g (/nb/helpers.ts:1:1)', false],
    ['DeprecationWarning', 'g (/nbother/helpers.ts:1:1)', true],
    ['ExperimentalWarning', 'f (/nb/node_modules/x/index.js:1:1)', false],
  ];
  for (const [name, frame, library] of cases)
    assert.equal(isLibraryDeprecation(warning(name, frame), isUser), library, `${name} at ${frame}`);
  assert.equal(firstFrame('Error: a\nb\n    at q (/a.js:1:1)'), '    at q (/a.js:1:1)');
  assert.equal(
    formatWarning(Object.assign(new Error('gone'), { name: 'DeprecationWarning', code: 'DEP9' }), 7),
    '(node:7) [DEP9] DeprecationWarning: gone\n',
  );
});
