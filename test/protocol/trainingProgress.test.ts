import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LookTwiceMime } from '../../src/protocol/outputs';
import { orderMetricNames, thin, thinSeries } from '../../src/protocol/trainingEvents';
import {
  collapseText,
  curveStateText,
  endedLossCurveOutput,
  formatDuration,
  formatNumber,
  lossCurveDisplayId,
  metricsText,
  progressOutput,
  progressPayload,
  progressText,
  stepMessage,
} from '../../src/protocol/trainingProgress';

test('formatDuration: table', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [42.4, '42s'],
    [185, '3m 05s'],
    [3720, '1h 02m'],
    [-1, '-'],
    [NaN, '-'],
    [Infinity, '-'],
  ];
  for (const [s, expected] of cases) assert.equal(formatDuration(s), expected, String(s));
});

test('formatNumber: table', () => {
  const cases: Array<[number, string]> = [
    [4.123456, '4.123'],
    [0, '0'],
    [0.0003, '3.00e-4'],
    [123456, '1.23e+5'],
    [NaN, '-'],
    [1234.5, '1235'],
  ];
  for (const [v, expected] of cases) assert.equal(formatNumber(v), expected, String(v));
});

test('progressText shows every metric (step quantities first), ETA while running and the state otherwise', () => {
  const p = {
    runId: 'r',
    state: 'running' as const,
    step: 5,
    totalSteps: 20,
    epoch: 1,
    metrics: { queueFill: 0.25, loss: 3.5, imagesPerSec: 120, learningRate: 0.3 },
    etaSeconds: 65,
  };
  assert.equal(progressText(p), 'step 5/20 · epoch 1 · loss 3.5 · lr 0.3 · 120 img/s · queueFill 0.25 · ETA 1m 05s');
  assert.match(progressText({ ...p, state: 'interrupted' }), /· interrupted$/);
  assert.match(
    progressText({ ...p, state: 'error', message: 'The kernel process was killed by SIGKILL' }),
    /· error: The kernel process was killed by SIGKILL$/,
  );
  assert.equal(metricsText({}), '');
  assert.deepEqual(orderMetricNames(['b', 'imagesPerSec', 'a', 'loss']), ['loss', 'imagesPerSec', 'a', 'b']);
});

test('progressOutput: the MIME payload (non-finite metrics left out) and the same line as text/plain', () => {
  const start = { runId: 'r1', method: 'byol', totalSteps: 10 };
  const p = progressPayload(
    start,
    { step: 3, epoch: 0, metrics: { loss: 2, learningRate: 0.1, imagesPerSec: NaN, targetMomentum: 0.99 } },
    'running',
    12,
  );
  const out = progressOutput(p);
  assert.equal(out.displayId, 'progress-r1');
  const json = JSON.parse(new TextDecoder().decode(out.items.find((i) => i.mime === LookTwiceMime.progress)?.data));
  assert.deepEqual(json.metrics, { loss: 2, learningRate: 0.1, targetMomentum: 0.99 });
  assert.equal(json.method, 'byol');
  assert.equal(new TextDecoder().decode(out.items.find((i) => i.mime === 'text/plain')?.data), progressText(p));
});

test('thin: at most the cap, evenly spaced, first and last kept; over the cap it halves', () => {
  const cases: Array<[n: number, cap: number, expected: number]> = [
    [0, 10, 0],
    [5, 10, 5],
    [10, 10, 10],
    [11, 10, 5],
    [1000, 10, 5],
    [3, 2, 2],
    [4001, 4000, 2000],
  ];
  for (const [n, cap, expected] of cases) {
    const items = Array.from({ length: n }, (_, i) => i);
    const kept = thin(items, cap);
    assert.equal(kept.length, expected, `${n} ${cap}`);
    if (n > 0) assert.deepEqual([kept[0], kept.at(-1)], [0, n - 1], `${n} ${cap}`);
    assert.deepEqual(
      kept,
      [...kept].sort((a, b) => a - b),
    );
  }
  const s = thinSeries({ name: 'loss', steps: [1, 2, 3, 4, 5], values: [5, 4, 3, 2, 1] }, 4);
  assert.deepEqual(s, { name: 'loss', steps: [1, 5], values: [5, 1] });
});

test('the collapse flag: a warning first in the progress line and the notification, never a number; left out of metric lists', () => {
  const start = { runId: 'r1', method: 'simsiam', totalSteps: 20 };
  const metrics = {
    loss: -0.99,
    learningRate: 0.005,
    imagesPerSec: 300,
    representationStdRatio: 0.0123,
    collapsing: 1,
  };
  const p = progressPayload(start, { step: 9, epoch: 0, metrics }, 'running', 5);
  assert.equal(
    progressText(p),
    '⚠ representation collapsing (std × √d 0.0123, ~1 healthy) · step 9/20 · epoch 0 · loss -0.99 · lr 0.005 · 300 img/s · representationStdRatio 0.0123 · ETA 5s',
  );
  assert.match(
    stepMessage({ step: 9, totalSteps: 20, metrics }),
    /^⚠ representation collapsing .* · step 9\/20 · loss -0\.99/,
  );
  assert.equal(collapseText({ ...metrics, collapsing: 0 }), undefined);
  assert.equal(collapseText({ collapsing: 1 }), '⚠ representation collapsing');
  assert.deepEqual(orderMetricNames(['collapsing', 'loss', 'knnAccuracy']), ['loss', 'knnAccuracy']);
});

test('a run planned for a time budget (no length at its start) shows the latest step estimate of its length', () => {
  const start = { runId: 'r1', method: 'simclr', totalSteps: 0 };
  const p = progressPayload(
    start,
    { step: 40, totalSteps: 42, epoch: 1, metrics: { loss: 3, learningRate: 0.1, imagesPerSec: 100 } },
    'done',
    0,
  );
  assert.equal(p.totalSteps, 42);
  assert.match(progressText(p), /step 40\/42/);
  assert.equal(progressPayload(start, undefined, 'running', NaN).totalSteps, 0);
});

test('curveStateText: training while running, nothing once done, the status and why when it ended early', () => {
  const cases: Array<[Parameters<typeof curveStateText>[0], string | undefined]> = [
    [{ done: false }, 'training…'],
    [{ done: true }, undefined],
    [{ done: true, status: 'done' }, undefined],
    [{ done: true, status: 'interrupted' }, 'interrupted'],
    [
      { done: true, status: 'error', message: 'The kernel process was killed by SIGKILL' },
      'error: The kernel process was killed by SIGKILL',
    ],
  ];
  for (const [payload, expected] of cases) assert.equal(curveStateText(payload), expected, JSON.stringify(payload));
});

test('endedLossCurveOutput: the payload ends with status and message, points and the other items stay', () => {
  const encode = (value: string) => new TextEncoder().encode(value);
  const payload = {
    runId: 'r1',
    title: 'run r1',
    series: [{ name: 'loss', steps: [1, 2], values: [3, 2.5] }],
    done: false,
  };
  const svg = { mime: 'image/svg+xml', data: encode('<svg/>') };
  const last = {
    items: [{ mime: LookTwiceMime.lossCurve, data: encode(JSON.stringify(payload)) }, svg],
    displayId: lossCurveDisplayId('r1'),
  };
  const ended = endedLossCurveOutput(last, 'error', 'The kernel process was killed by SIGKILL');
  assert.equal(ended.displayId, 'loss-r1');
  assert.deepEqual(JSON.parse(new TextDecoder().decode(ended.items[0].data)), {
    ...payload,
    done: true,
    status: 'error',
    message: 'The kernel process was killed by SIGKILL',
  });
  assert.equal(ended.items[1], svg);
  assert.equal(JSON.parse(new TextDecoder().decode(last.items[0].data)).done, false, 'the last output is not changed');
});
