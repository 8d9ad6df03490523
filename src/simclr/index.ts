/**
 * Look Twice's SimCLR library on TensorFlow.js (Chen et al. 2020, "A Simple Framework for
 * Contrastive Learning of Visual Representations", arXiv:2002.05709).
 * Public API: everything a notebook cell or a plain Node script needs. Tensor shapes are in the doc
 * comments of each function. `tf` is the namespace the library itself uses: make tensors with it.
 */
export { tf } from './tf';
export { Random } from './random';
export { setRunContext, currentRunContext } from './context';
export type { RunContext, LibraryEvent } from './context';
export { datasetSize, imageBatch, labelBatch, takeImages } from './data/dataset';
export type { ImageDataset } from './data/dataset';
export { loadIdx, parseIdx, encodeIdx } from './data/idx';
export type { LoadIdxOptions, IdxArray } from './data/idx';
export { loadFashionMnist, FASHION_MNIST_CLASSES, DEBIAN_FASHION_MNIST_DIR } from './data/fashionMnist';
export type { FashionMnistOptions } from './data/fashionMnist';
export { loadCifar10, CIFAR10_CLASSES } from './data/cifar10';
export type { Cifar10Options } from './data/cifar10';
export { loadImageFolder } from './data/imageFolder';
export type { ImageFolderOptions } from './data/imageFolder';
export { decodeImage, encodePng, imageFormat } from './data/imageCodec';
export type { DecodedImage } from './data/imageCodec';
export { resizePixels } from './data/resize';
export { subset, splitDataset } from './data/subset';
export type { SplitOptions } from './data/subset';
export { packageRoot } from './data/packageRoot';
export { simclrAugment, simclrViewPair } from './augment/simclrAugment';
export { defaultAugmentConfig, describeAugmentConfig } from './augment/augmentConfig';
export type { AugmentConfig } from './augment/augmentConfig';
export { randomResizedCrop, sampleCropBox, DEFAULT_CROP } from './augment/randomResizedCrop';
export type { RandomResizedCropOptions, CropBox } from './augment/randomResizedCrop';
export { horizontalFlip, DEFAULT_FLIP } from './augment/horizontalFlip';
export type { HorizontalFlipOptions } from './augment/horizontalFlip';
export { colorJitter, colorJitterStrength, DEFAULT_COLOR_JITTER } from './augment/colorJitter';
export type { ColorJitterOptions } from './augment/colorJitter';
export { randomGrayscale, DEFAULT_GRAYSCALE } from './augment/randomGrayscale';
export type { RandomGrayscaleOptions } from './augment/randomGrayscale';
export { gaussianBlur, gaussianKernel, defaultBlurKernelSize, DEFAULT_BLUR } from './augment/gaussianBlur';
export type { GaussianBlurOptions } from './augment/gaussianBlur';
export type { RandomSource } from './augment/common';
export { createSimclrModel, resolveSimclrModelConfig, SimclrModel } from './models/simclrModel';
export type { SimclrModelConfig, SimclrModelOptions, EncoderConfig } from './models/simclrModel';
export { createResnetEncoder, defaultResnetEncoderConfig } from './models/resnetEncoder';
export type { ResnetEncoderConfig } from './models/resnetEncoder';
export { createCnnEncoder, defaultCnnEncoderConfig } from './models/cnnEncoder';
export type { CnnEncoderConfig } from './models/cnnEncoder';
export { createProjectionHead } from './models/projectionHead';
export type { ProjectionHeadConfig } from './models/projectionHead';
export { ntXentLoss, l2Normalize } from './losses/ntXent';
export { initBackend } from './backend/initBackend';
export type { BackendInfo, BackendChoice, InitBackendOptions } from './backend/initBackend';
export { registerTrainingKernels, restoreStockKernels, defaultTrainingKernels } from './backend/trainingKernels';
export type { TrainingKernelOptions } from './backend/trainingKernels';
export { conv2dFilterGradient } from './backend/conv2dBackpropFilter';
export { conv2dInputGradient } from './backend/conv2dBackpropInput';
