/**
 * Inference for a tfjs LayersModel that walks its graph node by node, as LayersModel.predict does,
 * but runs every conv2d -> batch norm -> ReLU chain as one fused convolution with the batch norm
 * folded into the conv's weights (foldedConv.ts). A chain is fused only where nothing else reads
 * the conv's or the batch norm's output. Every other node runs through its layer's own `apply`
 * with training false, so any model (unknown layers, shared layers, nested models) gives
 * predict's results. Masks are not propagated (image models have none).
 */
import { tf } from '../tf';
import { FoldedConv, isFoldableBatchNorm, isFoldableConv, isPlainRelu } from './foldedConv';

type Layer = tf.layers.Layer;
type GraphNode = Layer['inboundNodes'][number];

/** One step of the plan: a fused chain, or a node run by its layer. Ids are SymbolicTensor ids. */
type Step =
  | { kind: 'folded'; conv: FoldedConv; inputs: number[]; outputs: number[] }
  | { kind: 'layer'; layer: Layer; inputs: number[]; outputs: number[] };

/** The node that produced `t` (each call of a layer is one node). */
function producer(t: tf.SymbolicTensor): GraphNode {
  return t.sourceLayer.inboundNodes[t.nodeIndex];
}

/** The model's nodes (input layers excluded) in an order where every node follows its inputs' producers. */
function topologicalNodes(model: tf.LayersModel): GraphNode[] {
  const fed = new Set(model.inputs.map((t) => t.id));
  const done = new Set<GraphNode>();
  const order: GraphNode[] = [];
  // Iterative post-order DFS: deep ResNets would overflow a recursive one.
  const stack: { node: GraphNode; expanded: boolean }[] = model.outputs
    .filter((t) => !fed.has(t.id))
    .map((t) => ({ node: producer(t), expanded: false }));
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (done.has(top.node)) {
      stack.pop();
      continue;
    }
    if (top.expanded) {
      stack.pop();
      done.add(top.node);
      order.push(top.node);
      continue;
    }
    top.expanded = true;
    for (const input of top.node.inputTensors) {
      if (fed.has(input.id)) continue;
      const node = producer(input);
      if (node.outboundLayer.getClassName() === 'InputLayer')
        throw new Error(`foldedInference: ${input.name} comes from an input the model does not take`);
      if (!done.has(node)) stack.push({ node, expanded: false });
    }
  }
  return order;
}

/** Builds the plan: nodes in order, each maximal foldable chain replaced by one folded step. */
function plan(model: tf.LayersModel): Step[] {
  const nodes = topologicalNodes(model);
  const consumers = new Map<number, GraphNode[]>();
  for (const node of nodes)
    for (const t of node.inputTensors) consumers.set(t.id, [...(consumers.get(t.id) ?? []), node]);
  const outputs = new Set(model.outputs.map((t) => t.id));
  /** The node reading `node`'s single output if it is the only reader, else null. */
  const soleReader = (node: GraphNode): GraphNode | null => {
    if (node.outputTensors.length !== 1) return null;
    const id = node.outputTensors[0].id;
    const readers = consumers.get(id) ?? [];
    return readers.length === 1 && !outputs.has(id) && readers[0].inputTensors.length === 1 ? readers[0] : null;
  };
  const absorbed = new Set<GraphNode>();
  const steps: Step[] = [];
  const ids = (ts: tf.SymbolicTensor[]) => ts.map((t) => t.id);
  for (const node of nodes) {
    if (absorbed.has(node)) continue;
    const layer = node.outboundLayer;
    if (node.inputTensors.length === 1 && isFoldableConv(layer)) {
      const chain: GraphNode[] = [];
      let batchNorm: Layer | null = null,
        relu = false;
      const afterConv = soleReader(node);
      if (afterConv && isFoldableBatchNorm(afterConv.outboundLayer)) {
        batchNorm = afterConv.outboundLayer;
        chain.push(afterConv);
      }
      const afterNorm = soleReader(chain.at(-1) ?? node);
      if (afterNorm && isPlainRelu(afterNorm.outboundLayer)) {
        relu = true;
        chain.push(afterNorm);
      }
      if (chain.length > 0) {
        chain.forEach((n) => absorbed.add(n));
        steps.push({
          kind: 'folded',
          conv: new FoldedConv({ conv: layer, batchNorm, relu }),
          inputs: ids(node.inputTensors),
          outputs: ids(chain.at(-1)!.outputTensors),
        });
        continue;
      }
    }
    steps.push({ kind: 'layer', layer, inputs: ids(node.inputTensors), outputs: ids(node.outputTensors) });
  }
  return steps;
}

export class FoldedInference {
  private readonly steps: Step[];
  /** For each tensor id, the index of the last step that reads it (intermediates are freed after it). */
  private readonly lastUse = new Map<number, number>();

  constructor(readonly model: tf.LayersModel) {
    this.steps = plan(model);
    this.steps.forEach((step, i) => step.inputs.forEach((id) => this.lastUse.set(id, i)));
  }

  /** How many conv chains run as folded convolutions. */
  get foldedChains(): number {
    return this.steps.filter((s) => s.kind === 'folded').length;
  }

  /**
   * The model's outputs in inference mode, computed `batchSize` rows at a time (as predict does).
   * @param inputs one tensor per model input, [B, ...] each
   * @returns one tensor per model output, [B, ...] each
   */
  predict(inputs: tf.Tensor | tf.Tensor[], batchSize = 32): tf.Tensor[] {
    const xs = Array.isArray(inputs) ? inputs : [inputs];
    if (xs.length !== this.model.inputs.length)
      throw new Error(`FoldedInference: the model takes ${this.model.inputs.length} inputs, got ${xs.length}`);
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError(`FoldedInference: batchSize must be a positive integer, got ${batchSize}`);
    const n = xs[0].shape[0];
    if (xs.some((x) => x.shape[0] !== n)) throw new Error('FoldedInference: inputs differ in batch size');
    if (n <= batchSize) return tf.tidy(() => this.run(xs));
    const parts: tf.Tensor[][] = [];
    try {
      for (let start = 0; start < n; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        parts.push(tf.tidy(() => this.run(xs.map((x) => x.slice(start, size)))));
      }
      return tf.tidy(() =>
        this.model.outputs.map((_, k) =>
          tf.concat(
            parts.map((p) => p[k]),
            0,
          ),
        ),
      );
    } finally {
      tf.dispose(parts.flat());
    }
  }

  /** Frees the folded weights (not the model). */
  dispose(): void {
    for (const step of this.steps) if (step.kind === 'folded') step.conv.dispose();
  }

  /** One pass over the plan; frees each intermediate after its last reader. */
  private run(xs: tf.Tensor[]): tf.Tensor[] {
    const values = new Map<number, tf.Tensor>();
    this.model.inputs.forEach((t, i) => values.set(t.id, xs[i]));
    const keep = new Set([...this.model.inputs, ...this.model.outputs].map((t) => t.id));
    this.steps.forEach((step, i) => {
      const args = step.inputs.map((id) => values.get(id)!);
      const out =
        step.kind === 'folded'
          ? [step.conv.apply(args[0] as tf.Tensor4D)]
          : [
              step.layer.apply(args.length === 1 ? args[0] : args, { training: false }) as tf.Tensor | tf.Tensor[],
            ].flat();
      step.outputs.forEach((id, k) => values.set(id, out[k]));
      for (const id of new Set(step.inputs)) {
        if (this.lastUse.get(id) === i && !keep.has(id)) values.get(id)!.dispose();
      }
    });
    // An output that is an input is returned as a copy: the caller owns what predict returns.
    return this.model.outputs.map((t) =>
      xs.includes(values.get(t.id)!) ? values.get(t.id)!.clone() : values.get(t.id)!,
    );
  }
}
