/**
 * A memory-lean replacement for tfjs-core 4.22's engine.gradients (tape.ts backpropagateGradients),
 * with the same arithmetic in the same order. The stock backward pass keeps every intermediate
 * gradient and every tensor saved for the backward pass alive until the whole pass ends, so its
 * peak holds the forward activations plus all their gradients; that is what made batch >= 192
 * overflow the 4 GiB wasm32 heap ("memory access out of bounds"). Here, once a tape node is
 * processed, the gradients of its outputs and its saved tensors are released (they have no other
 * reader: nodes are processed in reverse order, so every consumer of an output came earlier).
 * Higher-order gradients (a gradient computed inside another) use the stock path unchanged.
 */
import { tf } from '../../tf';

interface TapeNode {
  id: number;
  kernelName: string;
  outputs: tf.Tensor[];
  inputs: Record<string, tf.Tensor>;
  gradient?: (dys: Array<tf.Tensor | null>) => Record<string, () => tf.Tensor>;
  saved?: tf.Tensor[];
}

type GradientsFn = (
  f: () => tf.Tensor,
  xs: tf.Tensor[],
  dy?: tf.Tensor,
  allowNoGradients?: boolean,
) => { value: tf.Tensor; grads: tf.Tensor[] };

/** The engine members used here (all public in tfjs-core's JavaScript, not in its typings). */
interface EngineInternals {
  state: { activeTape: TapeNode[] | null; gradientDepth: number };
  scopedRun<T>(start: () => void, end: () => void, f: () => T): T;
  startTape(): void;
  endTape(): void;
  tidy<T extends tf.TensorContainer>(nameOrFn: string | (() => T), fn?: () => T): T;
  gradients: GradientsFn;
}

/** tape.ts getFilteredNodesXToY: nodes on a path from some x to y, inputs pruned to those from x. */
function filterTape(tape: TapeNode[], xs: tf.Tensor[], y: tf.Tensor): TapeNode[] {
  const fromX = new Set<number>(xs.map((x) => x.id));
  const nodesFromX = new Set<number>();
  for (const node of tape) {
    if (Object.values(node.inputs).some((input) => fromX.has(input.id))) {
      node.outputs.forEach((o) => fromX.add(o.id));
      nodesFromX.add(node.id);
    }
  }
  const toY = new Set<number>([y.id]);
  const nodesToY = new Set<number>();
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.outputs.some((o) => toY.has(o.id))) {
      Object.values(node.inputs).forEach((input) => toY.add(input.id));
      nodesToY.add(node.id);
    }
  }
  return tape
    .filter((node) => nodesFromX.has(node.id) && nodesToY.has(node.id))
    .map((node) => ({
      ...node,
      inputs: Object.fromEntries(Object.entries(node.inputs).filter(([, t]) => fromX.has(t.id))),
    }));
}

/** Multiset of tensors held in the gradient map (one tensor object may be the gradient of several ids). */
class Holders {
  private readonly counts = new Map<tf.Tensor, number>();
  add(t: tf.Tensor): void {
    this.counts.set(t, (this.counts.get(t) ?? 0) + 1);
  }
  remove(t: tf.Tensor): void {
    this.counts.set(t, (this.counts.get(t) ?? 1) - 1);
  }
  holds(t: tf.Tensor): boolean {
    return (this.counts.get(t) ?? 0) > 0;
  }
}

function backprop(
  tape: TapeNode[],
  grads: Map<number, tf.Tensor>,
  keepIds: Set<number>,
  userDy: tf.Tensor | undefined,
  tidy: (f: () => tf.Tensor) => tf.Tensor,
): void {
  const held = new Holders();
  grads.forEach((g) => held.add(g));
  const savedUses = new Map<tf.Tensor, number>();
  for (const node of tape) for (const t of node.saved ?? []) savedUses.set(t, (savedUses.get(t) ?? 0) + 1);
  // Disposes t unless something still reads it: the gradient map, a saved slot, or the caller (dy).
  const release = (t: tf.Tensor) => {
    if (t !== userDy && !held.holds(t) && !((savedUses.get(t) ?? 0) > 0)) t.dispose();
  };
  for (let i = tape.length - 1; i >= 0; i--) {
    const node = tape[i];
    if (node.gradient == null)
      throw new Error(`Cannot compute gradient: gradient function not found for ${node.kernelName}.`);
    const dys = node.outputs.map((o) => grads.get(o.id) ?? null);
    const inputGradients = node.gradient(dys);
    for (const [inputName, x] of Object.entries(node.inputs)) {
      if (!(inputName in inputGradients)) {
        throw new Error(
          `Cannot backprop through input ${inputName}. Available gradients found: ${Object.keys(inputGradients)}.`,
        );
      }
      const dx = tidy(() => inputGradients[inputName]());
      if (dx.dtype !== 'float32') {
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input ${inputName} must have 'float32' dtype, but has '${dx.dtype}'`,
        );
      }
      if (!tf.util.arraysEqual(dx.shape, x.shape)) {
        throw new Error(
          `Error in gradient for op ${node.kernelName}. The gradient of input '${inputName}' has shape '${dx.shape}', which does not match the shape of the input '${x.shape}'`,
        );
      }
      const current = grads.get(x.id);
      if (current == null) {
        grads.set(x.id, dx);
        held.add(dx);
      } else {
        const sum = tf.add(current, dx);
        grads.set(x.id, sum);
        held.add(sum);
        held.remove(current);
        release(current);
        if (!dys.includes(dx)) release(dx);
      }
    }
    // This node was the last reader of its outputs' gradients and of its saved tensors.
    for (const o of node.outputs) {
      const g = grads.get(o.id);
      if (g == null || keepIds.has(o.id)) continue;
      grads.delete(o.id);
      held.remove(g);
      release(g);
    }
    for (const t of node.saved ?? []) {
      savedUses.set(t, (savedUses.get(t) ?? 1) - 1);
      release(t);
    }
  }
}

let stockGradients: GradientsFn | undefined;

/** Replaces engine.gradients with the lean version (idempotent). Returns false if tfjs's engine looks different. */
export function installLeanBackprop(): boolean {
  const engine = tf.engine() as unknown as EngineInternals;
  if (stockGradients) return true;
  if (
    typeof engine.startTape !== 'function' ||
    typeof engine.scopedRun !== 'function' ||
    !engine.state ||
    typeof engine.state.gradientDepth !== 'number'
  )
    return false;
  const stock = engine.gradients;
  stockGradients = stock;
  engine.gradients = function leanGradients(this: EngineInternals, f, xs, dy, allowNoGradients = false) {
    if (this.state.gradientDepth > 0) return stock.call(this, f, xs, dy, allowNoGradients);
    tf.util.assert(xs.length > 0, () => 'gradients() received an empty list of xs.');
    if (dy != null && dy.dtype !== 'float32') throw new Error(`dy must have 'float32' dtype, but has '${dy.dtype}'`);
    const y = this.scopedRun(
      () => this.startTape(),
      () => this.endTape(),
      () => this.tidy('forward', f),
    );
    tf.util.assert(y instanceof tf.Tensor, () => 'The result y returned by f() must be a tensor.');
    const tape = filterTape(this.state.activeTape ?? [], xs, y);
    if (!allowNoGradients && tape.length === 0 && xs.length > 0) {
      throw new Error(
        'Cannot compute gradient of y=f(x) with respect to x. Make sure that the f you passed encloses all operations that lead from x to y.',
      );
    }
    return this.tidy('backward', () => {
      const grads = new Map<number, tf.Tensor>([[y.id, dy ?? tf.ones(y.shape)]]);
      backprop(tape, grads, new Set([y.id, ...xs.map((x) => x.id)]), dy, (fn) => this.tidy(fn));
      const result = xs.map((x) => grads.get(x.id)) as tf.Tensor[];
      this.state.activeTape?.forEach((node) => node.saved?.forEach((t) => t.dispose()));
      this.state.activeTape = null;
      return { value: y, grads: result };
    });
  };
  return true;
}

/** Puts tfjs's own engine.gradients back. */
export function uninstallLeanBackprop(): void {
  if (!stockGradients) return;
  (tf.engine() as unknown as EngineInternals).gradients = stockGradients;
  stockGradients = undefined;
}
