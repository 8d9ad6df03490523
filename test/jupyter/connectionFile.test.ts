// Connection files as Jupyter writes them, and hostile ones: every bad field named in the error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endpoint, parseConnectionInfo } from '../../src/jupyter/connectionFile';

const good = {
  shell_port: 5001,
  iopub_port: 5002,
  stdin_port: 5003,
  control_port: 5004,
  hb_port: 5005,
  ip: '127.0.0.1',
  key: 'k',
  transport: 'tcp',
  signature_scheme: 'hmac-sha256',
  kernel_name: 'look-twice',
};

test('connection file: a jupyter_client file parses; endpoints bind the given IP', () => {
  const info = parseConnectionInfo(good);
  assert.equal(info.digest, 'sha256');
  assert.equal(endpoint(info, 'shell'), 'tcp://127.0.0.1:5001');
  assert.equal(endpoint(info, 'hb'), 'tcp://127.0.0.1:5005');
  assert.equal(endpoint(parseConnectionInfo({ ...good, ip: '::1' }), 'iopub'), 'tcp://[::1]:5002');
  assert.equal(
    endpoint(parseConnectionInfo({ ...good, transport: 'ipc', ip: '/tmp/kernel-1' }), 'control'),
    'ipc:///tmp/kernel-1-5004',
  );
});

const hostile: [string, unknown, RegExp][] = [
  ['not an object', [1, 2], /not a JSON object/],
  ['unknown transport', { ...good, transport: 'udp' }, /transport/],
  ['port missing', { ...good, hb_port: undefined }, /hb_port/],
  ['port out of range', { ...good, shell_port: 70000 }, /shell_port/],
  ['port as text', { ...good, iopub_port: '5002' }, /iopub_port/],
  ['ip with a path', { ...good, ip: '1.2.3.4/0' }, /ip must be/],
  ['key not a string', { ...good, key: 42 }, /key must be a string/],
  ['unsupported scheme', { ...good, signature_scheme: 'hmac-md5' }, /signature_scheme/],
];
for (const [name, raw, message] of hostile) {
  test(`connection file: refused when ${name}`, () => assert.throws(() => parseConnectionInfo(raw), message));
}
