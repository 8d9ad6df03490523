/**
 * Collapse is detectable (SimSiam, Chen & He 2021, arXiv:2011.10566 section 4.1, fig. 2): without
 * its stop-gradient SimSiam's loss goes to -1 and the std of its l2-normalised outputs to 0, and the
 * loop warns; with it, on the same data and seed, neither happens. Small data, a small model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { pretrain } from '../../../src/simclr/train/pretrain';
import { collapseWarning } from '../../../src/simclr/train/collapse';
import { COLLAPSE_WARNING_RATIO as COLLAPSE_RATIO } from '../../../src/simclr/metrics/representationStd';
import type { StepInfo } from '../../../src/simclr/train/pretrainOptions';

test.before(async () => {
  await initBackend();
});

const data = loadFashionMnist({ split: 'train', limit: 256 });
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

async function simsiam(stopGradient: boolean) {
  const model = createSimclrModel({
    encoder: { kind: 'cnn', widths: [16, 32], strides: [2, 2] },
    headWidths: [32, 16],
    seed: 2,
  });
  const warnings: string[] = [];
  const result = await pretrain(model, data, {
    method: { name: 'simsiam', stopGradient },
    batchSize: 32,
    steps: 100,
    seed: 2,
    learningRate: 5e-3,
    decay: 'constant',
    warmupSteps: 0,
    onWarning: (m) => warnings.push(m),
    monitor: false,
  });
  model.dispose();
  const last = result.history.slice(-10);
  return {
    loss: mean(last.map((h) => h.loss)),
    ratio: mean(last.map((h) => h.metrics?.representationStdRatio as number)),
    warnings,
    result,
  };
}

test(
  'SimSiam without stop-gradient collapses and the loop warns; with it, it does not',
  { timeout: 300_000 },
  async () => {
    const collapsed = await simsiam(false);
    const healthy = await simsiam(true);
    assert.ok(collapsed.loss < -0.97, `no stop-gradient: loss ${collapsed.loss} should approach -1`);
    assert.ok(collapsed.ratio < COLLAPSE_RATIO, `no stop-gradient: std ratio ${collapsed.ratio}`);
    assert.equal(collapsed.warnings.length, 1, 'one warning per run');
    assert.match(collapsed.warnings[0], /pretrain \(simsiam\): the representation is collapsing at step \d+/);
    assert.deepEqual(collapsed.result.warnings, collapsed.warnings);
    // The step metric the progress line and the panel show as the warning: set from the first collapsing step on.
    const flagged = collapsed.result.history.filter((h) => h.metrics?.collapsing === 1).map((h) => h.step);
    assert.ok(flagged.length > 0 && flagged.includes(100), `collapsing flagged at ${flagged.join(',')}`);
    assert.match(collapsed.warnings[0], new RegExp(`at step ${flagged[0]}:`));
    assert.ok(healthy.result.history.every((h) => h.metrics?.collapsing === undefined));
    assert.ok(healthy.ratio > 2 * COLLAPSE_RATIO, `with stop-gradient: std ratio ${healthy.ratio}`);
    assert.ok(healthy.loss > -0.95, `with stop-gradient: loss ${healthy.loss}`);
    assert.deepEqual(healthy.warnings, []);
  },
);

test('collapseWarning needs several low steps in a row', () => {
  const steps = (ratios: number[]): StepInfo[] =>
    ratios.map((r, i) => ({
      step: i + 1,
      epoch: 0,
      loss: 0,
      learningRate: 1,
      imagesPerSec: 1,
      metrics: { representationStdRatio: r },
    }));
  assert.equal(collapseWarning('byol', steps([0.5, 0.01, 0.01, 0.01, 0.01])), undefined);
  assert.equal(collapseWarning('byol', steps([0.01, 0.01, 0.01, 0.01])), undefined);
  assert.match(
    collapseWarning('byol', steps([0.5, 0.01, 0.01, 0.01, 0.01, 0.02])) ?? '',
    /byol.*collapsing at step 6.*0\.020/,
  );
  assert.equal(
    collapseWarning('rotation', [{ step: 1, epoch: 0, loss: 0, learningRate: 1, imagesPerSec: 1 }]),
    undefined,
  );
});
