/**
 * linearProbe against scikit-learn's StandardScaler + LogisticRegression(solver='lbfgs') on the same
 * fixed features (Fashion-MNIST pooled to 14x14), held-out split and L2 grid: the fixture holds
 * sklearn's answer (fixtures/make-sklearn-probe.ts regenerates it); the live check asks sklearn
 * again when a python with it is found (sklearnProbe.ts), and is skipped, saying why, when not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { linearProbe } from '../../../src/simclr/eval/linearProbe';
import {
  checkInputs,
  runSklearnProbe,
  sklearnPython,
  writeProbeInputs,
  type ProbeInputs,
  type SklearnAnswer,
} from './sklearnProbe';

/** The bound: within 0.3 points of the reference. */
const TOLERANCE = 0.003;
const inputs = checkInputs();
const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures/sklearn-probe.json'), 'utf8')) as SklearnAnswer;

test.before(async () => {
  await initBackend();
});

async function compare(reference: SklearnAnswer, data: ProbeInputs): Promise<void> {
  const train = { features: data.train, labels: data.train.labels };
  const held = { features: data.test, labels: data.test.labels };
  const ours = await linearProbe(null, train, held, {
    weightDecay: data.weightDecays,
    validationFraction: data.validationFraction,
    seed: data.seed,
  });
  assert.equal(
    ours.weightDecay,
    reference.weightDecay,
    `chosen L2: ours ${ours.weightDecay}, sklearn ${reference.weightDecay}`,
  );
  assert.ok(
    Math.abs(ours.testAccuracy - reference.testAccuracy) <= TOLERANCE,
    `test accuracy: ours ${ours.testAccuracy}, sklearn ${reference.testAccuracy}`,
  );
  for (const fit of reference.search) {
    const mine = ours.search.find((f) => f.weightDecay === fit.weightDecay);
    assert.ok(
      mine && Math.abs(mine.validationAccuracy! - fit.validationAccuracy) <= 0.01,
      `validation at ${fit.weightDecay}: ours ${mine?.validationAccuracy}, sklearn ${fit.validationAccuracy}`,
    );
  }
  for (const { weightDecay, testAccuracy } of reference.fixedTestAccuracy) {
    const fixed = await linearProbe(null, train, held, { weightDecay });
    assert.ok(fixed.final.converged, `converged at ${weightDecay}`);
    assert.ok(
      Math.abs(fixed.testAccuracy - testAccuracy) <= TOLERANCE,
      `weightDecay ${weightDecay}: ours ${fixed.testAccuracy}, sklearn ${testAccuracy}`,
    );
  }
}

test('linearProbe agrees with scikit-learn within 0.3 points (fixture)', async () => {
  await compare(fixture, inputs);
});

const python = sklearnPython();
test(
  'linearProbe agrees with scikit-learn within 0.3 points (live)',
  { skip: python ? false : 'no python with scikit-learn (the bench venv has it: npm run bench:quality)' },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sklearn-probe-'));
    try {
      // The four strongest penalties keep sklearn's side to a minute.
      const live = { ...inputs, weightDecays: inputs.weightDecays.slice(0, 4) };
      writeProbeInputs(dir, live);
      await compare(runSklearnProbe(python!, dir), live);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
