/**
 * Every loss and tensor metric on tfjs-node (the native backend, when it loads here) against the same
 * PyTorch fixtures as on cpu and wasm: the backend a user with internet gets by default.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadNativeBackend } from '../../../src/simclr/backend/native/nativeBackend';
import { infoNceLoss } from '../../../src/simclr/losses/infoNce';
import { negativeCosineSimilarity } from '../../../src/simclr/losses/negativeCosineSimilarity';
import { byolLoss } from '../../../src/simclr/losses/byol';
import { barlowTwinsLoss } from '../../../src/simclr/losses/barlowTwins';
import { clipLoss } from '../../../src/simclr/losses/clip';
import { rotationLoss } from '../../../src/simclr/losses/rotation';
import { representationStd } from '../../../src/simclr/metrics/representationStd';
import { alignment } from '../../../src/simclr/metrics/alignment';
import { uniformity } from '../../../src/simclr/metrics/uniformity';
import { checkAgainstTorch, loadFixture, type Case } from './torchReference';
import { assertNear, bothForms, bothFormsPair, loadMetricFixture } from '../metrics/metricReference';

const native = loadNativeBackend();
const m = (x: tf.Tensor) => x as tf.Tensor2D;
const LOSSES: {
  fixture: string;
  inputs: string[];
  loss: (x: tf.Tensor[], c: Case) => tf.Scalar;
  skip?: (c: Case) => boolean;
}[] = [
  {
    fixture: 'infonce',
    inputs: ['query', 'positiveKey', 'negatives'],
    loss: (x, c) => infoNceLoss(m(x[0]), m(x[1]), m(x[2]), c.temperature as number),
  },
  { fixture: 'negcos', inputs: ['p', 'z'], loss: (x) => negativeCosineSimilarity(m(x[0]), m(x[1])) },
  { fixture: 'byol', inputs: ['p', 'z'], loss: (x) => byolLoss(m(x[0]), m(x[1])) },
  // the reference-code (BatchNorm1d) cases; algorithm 1 has no epsilon, see barlowTwins.test.ts
  {
    fixture: 'barlow',
    inputs: ['z1', 'z2'],
    loss: (x, c) => barlowTwinsLoss(m(x[0]), m(x[1]), { lambda: c.lambda as number }),
    skip: (c) => c.unbiasedStd === true,
  },
  { fixture: 'clip', inputs: ['a', 'b', 'logitScale'], loss: (x) => clipLoss(m(x[0]), m(x[1]), x[2] as tf.Scalar) },
  { fixture: 'rotation', inputs: ['logits'], loss: (x, c) => rotationLoss(m(x[0]), c.rotations as number[]) },
];

test(
  'the losses and metrics on tfjs-node match PyTorch',
  { skip: native.ok ? false : 'tfjs-node does not load here' },
  async () => {
    await initBackend({ backend: 'node' });
    assert.equal(tf.getBackend(), 'tensorflow');
    for (const { fixture, inputs, loss, skip } of LOSSES) {
      checkAgainstTorch(
        loadFixture(fixture).filter((c) => !skip?.(c)),
        inputs,
        loss,
      );
    }
    for (const c of loadMetricFixture()) {
      assertNear(bothForms(c.z1, representationStd), c.representationStd, 1e-5, 'std');
      assertNear(
        bothFormsPair(c.z1, c.z2, (a, b) => alignment(a, b, { alpha: c.alpha })),
        c.alignment,
        1e-5,
        'alignment',
      );
      assertNear(
        bothForms(c.z1, (z) => uniformity(z, { t: c.t })),
        c.uniformity as number,
        1e-5,
        'uniformity',
      );
    }
  },
);
