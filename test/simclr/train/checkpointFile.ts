// Checkpoint files taken apart and put back together, for corruption tests and the fuzz suite:
// the header as an object, the tensor data, and a fresh (or deliberately stale) checksum.
import { createHash } from 'node:crypto';

export interface CheckpointParts {
  magic: Buffer;
  header: Record<string, unknown>;
  data: Buffer;
  checksum: Buffer;
}

export function splitCheckpoint(bytes: Buffer): CheckpointParts {
  const headerLength = bytes.readUInt32LE(8);
  return {
    magic: bytes.subarray(0, 8),
    header: JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Record<string, unknown>,
    data: bytes.subarray(12 + headerLength, bytes.length - 32),
    checksum: bytes.subarray(bytes.length - 32),
  };
}

/** Reassembles a version 2 file; `checksum: 'fresh'` recomputes it, so only the header validation can object. */
export function joinCheckpoint(
  parts: CheckpointParts,
  checksum: 'fresh' | 'kept' = 'fresh',
  headerText = JSON.stringify(parts.header),
): Buffer {
  let header = Buffer.from(headerText, 'utf8');
  if (header.length % 4 !== 0) header = Buffer.concat([header, Buffer.alloc(4 - (header.length % 4), 0x20)]);
  const prefix = Buffer.alloc(12);
  parts.magic.copy(prefix, 0);
  prefix.writeUInt32LE(header.length, 8);
  const body = Buffer.concat([prefix, header, parts.data]);
  return Buffer.concat([body, checksum === 'fresh' ? createHash('sha256').update(body).digest() : parts.checksum]);
}

/** The same checkpoint as a version 1 file (no checksum), as older versions wrote it. */
export function asVersion1(bytes: Buffer): Buffer {
  const parts = splitCheckpoint(bytes);
  const v1 = joinCheckpoint({ ...parts, magic: Buffer.from('LTCKPT01'), header: { ...parts.header, version: 1 } });
  return v1.subarray(0, v1.length - 32);
}
