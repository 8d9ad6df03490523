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
export { createSimclrModel, resolveSimclrModelConfig, SimclrModel } from './models/simclrModel';
export type { SimclrModelConfig, SimclrModelOptions, EncoderConfig } from './models/simclrModel';
export { createResnetEncoder, defaultResnetEncoderConfig } from './models/resnetEncoder';
export type { ResnetEncoderConfig } from './models/resnetEncoder';
export { createCnnEncoder, defaultCnnEncoderConfig } from './models/cnnEncoder';
export type { CnnEncoderConfig } from './models/cnnEncoder';
export { createProjectionHead } from './models/projectionHead';
export type { ProjectionHeadConfig } from './models/projectionHead';
export { ntXentLoss, l2Normalize } from './losses/ntXent';
