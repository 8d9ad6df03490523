/**
 * One benchmark engine run on a TensorFlow.js backend, in its own process (so peak memory is this
 * engine's): the library's default SimCLR model (createSimclrModel) trained with ntXentLoss and
 * Adam on two views of real Fashion-MNIST images, then encoder inference. Prints progress lines
 * and finally "RESULT {json}" (engineRecord.ts).
 * usage: node --import tsx bench/tfjsEngine.ts --backend node|wasm|cpu [--batch 256] [--steps 5]
 *        [--warmup 1] [--infer-steps 5] [--stock-kernels] [--profile] [--no-bn] [--epoch-images N]
 *        [--matmul N (side of the attainable-peak matmul; 0 skips it)]
 * --no-bn: the model without batch norm; --epoch-images N: one epoch over the first N training images
 * (peak memory of a real epoch) instead of `steps` repeats of one batch.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import {
  tf,
  initBackend,
  createSimclrModel,
  ntXentLoss,
  loadFashionMnist,
  imageBatch,
  restoreStockKernels,
  registerTrainingKernels,
} from '../../src/simclr/index';
import type { BackendChoice } from '../../src/simclr/index';
import { median, type EngineRecord } from './engineRecord';
import { printProfile } from './profileStep';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    batch: { type: 'string', default: '256' },
    steps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    'infer-steps': { type: 'string', default: '5' },
    'stock-kernels': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'no-bn': { type: 'boolean', default: false },
    'epoch-images': { type: 'string', default: '0' },
    'epoch-steps': { type: 'string', default: '0' },
    matmul: { type: 'string', default: '2048' },
  },
});

const backend = args.backend as BackendChoice;
const batch = Number(args.batch),
  warmup = Number(args.warmup),
  inferSteps = Number(args['infer-steps']);
const epochImages = Number(args['epoch-images']);
/** --epoch-steps K (> 0) stops the epoch after K timed steps (all N images stay loaded). */
const epochSteps = Number(args['epoch-steps']);
const steps =
  epochImages > 0
    ? Math.min(Math.floor(epochImages / batch) - warmup, epochSteps > 0 ? epochSteps : Infinity)
    : Number(args.steps);
const log = (message: string) => console.log(`[tfjs-${backend}] ${message}`);

/**
 * Two cheap random views per image (flip with p=0.5, Gaussian noise), seeded per step; made
 * outside the timed region in every engine, so the step time is the optimisation step alone.
 * @param images [B, H, W, C] -> [2B, H, W, C]
 */
function twoViews(images: tf.Tensor4D, seed: number): tf.Tensor4D {
  return tf.tidy(() => {
    const view = (s: number) => {
      const flip = tf.cast(tf.less(tf.randomUniform([images.shape[0], 1, 1, 1], 0, 1, 'float32', s), 0.5), 'float32');
      const flipped = tf.add(tf.mul(flip, tf.reverse(images, 2)), tf.mul(tf.sub(1, flip), images));
      return tf.clipByValue(tf.add(flipped, tf.randomNormal(images.shape, 0, 0.05, 'float32', s + 1)), 0, 1);
    };
    return tf.concat([view(seed), view(seed + 2)], 0) as tf.Tensor4D;
  });
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * GFLOP/s of an n x n float32 matmul on the current backend (2 n^3 FLOPs; median of 3 after a
 * warm-up): the attainable peak the model's achieved GFLOP/s is compared with.
 */
function measureMatmulGflops(n: number): number {
  const a = tf.randomUniform([n, n], -1, 1, 'float32', 1),
    b = tf.randomUniform([n, n], -1, 1, 'float32', 2);
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const t0 = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
    if (i > 0) times.push(performance.now() - t0);
  }
  tf.dispose([a, b]);
  return (2 * n ** 3) / (median(times) / 1000) / 1e9;
}

const wasmHeapBytes = (): number | undefined =>
  (tf.backend() as unknown as { wasm?: { HEAPU8: Uint8Array } }).wasm?.HEAPU8.length;

async function main(): Promise<void> {
  const info = await initBackend({ backend });
  if (args['stock-kernels']) {
    restoreStockKernels();
    // wasm cannot differentiate a convolution without the filter-gradient kernel: the "before" column keeps only that.
    if (backend === 'wasm')
      registerTrainingKernels('wasm', {
        convFilter: true,
        convInput: false,
        batchNorm: false,
        sharedIdentity: false,
        leadingReduce: false,
        leanBackprop: false,
      });
  }
  log(`${info.reason}${args['stock-kernels'] ? ' [stock kernels]' : ''}`);
  const data = loadFashionMnist({ split: 'train', limit: Math.max(batch, 256, epochImages) });
  const images = imageBatch(
    data,
    Array.from({ length: batch }, (_, i) => i),
  );
  const inferImages = imageBatch(
    data,
    Array.from({ length: 256 }, (_, i) => i),
  );
  const model = createSimclrModel(args['no-bn'] ? { batchNorm: false } : {});
  const count = (m: tf.LayersModel) =>
    m.trainableWeights.reduce((s, w) => s + w.shape.reduce((a, b) => (a ?? 1) * (b ?? 1), 1)!, 0);
  const encoderParams = count(model.encoder),
    headParams = count(model.head);
  log(
    `data ${data.source ?? ''}; trainable params encoder ${encoderParams} head ${headParams}; batch ${batch} (${2 * batch} views)`,
  );
  const optimizer = tf.train.adam(1e-3);
  const step = (views: tf.Tensor4D): number => {
    const cost = optimizer.minimize(() => {
      const z = model.projectForTraining(views);
      const [z1, z2] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return ntXentLoss(z1, z2, 0.5);
    }, true);
    const loss = cost!.dataSync()[0];
    cost!.dispose();
    return loss;
  };

  const times: number[] = [],
    cpuTimes: number[] = [],
    losses: number[] = [];
  const tensorsAtStart = tf.memory().numTensors;
  for (let s = 0; s < warmup + steps; s++) {
    const epochBatch =
      epochImages > 0
        ? imageBatch(
            data,
            Array.from({ length: batch }, (_, i) => s * batch + i),
          )
        : undefined;
    const views = twoViews(epochBatch ?? images, 1000 + 7 * s);
    epochBatch?.dispose();
    const t0 = performance.now(),
      c0 = process.cpuUsage();
    losses.push(step(views));
    const ms = performance.now() - t0,
      cpu = process.cpuUsage(c0);
    views.dispose();
    if (s >= warmup) {
      times.push(ms);
      cpuTimes.push((cpu.user + cpu.system) / 1000);
    }
    const heap = wasmHeapBytes();
    if (epochImages === 0 || s % 25 === 0 || s === warmup + steps - 1)
      log(
        `step ${s}${s < warmup ? ' (warm-up)' : ''}: loss ${losses[s].toFixed(4)} ${ms.toFixed(0)} ms` +
          ` tensors ${tf.memory().numTensors - tensorsAtStart} rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB` +
          (heap ? ` wasm heap ${(heap / 2 ** 20).toFixed(0)} MiB` : ''),
      );
  }
  if (args.profile) {
    const views = twoViews(images, 99);
    await printProfile(() => step(views), log);
    views.dispose();
  }

  const inferTimes: number[] = [],
    inferCpuTimes: number[] = [];
  for (let s = 0; s < 1 + inferSteps; s++) {
    const t0 = performance.now(),
      c0 = process.cpuUsage();
    const h = model.embed(inferImages, 256);
    h.dataSync();
    h.dispose();
    const cpu = process.cpuUsage(c0);
    if (s >= 1) {
      inferTimes.push(performance.now() - t0);
      inferCpuTimes.push((cpu.user + cpu.system) / 1000);
    }
  }
  const matmulSize = Number(args.matmul);
  const matmulGflops = matmulSize > 0 ? measureMatmulGflops(matmulSize) : undefined;
  if (matmulGflops) log(`matmul ${matmulSize}x${matmulSize}: ${matmulGflops.toFixed(1)} GFLOP/s`);
  const trainStepMs = median(times),
    inferBatchMs = median(inferTimes);
  const record: EngineRecord = {
    engine: `tfjs-${backend}` as EngineRecord['engine'],
    batchSize: batch,
    trainImagesPerSec: batch / (trainStepMs / 1000),
    trainImagesPerCpuSec: batch / (median(cpuTimes) / 1000),
    inferImagesPerSec: 256 / (inferBatchMs / 1000),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    version: `tfjs ${tf.version.tfjs}${backend === 'node' ? ` + TF ${(tf.backend() as unknown as { binding?: { TF_Version?: string } }).binding?.TF_Version ?? '?'}` : ''}`,
    trainCpuUtilisation: sum(cpuTimes) / sum(times),
    inferCpuUtilisation: sum(inferCpuTimes) / sum(inferTimes),
    ...(matmulGflops ? { matmulGflops, matmulSize } : {}),
    trainStepMs,
    inferBatchMs,
    inferBatchSize: 256,
    trainSteps: times.length,
    threads: info.threads,
    encoderParams,
    headParams,
    firstLoss: losses[0],
    lastLoss: losses[losses.length - 1],
    notes: `${info.reason}; kernels: ${args['stock-kernels'] ? 'stock' : info.kernels.join(', ') || 'none'}`,
    wasmHeapBytes: wasmHeapBytes(),
    ...(args['stock-kernels'] ? { variant: 'stock kernels' } : {}),
  };
  log(`train ${record.trainImagesPerSec.toFixed(1)} img/s, infer ${record.inferImagesPerSec.toFixed(1)} img/s`);
  console.log(`RESULT ${JSON.stringify(record)}`);
}

main().then(
  // Threaded wasm keeps worker threads alive: leave explicitly once the result is out.
  () => process.exit(0),
  (error: unknown) => {
    console.error(
      `[tfjs-${backend}] FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exit(1);
  },
);
