/**
 * Loading the native backend (`@tensorflow/tfjs-node`, TensorFlow's C library through N-API).
 * Any failure is caught and reported: a missing optional dependency throws MODULE_NOT_FOUND, an
 * install without its addon throws a plain Error, an addon built for another ABI throws on load.
 */

export type NativeLoad = { ok: true; detail: string } | { ok: false; reason: string };

export function loadNativeBackend(): NativeLoad {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    return { ok: true, detail: '@tensorflow/tfjs-node from node_modules' };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { ok: false, reason: `tfjs-node did not load: ${message}` };
  }
}
