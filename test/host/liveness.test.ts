// The interrupt grace period: a table of silences seen while busy -> grace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Liveness, MAX_GRACE_MS } from '../../src/host/liveness';

const table: { name: string; heardAt: number[]; base: number; grace: number }[] = [
  { name: 'no messages yet: the base', heardAt: [], base: 3000, grace: 3000 },
  { name: 'status every 2 s: the base', heardAt: [2000, 4000, 6000], base: 3000, grace: 3000 },
  { name: '5 s training steps: 1.5x the longest silence', heardAt: [5000, 10000, 15000], base: 3000, grace: 7500 },
  { name: 'one long gap counts', heardAt: [100, 200, 8200, 8300], base: 3000, grace: 12000 },
  { name: 'capped', heardAt: [100000], base: 3000, grace: MAX_GRACE_MS },
  { name: 'a short base for tests', heardAt: [100, 200], base: 500, grace: 500 },
];

for (const row of table) {
  test(`liveness: ${row.name}`, () => {
    const liveness = new Liveness();
    liveness.reset(0);
    for (const at of row.heardAt) liveness.heard(at);
    assert.equal(liveness.grace(row.base), row.grace);
  });
}

test('liveness: reset forgets earlier silences; silence counts from the last message', () => {
  const liveness = new Liveness();
  liveness.reset(0);
  liveness.heard(9000);
  liveness.reset(10000);
  assert.equal(liveness.grace(3000), 3000);
  liveness.heard(10500);
  assert.equal(liveness.silence(12000), 1500);
});
