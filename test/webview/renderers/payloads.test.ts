import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  MAX_CURVE_POINTS,
  MAX_CURVE_SERIES,
  MAX_EMBEDDING_POINTS,
  MAX_GRID_COLS,
  MAX_GRID_ROWS,
  MAX_TILE_SIZE,
} from '../../../src/protocol/payloadLimits';
import {
  parseAugmentationGrid,
  parseEmbedding,
  parseLossCurve,
  parseProgress,
} from '../../../src/webview/renderers/payloads';

const grid = {
  rows: 2,
  cols: 3,
  tileSize: 28,
  png: 'iVBORw0KGgo=',
  columnTitles: ['original', 'view 1', 'view 2'],
  pipeline: 'crop -> flip',
};
const curve = { runId: 'r1', series: [{ name: 'loss', steps: [1, 2], values: [5, 4] }], done: false };
const progress = {
  runId: 'r1',
  method: 'simclr',
  state: 'running',
  step: 3,
  totalSteps: 10,
  epoch: 0,
  metrics: { loss: 4.2, learningRate: 0.1, imagesPerSec: 50, representationStd: 0.03 },
  etaSeconds: 12,
};
/** A progress output saved before metrics existed (loss, learningRate, imagesPerSec at the top). */
const savedProgress = {
  runId: 'r0',
  state: 'done',
  step: 10,
  totalSteps: 10,
  epoch: 1,
  loss: 4.2,
  learningRate: 0.1,
  imagesPerSec: 50,
  etaSeconds: 0,
};
const embedding = { method: 'umap', dims: 2, points: [0, 1, 2, 3], labels: [0, 1], classNames: ['a', 'b'], total: 2 };

test('valid payloads parse to the same content', () => {
  assert.deepEqual(parseAugmentationGrid(grid), { ...grid, rowLabels: undefined, note: undefined });
  assert.deepEqual(parseLossCurve(curve), { ...curve, title: undefined });
  const ended = { ...curve, done: true, status: 'error', message: 'The kernel process was killed by SIGKILL' };
  assert.deepEqual(parseLossCurve(ended), { ...ended, title: undefined });
  assert.deepEqual(parseProgress(progress), progress);
  assert.deepEqual(
    parseProgress(savedProgress).metrics,
    { loss: 4.2, learningRate: 0.1, imagesPerSec: 50 },
    'older saved outputs still render',
  );
  assert.deepEqual(parseEmbedding(embedding), { ...embedding, thumbnails: undefined, note: undefined });
});

test('invalid payloads are rejected with the field named: table', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['grid not an object', () => parseAugmentationGrid([]), /augmentations: expected an object/],
    ['grid rows 0', () => parseAugmentationGrid({ ...grid, rows: 0 }), /augmentations\.rows/],
    ['grid png not base64', () => parseAugmentationGrid({ ...grid, png: '<script>' }), /augmentations\.png/],
    ['grid titles not strings', () => parseAugmentationGrid({ ...grid, columnTitles: [1] }), /columnTitles/],
    ['curve series missing', () => parseLossCurve({ ...curve, series: undefined }), /loss curve\.series/],
    [
      'curve length mismatch',
      () => parseLossCurve({ ...curve, series: [{ name: 'l', steps: [1], values: [] }] }),
      /differ in length/,
    ],
    ['curve done missing', () => parseLossCurve({ ...curve, done: 'no' }), /loss curve\.done/],
    ['curve status unknown', () => parseLossCurve({ ...curve, done: true, status: 'crashed' }), /loss curve\.status/],
    ['progress bad state', () => parseProgress({ ...progress, state: 'weird' }), /progress\.state: expected one of/],
    ['progress negative step', () => parseProgress({ ...progress, step: -1 }), /progress\.step/],
    [
      'progress metrics not an object',
      () => parseProgress({ ...progress, metrics: [1] }),
      /progress\.metrics: expected an object/,
    ],
    ['embedding bad method', () => parseEmbedding({ ...embedding, method: 'mds' }), /embedding\.method/],
    ['embedding dims 4', () => parseEmbedding({ ...embedding, dims: 4 }), /embedding\.dims/],
    ['embedding ragged points', () => parseEmbedding({ ...embedding, points: [1, 2, 3] }), /not a multiple of dims/],
    ['embedding label count', () => parseEmbedding({ ...embedding, labels: [0] }), /1 labels for 2 points/],
    [
      'embedding thumbnails not base64',
      () => parseEmbedding({ ...embedding, thumbnails: { png: '"><script>', tileSize: 28, columns: 1 } }),
      /thumbnails\.png: expected base64/,
    ],
    [
      'embedding thumbnails tileSize',
      () => parseEmbedding({ ...embedding, thumbnails: { png: '', tileSize: 0, columns: 1 } }),
      /thumbnails\.tileSize/,
    ],
  ];
  for (const [name, run, message] of cases) assert.throws(run, message, name);
});

// Issue 12, item 15: every dimension capped by the same limits the kernel produces within.

test('payload dimensions beyond the caps are refused before anything is allocated: table', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    [
      'grid rows 1e6 (165-byte payload)',
      () => parseAugmentationGrid({ ...grid, rows: 1e6 }),
      new RegExp(`augmentations\\.rows: expected an integer in 1\\.\\.${MAX_GRID_ROWS}`),
    ],
    ['grid rows 3e6', () => parseAugmentationGrid({ ...grid, rows: 3e6 }), /augmentations\.rows/],
    ['grid rows fractional', () => parseAugmentationGrid({ ...grid, rows: 2.5 }), /augmentations\.rows/],
    [
      'grid cols 1e6',
      () => parseAugmentationGrid({ ...grid, cols: 1e6 }),
      new RegExp(`augmentations\\.cols: expected an integer in 1\\.\\.${MAX_GRID_COLS}`),
    ],
    [
      'grid tileSize 1e9',
      () => parseAugmentationGrid({ ...grid, tileSize: 1e9 }),
      new RegExp(`tileSize: expected an integer in 1\\.\\.${MAX_TILE_SIZE}`),
    ],
    [
      'grid more titles than columns',
      () => parseAugmentationGrid({ ...grid, columnTitles: ['a', 'b', 'c', 'd'] }),
      /columnTitles: 4 items, more than the 3 allowed/,
    ],
    [
      'grid more row labels than rows',
      () => parseAugmentationGrid({ ...grid, rowLabels: ['a', 'b', 'c'] }),
      /rowLabels: 3 items/,
    ],
    [
      'curve with too many series',
      () => parseLossCurve({ ...curve, series: Array.from({ length: MAX_CURVE_SERIES + 1 }, () => curve.series[0]) }),
      /loss curve\.series: 33 items/,
    ],
    [
      'curve with too many points',
      () =>
        parseLossCurve({
          ...curve,
          series: [
            {
              name: 'l',
              steps: new Array(MAX_CURVE_POINTS + 1).fill(1),
              values: new Array(MAX_CURVE_POINTS + 1).fill(1),
            },
          ],
        }),
      /steps: 2001 items/,
    ],
    [
      'embedding with too many points',
      () =>
        parseEmbedding({ ...embedding, labels: undefined, points: new Array(2 * MAX_EMBEDDING_POINTS + 2).fill(0) }),
      /embedding\.points: 20002 items/,
    ],
    [
      'embedding thumbnails tile 1e6',
      () => parseEmbedding({ ...embedding, thumbnails: { png: '', tileSize: 1e6, columns: 1 } }),
      /thumbnails\.tileSize: expected an integer in 1\.\.256/,
    ],
    [
      'embedding thumbnails columns 1e9',
      () => parseEmbedding({ ...embedding, thumbnails: { png: '', tileSize: 28, columns: 1e9 } }),
      /thumbnails\.columns/,
    ],
  ];
  for (const [name, run, message] of cases) assert.throws(run, message, name);
});
