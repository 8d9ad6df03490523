// Fuzz target of the renderers' payload checks: valid payloads with fields replaced by extreme or
// wrong values. Contract: an Error naming the payload, or a payload whose every dimension is within
// the caps the kernel produces within (protocol/payloadLimits.ts).
import fc from 'fast-check';
import * as limits from '../../../src/protocol/payloadLimits';
import { parseAugmentationGrid, parseEmbedding, parseLossCurve } from '../../../src/webview/renderers/payloads';
import type { FuzzTarget, Outcome } from '../fuzzTarget';

const bases = [
  {
    parse: parseAugmentationGrid,
    what: 'augmentations',
    value: {
      rows: 2,
      cols: 3,
      tileSize: 28,
      png: 'iVBORw0KGgo=',
      columnTitles: ['original', 'view 1', 'view 2'],
      pipeline: 'crop',
    },
  },
  {
    parse: parseLossCurve,
    what: 'loss curve',
    value: { runId: 'r1', series: [{ name: 'loss', steps: [1, 2], values: [5, 4] }], done: false },
  },
  {
    parse: parseEmbedding,
    what: 'embedding',
    value: {
      method: 'pca',
      dims: 2,
      points: [0, 1, 2, 3],
      labels: [0, 1],
      classNames: ['a', 'b'],
      total: 2,
      thumbnails: { png: '', tileSize: 28, columns: 2 },
    },
  },
];
const FIELDS = [
  'rows',
  'cols',
  'tileSize',
  'columnTitles',
  'rowLabels',
  'series',
  'points',
  'labels',
  'classNames',
  'dims',
  'thumbnails',
  'total',
];

interface Case {
  base: number;
  field: string;
  value: unknown;
}

const extreme = fc.oneof(
  fc.constantFrom<unknown>(1e6, 3e6, 1e9, 2.5, -1, 0, NaN, 2 ** 31, 17, 14, 4097, 257),
  fc.integer({ min: 0, max: 30_000 }).map((n) => new Array(n).fill(0)),
  fc
    .integer({ min: 0, max: 40 })
    .map((n) =>
      Array.from({ length: n }, () => ({ name: 's', steps: new Array(2001).fill(1), values: new Array(2001).fill(1) })),
    ),
  fc.integer({ min: 0, max: 2000 }).map((n) => new Array(n).fill('label')),
  fc.record({
    png: fc.constant(''),
    tileSize: fc.integer({ min: -5, max: 1e7 }),
    columns: fc.integer({ min: -5, max: 1e9 }),
  }),
  fc.anything(),
);

function within(payload: Record<string, unknown>): string | undefined {
  const cap = limits as Record<string, number>;
  const len = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
  if (typeof payload.rows === 'number' && payload.rows > cap.MAX_GRID_ROWS) return `rows ${payload.rows}`;
  if (typeof payload.cols === 'number' && payload.cols > cap.MAX_GRID_COLS) return `cols ${payload.cols}`;
  if (typeof payload.tileSize === 'number' && payload.tileSize > cap.MAX_TILE_SIZE)
    return `tileSize ${payload.tileSize}`;
  if (len(payload.series) > cap.MAX_CURVE_SERIES) return `${len(payload.series)} series`;
  for (const s of (Array.isArray(payload.series) ? payload.series : []) as { steps: unknown[] }[])
    if (len(s.steps) > cap.MAX_CURVE_POINTS) return `${len(s.steps)} points in a series`;
  if (len(payload.points) > cap.MAX_EMBEDDING_POINTS * 3) return `${len(payload.points)} point coordinates`;
  if (len(payload.classNames) > cap.MAX_CLASS_NAMES) return `${len(payload.classNames)} class names`;
  const thumbnails = payload.thumbnails as { tileSize?: number } | undefined;
  if (thumbnails?.tileSize !== undefined && thumbnails.tileSize > cap.MAX_THUMBNAIL_TILE)
    return `thumbnail tiles of ${thumbnails.tileSize}`;
  return undefined;
}

export function payloadTarget(): FuzzTarget<Case> {
  return {
    name: 'renderer payloads: dimension checks',
    cases: fc.record({
      base: fc.integer({ min: 0, max: bases.length - 1 }),
      field: fc.constantFrom(...FIELDS),
      value: extreme,
    }),
    run({ base, field, value }): Outcome {
      const { parse, what, value: valid } = bases[base];
      let parsed: Record<string, unknown>;
      try {
        parsed = parse({ ...valid, [field]: value }) as unknown as Record<string, unknown>;
      } catch (error) {
        return error instanceof Error && error.message.startsWith(what)
          ? { kind: 'clean' }
          : { kind: 'failure', why: `not a payload error: ${String(error)}` };
      }
      const over = within(parsed);
      return over ? { kind: 'failure', why: `${what} accepted ${over}` } : { kind: 'ok' };
    },
  };
}
