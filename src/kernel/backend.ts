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
    silenceFirstUseBanner();
    return { name: info.tfBackend, reason: info.reason };
  } catch (error) {
    await tf.setBackend('cpu');
    await tf.ready();
    silenceFirstUseBanner();
    return { name: 'cpu', reason: `the requested backend failed (${error instanceof Error ? error.message : String(error)}); running on cpu` };
  }
}

/**
 * tfjs-cpu prints an "install our node backend" banner into the first cell that makes a tensor;
 * 'ready' already says which backend runs and why, so the first write happens here, quietly.
 */
function silenceFirstUseBanner(): void {
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  tf.scalar(0).dispose();
  tf.env().set('PROD', prod);
}
