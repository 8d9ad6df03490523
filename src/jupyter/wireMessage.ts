/**
 * Jupyter messages on the wire (https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol):
 *   [routing identities..., '<IDS|MSG>', HMAC signature (hex), header, parent_header, metadata, content, buffers...]
 * The signature is the HMAC of the four JSON frames with the connection file's key; a message whose
 * signature does not match is dropped (a peer without the key cannot run code).
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export const PROTOCOL_VERSION = '5.3';
const DELIMITER = '<IDS|MSG>';

export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

export interface JupyterMessage<Content = Record<string, unknown>> {
  /** ROUTER identities of the sender (the reply goes back through them); the topic on IOPub. */
  identities: Buffer[];
  header: MessageHeader;
  /** The request's header in a reply or output; {} when there is none. */
  parent_header: MessageHeader | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Content;
  buffers: Buffer[];
}

export class Signer {
  constructor(
    private readonly key: string,
    private readonly digest: string,
  ) {}

  sign(frames: Buffer[]): string {
    if (this.key === '') return '';
    const hmac = createHmac(this.digest, this.key);
    for (const frame of frames) hmac.update(frame);
    return hmac.digest('hex');
  }

  verify(signature: Buffer, frames: Buffer[]): boolean {
    const expected = Buffer.from(this.sign(frames));
    return expected.length === signature.length && timingSafeEqual(expected, signature);
  }
}

export type Decoded = { ok: true; message: JupyterMessage } | { ok: false; reason: string };

/** Parses and checks one multipart message; never throws. */
export function decodeMessage(frames: Buffer[], signer: Signer): Decoded {
  const at = frames.findIndex((frame) => frame.length === DELIMITER.length && frame.toString() === DELIMITER);
  if (at < 0) return { ok: false, reason: 'no <IDS|MSG> delimiter' };
  if (frames.length < at + 6)
    return { ok: false, reason: `${frames.length - at - 1} frames after the delimiter, expected at least 5` };
  const [signature, ...signed] = frames.slice(at + 1, at + 6);
  if (!signer.verify(signature, signed)) return { ok: false, reason: 'bad signature' };
  try {
    const [header, parent, metadata, content] = signed.map((frame) => JSON.parse(frame.toString('utf8')) as unknown);
    if (!isObject(header) || typeof header.msg_type !== 'string' || typeof header.msg_id !== 'string')
      return { ok: false, reason: 'header without msg_type or msg_id' };
    if (!isObject(parent) || !isObject(metadata) || !isObject(content))
      return { ok: false, reason: 'parent_header, metadata and content must be objects' };
    return {
      ok: true,
      message: {
        identities: frames.slice(0, at),
        header: header as unknown as MessageHeader,
        parent_header: parent as JupyterMessage['parent_header'],
        metadata,
        content,
        buffers: frames.slice(at + 6),
      },
    };
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
  }
}

export function encodeMessage(message: JupyterMessage<unknown>, signer: Signer): Buffer[] {
  const signed = [message.header, message.parent_header, message.metadata, message.content].map((part) =>
    Buffer.from(JSON.stringify(part), 'utf8'),
  );
  return [
    ...message.identities,
    Buffer.from(DELIMITER),
    Buffer.from(signer.sign(signed)),
    ...signed,
    ...message.buffers,
  ];
}

export function newHeader(msgType: string, session: string): MessageHeader {
  return {
    msg_id: randomUUID(),
    session,
    username: 'look-twice',
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
