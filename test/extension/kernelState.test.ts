/** How the status bar words a kernel's state (src/extension/kernelState.ts): a table of snapshots. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeKernel, formatBytes, type KernelSnapshot } from '../../src/extension/kernelState';
import type { BackendInfo } from '../../src/protocol/kernelMessages';

const MB = 1024 * 1024;

test('formatBytes: megabytes rounded, gigabytes with one decimal', () => {
  const cases: Array<[bytes: number, text: string]> = [
    [0, '0 MB'],
    [1.4 * MB, '1 MB'],
    [512 * MB, '512 MB'],
    [1023.4 * MB, '1023 MB'],
    [1024 * MB, '1.0 GB'],
    [1.26 * 1024 * MB, '1.3 GB'],
  ];
  for (const [bytes, text] of cases) assert.equal(formatBytes(bytes), text, `${bytes} bytes`);
});

test('describeKernel: text per state', () => {
  const wasm: BackendInfo = {
    name: 'wasm',
    tfBackend: 'wasm',
    reason: 'tfjs-node is not installed',
    threads: 2,
    kernels: [],
  };
  // The setting's word before the kernel is ready and the kernel's after it are the same: 'node', never tfjs's 'tensorflow'.
  const node: BackendInfo = {
    name: 'node',
    tfBackend: 'tensorflow',
    reason: 'first backend that loaded',
    threads: 0,
    kernels: [],
  };
  const cases: Array<[snapshot: KernelSnapshot | undefined, text: string]> = [
    [undefined, '$(beaker) Look Twice: auto · no kernel'],
    [{ state: 'starting' }, '$(beaker) auto · $(loading~spin) starting'],
    [{ state: 'idle', backend: node, rssBytes: 300 * MB }, '$(beaker) node · $(circle-outline) idle · 300 MB'],
    [
      { state: 'idle', backend: wasm, pid: 7, rssBytes: 300 * MB, numTensors: 12 },
      '$(beaker) wasm · $(circle-outline) idle · 300 MB',
    ],
    [{ state: 'busy', backend: wasm, rssBytes: 2048 * MB }, '$(beaker) wasm · $(circle-filled) busy · 2.0 GB'],
    [
      { state: 'dead', backend: wasm, rssBytes: 300 * MB, deathReason: 'The kernel process exited with code 3' },
      '$(beaker) wasm · $(error) dead',
    ],
  ];
  for (const [snapshot, text] of cases)
    assert.equal(describeKernel(snapshot, 'auto').text, text, JSON.stringify(snapshot));
});

const wasmInfo: BackendInfo = { name: 'wasm', tfBackend: 'wasm', reason: '', threads: 1, kernels: [] };

test('describeKernel: the tooltip explains the backend choice, memory, and what a click does', () => {
  const idle = describeKernel(
    {
      state: 'idle',
      backend: { ...wasmInfo, reason: 'first backend that loaded' },
      pid: 42,
      rssBytes: 100 * MB,
      numTensors: 5,
    },
    'auto',
  ).tooltip;
  assert.equal(
    idle,
    'Look Twice kernel: idle (pid 42)\nBackend: wasm: first backend that loaded\nMemory: 100 MB resident, 5 tensors\nClick to select the backend.',
  );
  const dead = describeKernel(
    { state: 'dead', deathReason: 'The kernel process was killed by SIGKILL (out of memory)' },
    'node',
  ).tooltip;
  assert.equal(
    dead,
    'Look Twice kernel: dead\nBackend setting: node\nStopped: The kernel process was killed by SIGKILL (out of memory). Click to restart.',
  );
});
