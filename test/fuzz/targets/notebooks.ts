// Fuzz target of the notebook reader/writer. Generated notebooks carry what JSON.parse loses (big
// integers, 1e-400, 1.0, invalid UTF-8, odd spacing), then: written back unchanged they must be
// byte-identical; with one code cell's outputs replaced, every other cell must come back byte for
// byte. Mutated bytes must give a valid notebook or an Error naming the file.
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as notebookFile from '../../../src/host/notebookFile';
import type { Notebook } from '../../../src/host/nbformat';
import { notebookSeed } from '../corpus';
import { byteMutation, cleanIf, mutate, type ByteMutation, type FuzzTarget, type Outcome } from '../fuzzTarget';

/** A JSON value written as raw text, with number spellings and string bytes JSON.stringify never makes. */
const rawNumber = fc.oneof(
  fc.constantFrom('12345678901234567890', '1e-400', '1.0', '-0', '2.50', '1E5', '0.1e+2'),
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
);
const rawString: fc.Arbitrary<Buffer> = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => Buffer.from(JSON.stringify(s))),
  fc
    .uint8Array({ minLength: 1, maxLength: 6 })
    .map((bytes) =>
      Buffer.concat([Buffer.from('"x'), Buffer.from(bytes.map((b) => (b < 0x80 ? 0x61 : b))), Buffer.from('"')]),
    ),
);
const space = fc.constantFrom('', ' ', '\n  ', '\t');
const { rawValue } = fc.letrec<{ rawValue: Buffer }>((tie) => ({
  rawValue: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    rawNumber.map((n) => Buffer.from(n)),
    rawString,
    fc.constantFrom('true', 'false', 'null').map((v) => Buffer.from(v)),
    fc
      .tuple(space, fc.array(tie('rawValue'), { maxLength: 3 }))
      .map(([s, items]) =>
        Buffer.concat([
          Buffer.from(`[${s}`),
          ...items.flatMap((item, i) => (i > 0 ? [Buffer.from(`,${s}`), item] : [item])),
          Buffer.from(']'),
        ]),
      ),
    fc
      .tuple(
        space,
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 3 }),
        fc.array(tie('rawValue'), { minLength: 3, maxLength: 3 }),
      )
      .map(([s, keys, items]) =>
        Buffer.concat([
          Buffer.from(`{${s}`),
          ...keys.flatMap((key, i) => [Buffer.from(`${i > 0 ? ',' : ''}${JSON.stringify(key)}:${s}`), items[i]]),
          Buffer.from('}'),
        ]),
      ),
  ),
}));

const cell = fc.record({
  code: fc.boolean(),
  metadata: rawValue.filter((b) => b[0] === 0x7b),
  source: rawString,
  outputs: fc.array(rawValue, { maxLength: 2 }),
});
const generated = fc.record({
  cells: fc.array(cell, { minLength: 1, maxLength: 4 }),
  metadata: rawValue.filter((b) => b[0] === 0x7b),
  space,
});

type Generated = typeof generated extends fc.Arbitrary<infer T> ? T : never;
type Case =
  { kind: 'generated'; notebook: Generated; changed: number } | { kind: 'mutated'; mutations: ByteMutation[] };

function bytesOf(nb: Case & { kind: 'generated' }): { bytes: Buffer; cells: Buffer[] } {
  const { space: s } = nb.notebook;
  const cells = nb.notebook.cells.map((c) =>
    Buffer.concat([
      Buffer.from(`{${s}"cell_type": "${c.code ? 'code' : 'markdown'}",${s}"metadata": `),
      c.metadata,
      Buffer.from(`,${s}"source": `),
      c.source,
      ...(c.code
        ? [
            Buffer.from(`,${s}"execution_count": null,${s}"outputs": [`),
            ...c.outputs.flatMap((o, i) =>
              i > 0
                ? [
                    Buffer.from(', '),
                    Buffer.from(`{"output_type": "display_data", "data": {"application/json": `),
                    o,
                    Buffer.from('}, "metadata": {}}'),
                  ]
                : [
                    Buffer.from(`{"output_type": "display_data", "data": {"application/json": `),
                    o,
                    Buffer.from('}, "metadata": {}}'),
                  ],
            ),
            Buffer.from(']'),
          ]
        : []),
      Buffer.from('}'),
    ]),
  );
  const bytes = Buffer.concat([
    Buffer.from(`{${s}"cells": [${s}`),
    ...cells.flatMap((c, i) => (i > 0 ? [Buffer.from(`,${s}`), c] : [c])),
    Buffer.from(`],${s}"metadata": `),
    nb.notebook.metadata,
    Buffer.from(`,${s}"nbformat": 4,${s}"nbformat_minor": 5}\n`),
  ]);
  return { bytes, cells };
}

const api = notebookFile as unknown as Record<string, (...args: unknown[]) => unknown>;

/** The file written back: the lossless writer when the tree has one, else the plain serializer (the code before issue 12). */
function writeBack(file: string, edit: (nb: Notebook) => void): Buffer {
  if (typeof api.readNotebookFile === 'function') {
    const read = api.readNotebookFile(file) as { notebook: Notebook; source: unknown };
    edit(read.notebook);
    return api.notebookBytes(read.notebook, read.source) as Buffer;
  }
  const notebook = api.readNotebook(file) as Notebook;
  edit(notebook);
  return Buffer.from(api.serializeNotebook(notebook) as string);
}

export function notebookTarget(): FuzzTarget<Case> {
  const dir = mkdtempSync(join(tmpdir(), 'lt-fuzz-nb-'));
  const seed = notebookSeed();
  return {
    name: 'notebooks: read, write back',
    cases: fc.oneof(
      fc.record({
        kind: fc.constant('generated' as const),
        notebook: generated,
        changed: fc.integer({ min: -1, max: 3 }),
      }),
      fc.record({
        kind: fc.constant('mutated' as const),
        mutations: fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
      }),
    ) as fc.Arbitrary<Case>,
    run(input, index): Outcome {
      const file = join(dir, `${index}.ipynb`);
      try {
        if (input.kind === 'mutated') {
          const bytes = mutate(seed, input.mutations);
          writeFileSync(file, bytes);
          let out: Buffer;
          try {
            out = writeBack(file, () => undefined);
          } catch (error) {
            return cleanIf(error, file);
          }
          return out.equals(bytes)
            ? { kind: 'ok' }
            : { kind: 'failure', why: 'an unchanged notebook was not written back byte for byte' };
        }
        const { bytes, cells } = bytesOf(input);
        writeFileSync(file, bytes);
        const changed =
          input.changed >= 0 && input.changed < cells.length && input.notebook.cells[input.changed].code
            ? input.changed
            : -1;
        const out = writeBack(file, (nb) => {
          if (changed >= 0) {
            const c = nb.cells[changed];
            if (c.cell_type === 'code') {
              c.outputs = [{ output_type: 'stream', name: 'stdout', text: ['ran\n'] }];
              c.execution_count = 1;
            }
          }
        });
        if (changed < 0)
          return out.equals(bytes)
            ? { kind: 'ok' }
            : {
                kind: 'failure',
                why: `an unchanged notebook came back different (${bytes.length} -> ${out.length} bytes)`,
              };
        const lost = cells.findIndex((c, i) => i !== changed && !out.includes(c));
        if (lost >= 0)
          return { kind: 'failure', why: `cell ${lost} was not changed but did not come back byte for byte` };
        const parsed = JSON.parse(out.toString('utf8')) as Notebook;
        const ran = parsed.cells[changed];
        return ran.cell_type === 'code' && ran.execution_count === 1
          ? { kind: 'ok' }
          : { kind: 'failure', why: 'the changed cell was not written' };
      } finally {
        rmSync(file, { force: true });
      }
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
