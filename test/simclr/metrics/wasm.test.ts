import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { representationStd } from '../../../src/simclr/metrics/representationStd';
import { alignment } from '../../../src/simclr/metrics/alignment';
import { uniformity } from '../../../src/simclr/metrics/uniformity';
import { effectiveRank } from '../../../src/simclr/metrics/effectiveRank';
import { assertNear, bothForms, bothFormsPair, loadMetricFixture } from './metricReference';

// Training runs on wasm: the metrics computed there with tf ops must agree with PyTorch too.
test('the representation metrics on wasm match PyTorch and keep the tensor count', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  for (const c of loadMetricFixture()) {
    const what = `n=${c.z1.length} d=${c.z1[0].length}`;
    assertNear(bothForms(c.z1, representationStd), c.representationStd, 1e-5, `${what} std`);
    assertNear(
      bothFormsPair(c.z1, c.z2, (a, b) => alignment(a, b, { alpha: c.alpha })),
      c.alignment,
      1e-5,
      `${what} alignment`,
    );
    assertNear(
      bothForms(c.z1, (z) => uniformity(z, { t: c.t })),
      c.uniformity as number,
      1e-5,
      `${what} uniformity`,
    );
    assertNear(bothForms(c.z1, effectiveRank), c.effectiveRank, 1e-6, `${what} effective rank`);
  }
});
