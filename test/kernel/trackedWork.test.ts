import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrackedWork } from '../../src/kernel/trackedWork';

// What the cell did with the promise show.embeddings returned, and whether the failure is the cell's to report.
const cases: {
  name: string;
  work: () => Promise<unknown>;
  cell: (p: Promise<unknown>) => Promise<void>;
  reported: boolean;
}[] = [
  {
    name: 'failed, never looked at',
    work: () => Promise.reject(new Error('boom')),
    cell: async () => {},
    reported: true,
  },
  {
    name: 'failed, awaited and caught',
    work: () => Promise.reject(new Error('boom')),
    cell: async (p) => {
      await p.catch(() => undefined);
    },
    reported: false,
  },
  {
    name: 'failed, awaited in try/catch',
    work: () => Promise.reject(new Error('boom')),
    cell: async (p) => {
      try {
        await p;
      } catch {
        /* handled */
      }
    },
    reported: false,
  },
  {
    name: 'failed, .then(ok, fail)',
    work: () => Promise.reject(new Error('boom')),
    cell: async (p) => {
      await p.then(undefined, () => undefined);
    },
    reported: false,
  },
  { name: 'succeeded, never looked at', work: () => Promise.resolve(1), cell: async () => {}, reported: false },
  {
    name: 'failed later, never looked at',
    work: () => new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 20)),
    cell: async () => {},
    reported: true,
  },
];

for (const c of cases) {
  test(`TrackedWork: ${c.name}`, async () => {
    const tracked = new TrackedWork();
    const visible = tracked.track(c.work());
    await c.cell(visible);
    const failure = await tracked.settle();
    assert.equal(failure !== undefined, c.reported, JSON.stringify(failure));
    if (failure) assert.ok(failure.error instanceof Error);
    assert.equal(await tracked.settle(), undefined, 'settle forgets the work');
  });
}

test("TrackedWork: the promise the cell gets resolves to the work's value", async () => {
  const tracked = new TrackedWork();
  assert.equal(await tracked.track(Promise.resolve(42)), 42);
});
