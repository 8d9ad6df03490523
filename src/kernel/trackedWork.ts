/**
 * Work a cell starts without necessarily awaiting it (`show.embeddings(...)` returns a promise): the
 * kernel waits for it before it reports the cell done, so outputs land in the right cell. When such
 * work fails and the cell never looked at its promise (no await, then or catch), the failure is the
 * cell's error: reported on the cell, not swallowed. A cell that awaited it saw the error itself
 * (and failed, or caught it on purpose), so it is not reported twice.
 */

/** A promise that notes when someone attaches a handler (then, catch, finally, or await). */
class ObservedPromise<T> extends Promise<T> {
  onObserved: (() => void) | undefined;

  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.onObserved?.();
    return super.then(onFulfilled, onRejected);
  }

  // Derived promises (from then/catch/finally) are plain promises.
  static override get [Symbol.species]() {
    return Promise;
  }
}

interface Entry {
  /** Resolves with the failure (undefined when the work succeeded). */
  failure: Promise<{ error: unknown } | undefined>;
  observed: boolean;
}

export class TrackedWork {
  private entries: Entry[] = [];

  /** Tracks `work`; returns the promise to hand to the cell. */
  track<T>(work: Promise<T>): Promise<T> {
    const entry: Entry = {
      failure: work.then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
      observed: false,
    };
    this.entries.push(entry);
    const visible = new ObservedPromise<T>((resolve, reject) => work.then(resolve, reject));
    // Unobserved failures are reported through settle(), not as unhandled rejections.
    void Promise.prototype.then.call(visible, undefined, () => undefined);
    visible.onObserved = () => (entry.observed = true);
    return visible;
  }

  /** Waits for all tracked work; the first failure the cell never observed, if any. Forgets the work. */
  async settle(): Promise<{ error: unknown } | undefined> {
    const entries = this.entries.splice(0);
    const failures = await Promise.all(entries.map((e) => e.failure));
    return failures.find((failure, i) => failure !== undefined && !entries[i].observed);
  }

  /** Forgets tracked work without waiting (the cell failed or was interrupted). */
  clear(): void {
    this.entries = [];
  }
}
