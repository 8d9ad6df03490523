/**
 * Which tensors a cell created and left alive. tfjs has no list of live tensors, so the engine's
 * trackTensor/disposeTensor (every tensor of every backend passes through them) are wrapped once;
 * during a cell, created tensors go into a set and leave it when disposed. A training loop that
 * creates and disposes millions of tensors costs one Set add and delete each.
 */
import { tf } from '../../simclr/tf';

interface EngineHooks {
  trackTensor(tensor: tf.Tensor, backend: unknown): void;
  disposeTensor(tensor: tf.Tensor): void;
}

export class TensorTracker {
  private current: Set<tf.Tensor> | undefined;
  private installed = false;

  /** Starts collecting the tensors created from now on (the previous cell's set is dropped). */
  begin(): void {
    this.install();
    this.current = new Set();
  }

  /** Stops collecting; returns the tensors created since begin() that are still alive. */
  end(): tf.Tensor[] {
    const alive = [...(this.current ?? [])].filter((tensor) => !tensor.isDisposed);
    this.current = undefined;
    return alive;
  }

  private install(): void {
    if (this.installed) return;
    this.installed = true;
    const engine = tf.engine() as unknown as EngineHooks;
    const track = engine.trackTensor.bind(engine);
    const dispose = engine.disposeTensor.bind(engine);
    engine.trackTensor = (tensor, backend) => {
      track(tensor, backend);
      this.current?.add(tensor);
    };
    engine.disposeTensor = (tensor) => {
      dispose(tensor);
      this.current?.delete(tensor);
    };
  }
}
