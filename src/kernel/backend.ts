/**
 * Starts the kernel's tfjs backend through the library's initBackend (tfjs-node, else wasm, else
 * cpu; LOOK_TWICE_BACKEND forces one). A forced backend that fails to start falls back to the fastest
 * one that loads, as the library's own choice would, so the kernel still runs cells; the reason says so.
 */
import { initBackend, type BackendInfo } from '../simclr/index';
import { tf } from '../simclr/tf';

export async function startBackend(): Promise<BackendInfo> {
  try {
    const info = await initBackend();
    silenceFirstUseBanner();
    return info;
  } catch (error) {
    const info = await initBackend({ backend: 'auto' });
    silenceFirstUseBanner();
    return { ...info, reason: `the requested backend failed (${error instanceof Error ? error.message : String(error)}); ${info.reason}` };
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
