import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  learningRateAt,
  learningRateAtFraction,
  type FractionSchedule,
  type LearningRateSchedule,
} from '../../../src/simclr/train/schedule';

test('learningRateAt: warm-up then cosine, table of cases', () => {
  const s: LearningRateSchedule = { baseLearningRate: 1, warmupSteps: 4, totalSteps: 14 };
  const cases: [LearningRateSchedule, number, number][] = [
    [s, 0, 0.25],
    [s, 1, 0.5],
    [s, 3, 1], // linear warm-up reaches the peak on its last step
    [s, 4, 1], // cosine starts at the peak
    [s, 9, 0.5], // halfway through the decay: (1 + cos(pi/2)) / 2
    [s, 14, 0],
    [s, 100, 0], // the end and beyond
    [{ ...s, finalLearningRate: 0.1 }, 9, 0.55],
    [{ ...s, finalLearningRate: 0.1 }, 14, 0.1],
    [{ ...s, decay: 'constant' }, 12, 1],
    [{ baseLearningRate: 0.3, warmupSteps: 0, totalSteps: 10 }, 0, 0.3],
    [{ baseLearningRate: 0.3, warmupSteps: 0, totalSteps: 10 }, 5, 0.15],
    [{ baseLearningRate: 2, warmupSteps: 0, totalSteps: 4 }, 1, (2 * (1 + Math.cos(Math.PI / 4))) / 2],
    [{ baseLearningRate: 1, warmupSteps: 10, totalSteps: 10 }, 10, 1], // all warm-up: stays at the peak
  ];
  for (const [schedule, step, expected] of cases) {
    const actual = learningRateAt(step, schedule);
    assert.ok(
      Math.abs(actual - expected) < 1e-12,
      `${JSON.stringify(schedule)} step ${step}: ${actual} vs ${expected}`,
    );
  }
});

test('learningRateAt is monotone: up during warm-up, down after', () => {
  const s = { baseLearningRate: 0.5, warmupSteps: 10, totalSteps: 100 };
  const lrs = Array.from({ length: 101 }, (_, i) => learningRateAt(i, s));
  for (let i = 1; i < 10; i++) assert.ok(lrs[i] > lrs[i - 1]);
  for (let i = 11; i <= 100; i++) assert.ok(lrs[i] <= lrs[i - 1]);
});

test('learningRateAt rejects bad schedules', () => {
  const ok = { baseLearningRate: 1, warmupSteps: 2, totalSteps: 10 };
  const cases: [number, LearningRateSchedule, RegExp][] = [
    [-1, ok, /step/],
    [1.5, ok, /step/],
    [0, { ...ok, baseLearningRate: 0 }, /baseLearningRate/],
    [0, { ...ok, warmupSteps: -1 }, /warmupSteps/],
    [0, { ...ok, totalSteps: 0 }, /totalSteps/],
    [0, { ...ok, finalLearningRate: 2 }, /finalLearningRate/],
  ];
  for (const [step, schedule, message] of cases) assert.throws(() => learningRateAt(step, schedule), message);
});

test('learningRateAtFraction: the same curve over a fraction of a time budget', () => {
  const s: FractionSchedule = { baseLearningRate: 1, warmupFraction: 0.2 };
  const cases: [FractionSchedule, number, number][] = [
    [s, 0, 1e-3], // the first step moves, slightly
    [s, 0.1, 0.5],
    [s, 0.2, 1], // linear warm-up to the peak
    [s, 0.6, 0.5], // halfway through the decay
    [s, 1, 0],
    [s, 3, 0],
    [{ ...s, finalLearningRate: 0.1 }, 0.6, 0.55],
    [{ ...s, decay: 'constant' }, 0.9, 1],
    [{ baseLearningRate: 2, warmupFraction: 0 }, 0, 2],
    [{ baseLearningRate: 2, warmupFraction: 0 }, 0.25, (2 * (1 + Math.cos(Math.PI / 4))) / 2],
  ];
  for (const [schedule, fraction, expected] of cases) {
    const actual = learningRateAtFraction(fraction, schedule);
    assert.ok(
      Math.abs(actual - expected) < 1e-12,
      `${JSON.stringify(schedule)} at ${fraction}: ${actual} vs ${expected}`,
    );
  }
  assert.throws(() => learningRateAtFraction(0.5, { baseLearningRate: 1, warmupFraction: 1 }), /warmupFraction/);
  assert.throws(() => learningRateAtFraction(-0.1, s), /fraction must be >= 0/);
  assert.throws(() => learningRateAtFraction(0.5, { baseLearningRate: 0, warmupFraction: 0.1 }), /baseLearningRate/);
});
