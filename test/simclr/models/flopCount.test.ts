import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { arithmeticIntensity, countModelFlops, simclrFlops } from '../../../src/simclr/models/flopCount';
import { createResnetEncoder } from '../../../src/simclr/models/resnetEncoder';
import { createProjectionHead } from '../../../src/simclr/models/projectionHead';
import { createSimclrModel, resolveSimclrModelConfig } from '../../../src/simclr/models/simclrModel';

/** 4x4x1 images, stem 8, one stage of width 8 with stride 2 (so a 1x1 projection shortcut). */
const tinyEncoder = () =>
  createResnetEncoder({ inputShape: [4, 4, 1], stemWidth: 8, widths: [8], strides: [2], blocksPerStage: 1 });

test('a tiny ResNet encoder, counted by hand layer by layer', () => {
  const encoder = tinyEncoder();
  const flops = countModelFlops(encoder);
  // stem: 4x4x8 = 128 outputs; block: 2x2x8 = 32 outputs per layer.
  const expected: [string, number][] = [
    ['InputLayer', 0],
    ['Conv2D', 2 * 9 * 1 * 128], // stem 3x3, 1 -> 8
    ['BatchNormalization', 4 * 128],
    ['ReLU', 128],
    ['Conv2D', 2 * 9 * 8 * 32], // block conv a, 3x3 stride 2
    ['BatchNormalization', 4 * 32],
    ['ReLU', 32],
    ['Conv2D', 2 * 9 * 8 * 32], // block conv b, 3x3
    ['Conv2D', 2 * 1 * 8 * 32], // shortcut 1x1 stride 2
    ['BatchNormalization', 4 * 32],
    ['BatchNormalization', 4 * 32],
    ['Add', 32],
    ['ReLU', 32],
    ['GlobalAveragePooling2D', 32],
  ];
  const sorted = (rows: [string, number][]) => [...rows].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
  assert.deepEqual(sorted(flops.layers.map((l) => [l.kind, l.forward])), sorted(expected));
  assert.equal(flops.forward, 13184);
  // Backward is twice the forward, except the stem conv's input gradient (images need none).
  assert.equal(flops.training, 13184 + 2 * 13184 - 2304);
  assert.equal(flops.layers.filter((l) => l.first).length, 1);
  assert.equal(flops.layers.find((l) => l.first)?.forward, 2304);
  assert.deepEqual(flops.layers.find((l) => l.first)?.outputShape, [4, 4, 8]);
  encoder.dispose();
});

test('a head counts dense products, biases and ReLUs, and its input gradient', () => {
  const head = createProjectionHead({ inputDim: 8, widths: [4, 2] });
  const flops = countModelFlops(head, true);
  assert.equal(flops.forward, 2 * 8 * 4 + 4 + 4 + (2 * 4 * 2 + 2));
  assert.equal(flops.training, 3 * flops.forward);
  head.dispose();
});

test('simclrFlops: two views per training image; inference folds batch norm into a bias', () => {
  const model = { encoder: tinyEncoder(), head: createProjectionHead({ inputDim: 8, widths: [4, 2] }) };
  const f = simclrFlops(model);
  assert.equal(f.trainingPerImage, 2 * (f.encoder.training + f.head.training));
  const bnElements = 128 + 32 + 32 + 32;
  assert.equal(f.inferencePerImage, 13184 - 4 * bnElements + bnElements);
  model.encoder.dispose();
  model.head.dispose();
});

test('arithmetic intensity: FLOPs over the bytes of inputs, outputs and weights', () => {
  const layer = {
    name: 'c',
    kind: 'Conv2D',
    forward: 1000,
    multiplyAdd: 1000,
    outputShape: [15],
    inputElements: 10,
    outputElements: 15,
    weightElements: 100,
    first: false,
  };
  assert.equal(arithmeticIntensity(layer, 1), 1000 / (4 * 125));
  assert.equal(arithmeticIntensity(layer, 4), 4000 / (4 * (100 + 100)));
});

test('a layer it cannot count is an error, not zero', () => {
  const input = tf.input({ shape: [4, 4, 1] });
  const pooled = tf.layers.maxPooling2d({ poolSize: 2 }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: pooled });
  assert.throws(() => countModelFlops(model), /no FLOP count for layer class 'MaxPooling2D'/);
});

const torchPython = '/usr/bin/python3';
const torchAvailable = spawnSync(torchPython, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

test(
  "the default model's multiply-adds equal a count from PyTorch's module shapes (the bench's mirror)",
  { skip: torchAvailable ? false : `${torchPython} cannot import torch` },
  () => {
    const config = resolveSimclrModelConfig();
    // Forward hooks on the PyTorch mirror: 2 * k*k*Cin*Cout*Hout*Wout per conv, 2 * in * out per linear.
    const script = `
import json, sys, torch
sys.path.insert(0, ${JSON.stringify(join(__dirname, '../../bench'))})
from pytorch_model import Encoder, make_head
cfg = json.loads(sys.stdin.read())
enc = Encoder(cfg['encoder']); head = make_head(cfg['encoder']['widths'][-1], cfg['headWidths'])
total = [0]
def hook(m, inp, out):
    if isinstance(m, torch.nn.Conv2d):
        k = m.kernel_size[0] * m.kernel_size[1]
        total[0] += 2 * k * m.in_channels // m.groups * out[0].numel()
    elif isinstance(m, torch.nn.Linear):
        total[0] += 2 * m.in_features * m.out_features
for m in list(enc.modules()) + list(head.modules()):
    m.register_forward_hook(hook)
h, w, c = cfg['encoder']['inputShape']
with torch.no_grad():
    head(enc(torch.zeros(1, c, h, w)))
print(total[0])
`;
    const run = spawnSync(torchPython, ['-c', script], { input: JSON.stringify(config), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const model = createSimclrModel();
    const f = simclrFlops(model);
    const ours = [...f.encoder.layers, ...f.head.layers].reduce((s, l) => s + l.multiplyAdd, 0);
    assert.equal(ours, Number(run.stdout.trim()));
    model.dispose();
  },
);
