/**
 * TensorFlow's thread pools under tfjs-node (backend/native/tensorflowThreads.ts): the plan from the
 * environment (the user's values kept, anything else replaced by the library's choice), and, with a
 * native build, the pools TensorFlow really made once the backend loaded (its inter-op threads are
 * named tf_Compute in /proc/self/task).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import {
  INTER_OP_ENV,
  INTRA_OP_ENV,
  applyTensorflowThreads,
  tensorflowThreadPlan,
} from '../../../../src/simclr/backend/native/tensorflowThreads';
import { loadNativeBackend } from '../../../../src/simclr/backend/native/nativeBackend';
import { nativeCacheDir, readCurrentBuild } from '../../../../src/simclr/backend/native/nativeBuild';

const cases: Array<{ env: Record<string, string>; cores: number; intra: number; inter: number; from: string }> = [
  { env: {}, cores: 2, intra: 2, inter: 1, from: 'library/library' },
  { env: {}, cores: 8, intra: 8, inter: 1, from: 'library/library' },
  { env: { [INTRA_OP_ENV]: '1' }, cores: 2, intra: 1, inter: 1, from: 'environment/library' },
  { env: { [INTER_OP_ENV]: '4' }, cores: 2, intra: 2, inter: 4, from: 'library/environment' },
  { env: { [INTRA_OP_ENV]: '3', [INTER_OP_ENV]: '2' }, cores: 2, intra: 3, inter: 2, from: 'environment/environment' },
  { env: { [INTRA_OP_ENV]: '0', [INTER_OP_ENV]: 'two' }, cores: 2, intra: 2, inter: 1, from: 'library/library' },
  { env: { [INTRA_OP_ENV]: ' ', [INTER_OP_ENV]: '1.5' }, cores: 4, intra: 4, inter: 1, from: 'library/library' },
];

describe('TensorFlow thread plan', () => {
  for (const c of cases) {
    test(`${JSON.stringify(c.env)} on ${c.cores} cores -> intra ${c.intra}, inter ${c.inter} (${c.from})`, () => {
      const plan = tensorflowThreadPlan(c.env, c.cores);
      assert.deepEqual(
        [plan.intraOp, plan.interOp, `${plan.source.intraOp}/${plan.source.interOp}`],
        [c.intra, c.inter, c.from],
      );
    });
  }

  test('applying writes the plan for TensorFlow to read and keeps the user values', () => {
    const env: NodeJS.ProcessEnv = { [INTER_OP_ENV]: '3', OTHER: 'x' };
    const plan = applyTensorflowThreads(env, 2);
    assert.deepEqual(env, { [INTRA_OP_ENV]: '2', [INTER_OP_ENV]: '3', OTHER: 'x' });
    assert.equal(plan.source.interOp, 'environment');
  });
});

const build = readCurrentBuild(nativeCacheDir(resolve(__dirname, '../../../..')));
const required = process.env.LOOK_TWICE_REQUIRE_NATIVE === '1';
const skip = build.found || required ? false : 'no native build';

test('TensorFlow made the planned inter-op pool and the backend reports the plan', { skip }, () => {
  const planned = tensorflowThreadPlan(process.env, availableParallelism()).interOp;
  const load = loadNativeBackend();
  assert.ok(load.ok, load.ok ? '' : load.reason);
  assert.match(load.detail, /TensorFlow threads: intra-op \d+ \((library|environment)\), inter-op \d+/);
  const interOp = readdirSync('/proc/self/task').filter(
    (task) => readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim() === 'tf_Compute',
  ).length;
  assert.equal(interOp, Number(process.env[INTER_OP_ENV]));
  assert.equal(interOp, planned);
});
