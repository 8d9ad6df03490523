// The fuzz suite's bounded run inside `npm test` (issue 12): about a thousand cases per target with a
// fixed seed, about a minute in all; `npm run fuzz` runs 10,000+ per target. No case may fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runTarget } from './fuzzTarget';
import { makeTarget, TARGET_NAMES, type TargetName } from './targets';

/** Cases per target in the bounded run: each target's cost differs (a checkpoint read is ~10x a message check). */
const BOUNDED: Record<TargetName, number> = {
  idx: 1500,
  cifar: 1500,
  images: 1000,
  notebooks: 1500,
  checkpoints: 800,
  webview: 8000,
  payloads: 4000,
};

for (const name of TARGET_NAMES) {
  test(`fuzz (bounded): ${name}`, { timeout: 120_000 }, async () => {
    const report = await runTarget(await makeTarget(name), BOUNDED[name], 12);
    assert.equal(
      report.failures,
      0,
      `${report.failures} of ${report.cases} cases failed:\n${report.examples.join('\n')}`,
    );
    assert.equal(report.cases, BOUNDED[name]);
  });
}
