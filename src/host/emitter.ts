/**
 * A small typed event emitter (no vscode, no `any`): listeners per event name, `on` returns a
 * disposable as VS Code APIs expect.
 */

export interface Disposable {
  dispose(): void;
}

export class TypedEmitter<Events extends { [K in keyof Events]: unknown }> {
  private readonly listeners = new Map<keyof Events, Set<(value: never) => void>>();

  on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): Disposable {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (value: never) => void);
    return { dispose: () => set.delete(listener as (value: never) => void) };
  }

  /** Resolves with the next value of `event`. */
  once<K extends keyof Events>(event: K): Promise<Events[K]> {
    return new Promise((resolve) => {
      const subscription = this.on(event, (value) => {
        subscription.dispose();
        resolve(value);
      });
    });
  }

  protected emit<K extends keyof Events>(event: K, value: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (value: Events[K]) => void)(value);
  }
}
