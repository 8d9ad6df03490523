import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LostRequestDetector, type IdleVerdict } from '../../src/host/lostRequest';

type Report = { busy: boolean; received: number; sent: number; waiting: boolean };
const idle = (received: number, sent: number): Report => ({ busy: false, received, sent, waiting: true });

const cases: { name: string; reports: Report[]; verdicts: IdleVerdict[] }[] = [
  { name: 'busy reports are fine', reports: [{ busy: true, received: 1, sent: 1, waiting: true }], verdicts: ['fine'] },
  {
    name: 'idle with nothing waiting is fine',
    reports: [{ busy: false, received: 1, sent: 1, waiting: false }],
    verdicts: ['fine'],
  },
  // The race seen under load: the report made at the end of the previous cell, then an overdue
  // heartbeat after a synchronous stretch, both before the kernel read the next request.
  {
    name: 'two idle reports before the request is read are not a loss',
    reports: [idle(1, 2), idle(1, 2), { busy: true, received: 2, sent: 2, waiting: true }],
    verdicts: ['fine', 'fine', 'fine'],
  },
  {
    name: 'three idle reports without the request: lost',
    reports: [idle(1, 2), idle(1, 2), idle(1, 2)],
    verdicts: ['fine', 'fine', 'lost request'],
  },
  {
    name: 'a busy report in between starts the count again',
    reports: [idle(1, 2), idle(1, 2), { busy: true, received: 1, sent: 2, waiting: true }, idle(1, 2), idle(1, 2)],
    verdicts: ['fine', 'fine', 'fine', 'fine', 'fine'],
  },
  {
    name: 'idle having received every request: the answer was lost, at once',
    reports: [idle(2, 2)],
    verdicts: ['lost answer'],
  },
  {
    name: 'after a verdict the count starts again',
    reports: [idle(0, 1), idle(0, 1), idle(0, 1), idle(0, 1)],
    verdicts: ['fine', 'fine', 'lost request', 'fine'],
  },
];

for (const { name, reports, verdicts } of cases) {
  test(`LostRequestDetector: ${name}`, () => {
    const detector = new LostRequestDetector();
    const seen = reports.map((r) =>
      detector.observe({ busy: r.busy, executesReceived: r.received }, r.sent, r.waiting),
    );
    assert.deepEqual(seen, verdicts);
  });
}

test('LostRequestDetector: reset forgets earlier idle reports', () => {
  const detector = new LostRequestDetector();
  detector.observe({ busy: false, executesReceived: 0 }, 1, true);
  detector.observe({ busy: false, executesReceived: 0 }, 1, true);
  detector.reset();
  assert.equal(detector.observe({ busy: false, executesReceived: 0 }, 1, true), 'fine');
});
