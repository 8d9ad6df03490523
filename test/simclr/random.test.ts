import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/simclr/random';

test('Random is deterministic per seed and differs across seeds', () => {
  const a = new Random(42),
    b = new Random(42),
    c = new Random(43);
  const xs = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.next()),
  );
  for (const x of xs) assert.ok(x >= 0 && x < 1);
});

test('Random.shuffle is a permutation', () => {
  const values = Int32Array.from({ length: 100 }, (_, i) => i);
  new Random(1).shuffle(values);
  assert.deepEqual(
    [...values].sort((x, y) => x - y),
    Array.from({ length: 100 }, (_, i) => i),
  );
  assert.notDeepEqual(
    [...values],
    Array.from({ length: 100 }, (_, i) => i),
  );
});

test('Random.normal has mean ~0 and variance ~1', () => {
  const r = new Random(7);
  const xs = Array.from({ length: 20000 }, () => r.normal());
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.05, `variance ${variance}`);
});
