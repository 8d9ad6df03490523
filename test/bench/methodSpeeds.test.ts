import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSpeedTable, type MethodSpeedRecord } from './methodSpeeds';

const record = (method: string, imagesPerSec: number, extra: Partial<MethodSpeedRecord> = {}): MethodSpeedRecord => ({
  method,
  backend: 'tensorflow',
  batchSize: 256,
  steps: 3,
  imagesPerSec,
  cpuUtilisation: 1.8,
  peakRssBytes: 2 ** 30,
  ...extra,
});

test('the speed table gives each method its ratio to SimCLR in the same run, and why one failed', () => {
  const table = formatSpeedTable([
    record('simclr', 100),
    record('moco-v2', 80),
    record('byol', Number.NaN, { error: 'exit 1: out of memory' }),
  ]);
  assert.match(table, /\| simclr \| tensorflow \| 256 \| 100\.0 \| 1\.00x \| 1\.80 \| 1\.00 GiB \|/);
  assert.match(table, /\| moco-v2 \| tensorflow \| 256 \| 80\.0 \| 0\.80x \|/);
  assert.match(table, /\| byol \| tensorflow \| 256 \| failed \| {2}\| {2}\| exit 1: out of memory \|/);
});

test('without a SimCLR row the ratio column is a dash', () => {
  assert.match(formatSpeedTable([record('byol', 50)]), /\| byol \| tensorflow \| 256 \| 50\.0 \| - \|/);
});
