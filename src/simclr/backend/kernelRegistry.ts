/**
 * The one registry of the project's kernels: which kernel is installed on which tfjs backend
 * (defaultTrainingKernels), and putting the stock ones back (the benchmark's "before" column and the
 * tests' references need the stock behaviour).
 *   wasm:       gradients/ conv kernels (Conv2DBackpropFilter is missing upstream, Conv2DBackpropInput a
 *               slow loop) and every wasm/ kernel (SIMD convolutions, ReLU gradient, batch-norm pass,
 *               leading-axes reductions, shared-buffer Identity)
 *   tensorflow: native/ TensorFlow's fused ReluGrad and FusedBatchNormV3 / FusedBatchNormGradV3 for
 *               batch norm's training pass (LOOK_TWICE_NATIVE_FUSED=0 leaves them out)
 *   cpu:        Conv2DBackpropFilter (stock is a scalar loop, ~45x slower on this model)
 *   all:        the broadcasting FusedBatchNorm gradient and the lean backward pass (global in tfjs)
 */
import { tf } from '../tf';
import { registerBatchNormGradient, restoreStockBatchNormGradient } from './gradients/batchNormGradient';
import { conv2dBackpropFilterKernel } from './gradients/conv2dBackpropFilter';
import { conv2dBackpropInputKernel } from './gradients/conv2dBackpropInput';
import { installLeanBackprop, uninstallLeanBackprop } from './gradients/leanBackprop';
import { leadingMeanKernel, leadingSumKernel } from './wasm/leadingAxesReduce';
import { sharedIdentityKernel } from './wasm/sharedIdentity';
import { simdConv2dKernel, simdFusedConv2dKernel } from './wasm/simdConv2d';
import { simdReluGradKernel } from './wasm/simdReluGrad';
import { nativeReluGradKernel } from './native/nativeKernels';
import { registerReluGradient } from './gradients/reluGradient';
import { batchNormTrainingKernels } from './wasm/batchNormTraining';
import { nativeBatchNormKernels } from './native/nativeBatchNorm';

export interface TrainingKernelOptions {
  /** Conv2DBackpropFilter as one forward conv (required on wasm to train convolutions at all). */
  convFilter?: boolean;
  /** Conv2DBackpropInput as one forward conv. */
  convInput?: boolean;
  /** Broadcasting FusedBatchNorm gradient (global: affects every backend). */
  batchNorm?: boolean;
  /** Identity (the clone behind every tensor saved for a gradient) shares the buffer instead of copying. */
  sharedIdentity?: boolean;
  /** Sum and Mean over leading axes (batch-norm statistics and gradients) as one matrix product. */
  leadingReduce?: boolean;
  /** Backward pass that frees each gradient and saved tensor once used (global: engine.gradients). */
  leanBackprop?: boolean;
  /** Conv2D and FusedConv2D (bias, ReLU) on the project's multithreaded SIMD kernel (wasm only). */
  directConv?: boolean;
  /** The ReLU gradient as one kernel instead of dy * cast(step(x)): a SIMD pass on wasm, TensorFlow's ReluGrad on tensorflow. */
  reluGrad?: boolean;
  /**
   * Batch norm's training pass as one op (models/batchNormalization.ts uses it): SIMD kernels on wasm,
   * TensorFlow's FusedBatchNormV3 and FusedBatchNormGradV3 on tensorflow.
   */
  batchNormTraining?: boolean;
}

/** What each backend gets by default. */
export function defaultTrainingKernels(backendName: string): Required<TrainingKernelOptions> {
  if (backendName === 'wasm')
    return {
      convFilter: true,
      convInput: true,
      batchNorm: true,
      sharedIdentity: true,
      leadingReduce: true,
      leanBackprop: true,
      directConv: true,
      reluGrad: true,
      batchNormTraining: true,
    };
  if (backendName === 'cpu')
    return {
      convFilter: true,
      convInput: false,
      batchNorm: true,
      sharedIdentity: false,
      leadingReduce: false,
      leanBackprop: true,
      directConv: false,
      reluGrad: false,
      batchNormTraining: false,
    };
  const fusedNative = backendName === 'tensorflow' && globalThis.process?.env?.LOOK_TWICE_NATIVE_FUSED !== '0';
  return {
    convFilter: false,
    convInput: false,
    batchNorm: true,
    sharedIdentity: false,
    leadingReduce: false,
    leanBackprop: true,
    directConv: false,
    reluGrad: fusedNative,
    batchNormTraining: fusedNative,
  };
}

/** The kernels found before the first replacement, keyed 'backend/kernel' (undefined: there was none). */
const stockKernels = new Map<string, tf.KernelConfig | undefined>();

const stockKernel = (kernelName: string, backendName: string): tf.KernelConfig | undefined => {
  const key = `${backendName}/${kernelName}`;
  return stockKernels.has(key) ? stockKernels.get(key) : tf.getKernel(kernelName, backendName);
};

function replaceKernel(config: tf.KernelConfig): void {
  const key = `${config.backendName}/${config.kernelName}`;
  const current = tf.getKernel(config.kernelName, config.backendName);
  if (!stockKernels.has(key)) stockKernels.set(key, current);
  if (current) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

/**
 * Registers the chosen kernels for `backendName` (default: defaultTrainingKernels). Idempotent.
 * Kernels are looked up at each op call, so this works before or after tf.setBackend.
 * @returns the names of what was installed, for reports
 */
export function registerTrainingKernels(backendName: string, options: TrainingKernelOptions = {}): string[] {
  const chosen = { ...defaultTrainingKernels(backendName), ...options };
  const installed: string[] = [];
  if (chosen.convFilter) {
    replaceKernel(conv2dBackpropFilterKernel(backendName));
    installed.push('Conv2DBackpropFilter');
  }
  if (chosen.convInput) {
    replaceKernel(conv2dBackpropInputKernel(backendName));
    installed.push('Conv2DBackpropInput');
  }
  if (chosen.sharedIdentity) {
    replaceKernel(sharedIdentityKernel(backendName, stockKernel(tf.Identity, backendName)));
    installed.push('Identity (shared buffer)');
  }
  if (chosen.leadingReduce) {
    replaceKernel(leadingSumKernel(backendName, stockKernel(tf.Sum, backendName)));
    replaceKernel(leadingMeanKernel(backendName, stockKernel(tf.Mean, backendName)));
    installed.push('Sum/Mean over leading axes');
  }
  if (chosen.directConv && backendName === 'wasm') {
    replaceKernel(simdConv2dKernel(stockKernel(tf.Conv2D, backendName)));
    replaceKernel(simdFusedConv2dKernel(stockKernel(tf.FusedConv2D, backendName)));
    installed.push('Conv2D/FusedConv2D (direct SIMD)');
  }
  if (chosen.reluGrad && (backendName === 'wasm' || backendName === 'tensorflow')) {
    replaceKernel(backendName === 'wasm' ? simdReluGradKernel() : nativeReluGradKernel());
    registerReluGradient();
    installed.push(backendName === 'wasm' ? 'ReLU gradient (one SIMD pass)' : 'ReLU gradient (TensorFlow ReluGrad)');
  }
  if (chosen.batchNormTraining && backendName === 'wasm') {
    for (const k of batchNormTrainingKernels()) replaceKernel(k);
    installed.push('batch norm training pass (SIMD)');
  }
  if (chosen.batchNormTraining && backendName === 'tensorflow') {
    for (const k of nativeBatchNormKernels()) replaceKernel(k);
    installed.push('batch norm training pass (TensorFlow FusedBatchNormV3)');
  }
  if (chosen.leanBackprop && installLeanBackprop()) installed.push('lean backprop');
  if (chosen.batchNorm) {
    registerBatchNormGradient();
    installed.push('FusedBatchNorm gradient');
  }
  return installed;
}

/** Puts back every stock kernel and gradient replaced so far (a kernel that was missing is removed again). */
export function restoreStockKernels(): void {
  for (const [key, config] of stockKernels) {
    const [backendName, kernelName] = key.split('/');
    if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
    if (config) tf.registerKernel(config);
  }
  stockKernels.clear();
  restoreStockBatchNormGradient();
  uninstallLeanBackprop();
}
