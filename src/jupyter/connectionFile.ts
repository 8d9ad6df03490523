/**
 * The connection file a Jupyter client writes before starting a kernel
 * (https://jupyter-client.readthedocs.io/en/latest/kernels.html#connection-files): transport, the IP
 * to bind, five ports and the HMAC key. Untrusted input: every field is checked, with a clear error.
 */
import { readFileSync } from 'node:fs';

export const CHANNELS = ['shell', 'control', 'stdin', 'iopub', 'hb'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ConnectionInfo {
  transport: 'tcp' | 'ipc';
  ip: string;
  ports: Record<Channel, number>;
  /** Empty: messages are not signed (the spec allows it; clients then send an empty signature). */
  key: string;
  /** Node's name of the HMAC digest, from `hmac-sha256` and the like. */
  digest: string;
}

export class ConnectionFileError extends Error {}

export function readConnectionFile(file: string): ConnectionInfo {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new ConnectionFileError(`cannot read the connection file ${file}: ${(error as Error).message}`);
  }
  return parseConnectionInfo(raw);
}

export function parseConnectionInfo(raw: unknown): ConnectionInfo {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConnectionFileError('the connection file is not a JSON object');
  const fields = raw as Record<string, unknown>;
  const transport = fields.transport ?? 'tcp';
  if (transport !== 'tcp' && transport !== 'ipc')
    throw new ConnectionFileError(`transport must be "tcp" or "ipc", got ${JSON.stringify(transport)}`);
  const ip = fields.ip ?? '127.0.0.1';
  if (typeof ip !== 'string' || ip.length === 0 || (transport === 'tcp' ? /[\s/]/ : /\s/).test(ip))
    throw new ConnectionFileError(`ip must be an address, got ${JSON.stringify(ip)}`);
  const ports = {} as Record<Channel, number>;
  for (const channel of CHANNELS) {
    const port = fields[`${channel}_port`];
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
      throw new ConnectionFileError(`${channel}_port must be a port number (1-65535), got ${JSON.stringify(port)}`);
    ports[channel] = port;
  }
  const key = fields.key ?? '';
  if (typeof key !== 'string') throw new ConnectionFileError('key must be a string');
  const scheme = fields.signature_scheme ?? 'hmac-sha256';
  const digest = typeof scheme === 'string' ? /^hmac-(sha(?:224|256|384|512))$/.exec(scheme)?.[1] : undefined;
  if (!digest)
    throw new ConnectionFileError(
      `signature_scheme must be hmac-sha256 (or hmac-sha224/384/512), got ${JSON.stringify(scheme)}`,
    );
  return { transport, ip, ports, key, digest };
}

/** The ZeroMQ endpoint of one channel: tcp://IP:PORT, or ipc://IP-PORT as jupyter_client names them. */
export function endpoint(info: ConnectionInfo, channel: Channel): string {
  return info.transport === 'tcp'
    ? `tcp://${info.ip.includes(':') ? `[${info.ip}]` : info.ip}:${info.ports[channel]}`
    : `ipc://${info.ip}-${info.ports[channel]}`;
}
