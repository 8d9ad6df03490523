/**
 * The kernel's five ZeroMQ sockets, bound to the connection file's IP and ports: shell, control
 * and stdin (ROUTER: requests in, replies back to the sender), iopub (PUB: outputs and status to
 * every client) and heartbeat (REP: echoes whatever it receives). zeromq 6 allows one send at a time
 * per socket, so each socket's sends are chained. Messages failing the signature check are dropped.
 */
import * as zmq from 'zeromq';
import { endpoint, type Channel, type ConnectionInfo } from './connectionFile';
import { decodeMessage, encodeMessage, type JupyterMessage, Signer } from './wireMessage';

export type RequestChannel = 'shell' | 'control' | 'stdin';

export class JupyterSockets {
  private readonly signer: Signer;
  private readonly routers: Record<RequestChannel, zmq.Router>;
  private readonly iopub = new zmq.Publisher();
  private readonly heartbeat = new zmq.Reply();
  private readonly sending = new Map<zmq.Socket, Promise<void>>();
  private closed = false;

  constructor(
    private readonly info: ConnectionInfo,
    private readonly log: (text: string) => void,
  ) {
    this.signer = new Signer(info.key, info.digest);
    this.routers = { shell: new zmq.Router(), control: new zmq.Router(), stdin: new zmq.Router() };
  }

  async bind(): Promise<void> {
    const sockets: [Channel, zmq.Socket][] = [
      ['shell', this.routers.shell],
      ['control', this.routers.control],
      ['stdin', this.routers.stdin],
      ['iopub', this.iopub],
      ['hb', this.heartbeat],
    ];
    for (const [channel, socket] of sockets) {
      socket.linger = 1000;
      try {
        await socket.bind(endpoint(this.info, channel));
      } catch (error) {
        throw new Error(
          `cannot bind the ${channel} channel to ${endpoint(this.info, channel)}: ${(error as Error).message}`,
        );
      }
    }
    void this.echoHeartbeats();
  }

  /** Calls `handle` for every correctly signed message on `channel`, in arrival order, without waiting for it. */
  listen(channel: RequestChannel, handle: (message: JupyterMessage) => void): void {
    void (async () => {
      try {
        for await (const frames of this.routers[channel]) {
          const decoded = decodeMessage(frames, this.signer);
          if (decoded.ok) handle(decoded.message);
          else this.log(`dropped a message on ${channel}: ${decoded.reason}\n`);
        }
      } catch (error) {
        if (!this.closed) this.log(`the ${channel} channel failed: ${(error as Error).message}\n`);
      }
    })();
  }

  send(channel: RequestChannel | 'iopub', message: JupyterMessage<unknown>): Promise<void> {
    const socket = channel === 'iopub' ? this.iopub : this.routers[channel];
    const frames = encodeMessage(message, this.signer);
    const previous = this.sending.get(socket) ?? Promise.resolve();
    const next = previous
      .then(() => (this.closed ? undefined : socket.send(frames)))
      .catch((error: unknown) => {
        if (!this.closed)
          this.log(`could not send ${message.header.msg_type} on ${channel}: ${(error as Error).message}\n`);
      });
    this.sending.set(socket, next);
    return next;
  }

  /** Waits for pending sends, then closes every socket (each lingers up to 1 s to deliver). */
  async close(): Promise<void> {
    await Promise.all(this.sending.values());
    this.closed = true;
    for (const socket of [...Object.values(this.routers), this.iopub, this.heartbeat]) socket.close();
  }

  private async echoHeartbeats(): Promise<void> {
    try {
      for await (const frames of this.heartbeat) await this.heartbeat.send(frames);
    } catch (error) {
      if (!this.closed) this.log(`the heartbeat channel failed: ${(error as Error).message}\n`);
    }
  }
}
