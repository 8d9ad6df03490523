// The Variables tab's text, as pure functions: bytes, the detail column per kind, the memory line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatBytes, liveTensorLine, memoryLine, variableDetail } from '../../../src/webview/panel/variablesTab';

test('bytes: table', () => {
  const rows: Array<[number, string]> = [
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KB'],
    [200 * 1024 * 1024, '200 MB'],
    [3 * 1024 ** 3, '3.0 GB'],
  ];
  for (const [bytes, text] of rows) assert.equal(formatBytes(bytes), text);
});

test('detail column per kind', () => {
  assert.equal(
    variableDetail({
      name: 't',
      kind: 'tensor',
      type: 'Tensor4D float32',
      tensor: {
        shape: [64, 28, 28, 1],
        dtype: 'float32',
        bytes: 200704,
        backend: 'wasm',
        disposed: false,
        image: true,
      },
    }),
    '[64, 28, 28, 1] float32 · 196 KB · wasm',
  );
  assert.equal(
    variableDetail({
      name: 't',
      kind: 'tensor',
      type: 'Tensor1D float32',
      tensor: { shape: [3], dtype: 'float32', bytes: 12, backend: '', disposed: true, image: false },
    }),
    '[3] disposed',
  );
  assert.equal(
    variableDetail({
      name: 'd',
      kind: 'dataset',
      type: 'ImageDataset',
      dataset: { size: 4000, source: 'embedded subset', shape: [4000, 28, 28, 1] },
    }),
    '4,000 images [28, 28, 1] · embedded subset',
  );
  assert.equal(
    variableDetail({ name: 'm', kind: 'model', type: 'SimclrModel', model: { parameters: 123456 } }),
    '123,456 parameters',
  );
  assert.equal(variableDetail({ name: 'n', kind: 'number', type: 'number', preview: '5' }), '5');
});

test('memory line', () => {
  assert.equal(
    memoryLine({
      executionId: 'x',
      before: { numTensors: 12, numBytes: 1024 },
      after: { numTensors: 15, numBytes: 2048 },
      live: [],
      liveCount: 3,
    }),
    'tensors 12 → 15 (+3), 1.0 KB → 2.0 KB',
  );
  assert.equal(
    memoryLine({
      executionId: 'x',
      before: { numTensors: 5, numBytes: 0 },
      after: { numTensors: 4, numBytes: 0 },
      live: [],
      liveCount: 0,
    }),
    'tensors 5 → 4 (-1), 0 B → 0 B',
  );
});

test('live tensors: named, weights, and unnamed ones flagged', () => {
  assert.equal(
    liveTensorLine({ id: 3, shape: [16, 16], dtype: 'float32', bytes: 1024, name: 'leaked' }),
    'leaked [16, 16] float32 · 1.0 KB',
  );
  assert.equal(
    liveTensorLine({ id: 4, shape: [3, 3, 1, 32], dtype: 'float32', bytes: 1152, variable: true }),
    '#4 (tf.Variable: weights or optimizer state) [3, 3, 1, 32] float32 · 1.1 KB',
  );
  assert.equal(
    liveTensorLine({ id: 5, shape: [2], dtype: 'int32', bytes: 8 }),
    '#5 (no variable: a leak?) [2] int32 · 8 B',
  );
});
