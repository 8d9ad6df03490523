/**
 * Entry of the kernel process (dist/kernel.js; forked by src/host with IPC and
 * `serialization: 'advanced'`). Captures stdout/stderr, starts the tfjs backend, says 'ready',
 * then serves the host's messages. The notebook's folder is the working directory.
 */
import type { HostToKernel, KernelToHost } from '../protocol/kernelMessages';
import * as library from '../simclr/index';
import { Kernel } from './kernel';
import { captureStandardStreams } from './outputSink';
import { filterProcessWarnings } from './processWarnings';
import { startBackend } from './backend';
import { warmUpTransform } from './transform/compileCell';

const sendRaw = process.send?.bind(process);
if (!sendRaw) {
  console.error('look-twice kernel: must be started by a host with an IPC channel (child_process.fork)');
  process.exit(2);
}
const send = (message: KernelToHost): void => {
  if (process.connected) sendRaw(message);
};

const kernel = new Kernel(send, process.cwd(), { ...library });
captureStandardStreams(kernel.sink);
// Deprecations raised inside libraries (tfjs-node's util.isArray) are not the user's to fix: dropped.
filterProcessWarnings(
  (frame) => kernel.isUserFrame(frame),
  (text) => process.stderr.write(text),
);
process.on('uncaughtException', (error) => kernel.reportStray(error));
process.on('unhandledRejection', (reason) => kernel.reportStray(reason));
// The host went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));
// Ctrl-C in a terminal signals the whole process group: the host turns it into an interrupt message.
process.on('SIGINT', () => undefined);

const pending: HostToKernel[] = [];
let started = false;
process.on('message', (message: HostToKernel) => {
  if (started) kernel.handle(message);
  else pending.push(message);
});

// esbuild's first transform starts its service (~60-100 ms): done while the backend loads, and
// before 'ready', so that the first cell is as fast as the others.
const transformWarm = new Promise<void>((resolve) => setImmediate(() => resolve(warmUpTransform())));
void Promise.all([startBackend(), transformWarm]).then(([backend]) => {
  send({ type: 'ready', pid: process.pid, backend, nodeVersion: process.version });
  started = true;
  for (const message of pending.splice(0)) kernel.handle(message);
  setInterval(() => kernel.sendStatus(), 2000).unref();
});
