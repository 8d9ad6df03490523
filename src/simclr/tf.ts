/**
 * The one TensorFlow.js namespace the library, the kernel and notebook cells share.
 * Importing `@tensorflow/tfjs` registers the cpu backend; `initBackend` adds wasm or tfjs-node.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
