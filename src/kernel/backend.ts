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
    return {
      ...info,
      reason: `the requested backend failed (${error instanceof Error ? error.message : String(error)}); ${info.reason}`,
    };
  }
}

/**
 * tfjs-cpu prints a "Hi, looks like you are running TensorFlow.js in Node.js" banner on its first tensor
 * write, into whichever cell makes it: at start, or later in a cell that switches to cpu. 'ready' already
 * says which backend runs and why, so the first write happens here, quietly, and the cpu backend (made
 * now if it is not the one running) is told it has been used.
 */
function silenceFirstUseBanner(): void {
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  tf.scalar(0).dispose();
  tf.env().set('PROD', prod);
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null;
  if (cpu && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}
