// The wire protocol's framing and HMAC signing, against signatures computed independently here
// (the spec's recipe: HMAC-SHA256 over header, parent_header, metadata, content), and hostile input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { decodeMessage, encodeMessage, newHeader, Signer, type JupyterMessage } from '../../src/jupyter/wireMessage';

const KEY = 'a0436f6c-1916-498b-8eb9-e81ab9368e84';
const signer = new Signer(KEY, 'sha256');

function message(): JupyterMessage<unknown> {
  return {
    identities: [Buffer.from('client-1')],
    header: newHeader('execute_request', 'session-1'),
    parent_header: {},
    metadata: {},
    content: { code: '1 + 1' },
    buffers: [],
  };
}

test('wire: a message round-trips; identities stay in front of the delimiter', () => {
  const frames = encodeMessage(message(), signer);
  assert.equal(frames[1].toString(), '<IDS|MSG>');
  const decoded = decodeMessage(frames, signer);
  assert.ok(decoded.ok);
  if (!decoded.ok) return;
  assert.deepEqual(decoded.message.identities.map(String), ['client-1']);
  assert.deepEqual(decoded.message.content, { code: '1 + 1' });
  assert.equal(decoded.message.header.version, '5.3');
});

test('wire: the signature is the hex HMAC-SHA256 of the four JSON frames', () => {
  const frames = encodeMessage(message(), signer);
  const hmac = createHmac('sha256', KEY);
  for (const frame of frames.slice(3, 7)) hmac.update(frame);
  assert.equal(frames[2].toString(), hmac.digest('hex'));
});

test('wire: an empty key means unsigned messages', () => {
  const unsigned = new Signer('', 'sha256');
  const frames = encodeMessage(message(), unsigned);
  assert.equal(frames[2].length, 0);
  assert.ok(decodeMessage(frames, unsigned).ok);
});

const tamper: [string, (frames: Buffer[]) => Buffer[], RegExp][] = [
  [
    'content changed after signing',
    (f) => [...f.slice(0, 6), Buffer.from('{"code":"process.exit()"}')],
    /bad signature/,
  ],
  ['signed with another key', () => encodeMessage(message(), new Signer('another key', 'sha256')), /bad signature/],
  ['signature dropped', (f) => [...f.slice(0, 2), Buffer.alloc(0), ...f.slice(3)], /bad signature/],
  [
    'signature of the right length, wrong digits',
    (f) => [...f.slice(0, 2), Buffer.from('0'.repeat(64)), ...f.slice(3)],
    /bad signature/,
  ],
  ['no delimiter', (f) => f.filter((frame) => frame.toString() !== '<IDS|MSG>'), /delimiter/],
  ['frames missing', (f) => f.slice(0, 5), /expected at least 5/],
];
for (const [name, change, reason] of tamper) {
  test(`wire: dropped when ${name}`, () => {
    const decoded = decodeMessage(change(encodeMessage(message(), signer)), signer);
    assert.equal(decoded.ok, false);
    if (!decoded.ok) assert.match(decoded.reason, reason);
  });
}

test('wire: correctly signed but malformed JSON or header is refused with a reason, not thrown', () => {
  const frames = (parts: string[]): Buffer[] => {
    const signed = parts.map((p) => Buffer.from(p));
    return [Buffer.from('<IDS|MSG>'), Buffer.from(signer.sign(signed)), ...signed];
  };
  const cases: [string[], RegExp][] = [
    [['{', '{}', '{}', '{}'], /invalid JSON/],
    [['{"msg_id":"1"}', '{}', '{}', '{}'], /msg_type/],
    [['{"msg_id":"1","msg_type":"x"}', '[]', '{}', '{}'], /must be objects/],
  ];
  for (const [parts, reason] of cases) {
    const decoded = decodeMessage(frames(parts), signer);
    assert.equal(decoded.ok, false);
    if (!decoded.ok) assert.match(decoded.reason, reason);
  }
});
