/**
 * Forking one kernel process: Node IPC with `serialization: 'advanced'` (typed arrays travel as
 * binary), the executable and environment VS Code or the CLI needs, pipes for what the process
 * writes outside the protocol, and the 'ready' handshake with a start timeout.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { KernelToHost } from '../protocol/kernelMessages';
import type { KernelProcessOptions, ReadyInfo } from './types';

export interface SpawnHandlers {
  /** Every message after 'ready'. */
  onMessage(message: KernelToHost): void;
  onOutput(stream: 'stdout' | 'stderr', text: string): void;
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
}

export interface SpawnedKernel {
  child: ChildProcess;
  /** Resolves on 'ready'; rejects if the process fails to start, exits first, or times out. */
  ready: Promise<ReadyInfo>;
}

export function spawnKernel(options: KernelProcessOptions, handlers: SpawnHandlers): SpawnedKernel {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.electronRunAsNode) env.ELECTRON_RUN_AS_NODE = '1';
  if (options.backend) env.LOOK_TWICE_BACKEND = options.backend;
  const started = performance.now();
  const child = fork(options.kernelPath, [], {
    cwd: options.cwd,
    env,
    execPath: options.execPath ?? process.execPath,
    execArgv: options.execArgv ?? [],
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let stderrTail = '';
  child.stdout?.on('data', (chunk: Buffer) => handlers.onOutput('stdout', chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
    handlers.onOutput('stderr', chunk.toString());
  });
  const limit = options.startTimeoutMs ?? 60_000;
  const ready = new Promise<ReadyInfo>((resolve, reject) => {
    let isReady = false;
    const timeout = setTimeout(() => {
      reject(new Error(`the kernel did not become ready within ${limit / 1000} s`));
      child.kill('SIGKILL');
    }, limit);
    child.on('message', (message: KernelToHost) => {
      if (message.type !== 'ready') {
        handlers.onMessage(message);
        return;
      }
      isReady = true;
      clearTimeout(timeout);
      resolve({
        pid: message.pid,
        backend: message.backend,
        nodeVersion: message.nodeVersion,
        startMs: performance.now() - started,
      });
    });
    child.on('error', (error) => {
      clearTimeout(timeout);
      reject(
        new Error(
          `could not start the kernel (${options.execPath ?? process.execPath} ${options.kernelPath}): ${error.message}`,
        ),
      );
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timeout);
      if (!isReady) {
        const how = code !== null ? `code ${code}` : `signal ${signal}`;
        reject(
          new Error(
            `the kernel exited before it was ready (${how}): ${stderrTail.trim().split('\n').slice(-5).join('\n')}`,
          ),
        );
      }
      handlers.onExit(code, signal);
    });
  });
  return { child, ready };
}
