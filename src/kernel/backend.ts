/**
 * Starts the kernel's tfjs backend through the library's initBackend (tfjs-node, else wasm, else
 * cpu; LOOK_TWICE_BACKEND forces one). A backend that fails to start falls back to cpu so that the
 * kernel still runs cells, and the reason says what happened.
 */
import type { BackendInfo } from '../protocol/kernelMessages';
import { initBackend } from '../simclr/index';
import { tf } from '../simclr/tf';

export async function startBackend(): Promise<BackendInfo> {
  try {
    const info = await initBackend();
    return { name: info.tfBackend, reason: info.reason };
  } catch (error) {
    await tf.setBackend('cpu');
    await tf.ready();
    return { name: 'cpu', reason: `the requested backend failed (${error instanceof Error ? error.message : String(error)}); running on cpu` };
  }
}
