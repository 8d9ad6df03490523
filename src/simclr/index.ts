/**
 * Look Twice's SimCLR library on TensorFlow.js (Chen et al. 2020, "A Simple Framework for
 * Contrastive Learning of Visual Representations", arXiv:2002.05709).
 * Public API: everything a notebook cell or a plain Node script needs. Tensor shapes are in the doc
 * comments of each function. `tf` is the namespace the library itself uses: make tensors with it.
 */
export { tf } from './tf';
export { Random } from './random';
export { setRunContext, currentRunContext } from './context';
export type { RunContext } from './context';
export type { TrainingEvent, StepMetrics, RunStatus } from './train/trainingEvent';
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
export { FoldedInference } from './models/foldedInference';
export { countModelFlops, simclrFlops, arithmeticIntensity } from './models/flopCount';
export type { LayerFlops, ModelFlops } from './models/flopCount';
export { ntXentLoss, l2Normalize } from './losses/ntXent';
export { infoNceLoss } from './losses/infoNce';
export { negativeCosineSimilarity } from './losses/negativeCosineSimilarity';
export { byolLoss } from './losses/byol';
export { barlowTwinsLoss, BARLOW_TWINS_VARIANCE_EPSILON } from './losses/barlowTwins';
export type { BarlowTwinsOptions } from './losses/barlowTwins';
export { clipLoss } from './losses/clip';
export { rotationLoss, ROTATION_CLASSES } from './losses/rotation';
export { pretrain, epochOrder } from './train/pretrain';
export { recipes } from './train/recipes';
export type { SimclrRecipe } from './train/recipes';
export { createMethod, METHOD_NAMES } from './methods/createMethod';
export type { MethodName, MethodSpec, MethodOptionsByName } from './methods/createMethod';
export type { Method, MethodTrainer, MethodBatch, MethodStep, MethodSetup } from './methods/method';
export { simclr } from './methods/simclr';
export type { SimclrOptions } from './methods/simclr';
export { rotation, quarterTurns } from './methods/rotation';
export { instDisc, memoryBankUpdate } from './methods/instDisc';
export type { InstDiscOptions } from './methods/instDisc';
export { cpc, cpcGrid, cutPatches } from './methods/cpc';
export { mocoV2 } from './methods/mocoV2';
export type { MocoV2Options } from './methods/mocoV2';
export { simsiam } from './methods/simsiam';
export type { SimsiamOptions } from './methods/simsiam';
export { byol, byolMomentum } from './methods/byol';
export type { ByolOptions } from './methods/byol';
export { barlowTwins } from './methods/barlowTwins';
export type { BarlowTwinsMethodOptions } from './methods/barlowTwins';
export { MomentumTarget } from './methods/momentumTarget';
export { stopGradient } from './methods/stopGradient';
export { collapseWarning, isRunCollapsing, COLLAPSE_STEPS, COLLAPSING_METRIC } from './train/collapse';
export { evaluateMonitor, monitorSlice } from './monitor/trainingMonitor';
export type { MonitorOptions, MonitorSlice, MonitorEvaluation } from './monitor/trainingMonitor';
export { monitorSnapshot } from './monitor/monitorSnapshot';
export type {
  MonitorSnapshot,
  PairInspection,
  KnnErrorInspection,
  NeighbourInspection,
  SnapshotLimits,
  SnapshotInput,
} from './monitor/monitorSnapshot';
export { MonitorSchedule } from './monitor/monitorSchedule';
export type { MonitorScheduleOptions } from './monitor/monitorSchedule';
export type { PretrainResult } from './train/pretrain';
export type { PretrainOptions, StepInfo, EpochInfo } from './train/pretrainOptions';
export { trainStep, stepGradients, applyStep } from './train/trainStep';
export type { StepGradients } from './train/trainStep';
export { cachedStepGradients } from './train/gradientCache';
export type { AugmentFn } from './train/trainStep';
export { estimateTrainingBytes, largestWasmBatch, checkWasmBatch } from './train/memoryEstimate';
export { learningRateAt } from './train/schedule';
export type { LearningRateSchedule, TimeBudget } from './train/schedule';
export { createOptimizer } from './train/optimizers';
export type { OptimizerName, OptimizerOptions, ScheduledOptimizer } from './train/optimizers';
export { LarsOptimizer, defaultLarsExclude } from './train/lars';
export type { LarsConfig } from './train/lars';
export { saveCheckpoint, loadCheckpoint, readCheckpoint, disposeCheckpointContents } from './train/checkpoint';
export type { CheckpointContents, SaveCheckpointInput } from './train/checkpoint';
export { initBackend } from './backend/initBackend';
export type { BackendInfo, BackendChoice, InitBackendOptions } from './backend/initBackend';
export { registerTrainingKernels, restoreStockKernels, defaultTrainingKernels } from './backend/kernelRegistry';
export type { TrainingKernelOptions } from './backend/kernelRegistry';
export { conv2dFilterGradient } from './backend/gradients/conv2dBackpropFilter';
export { conv2dInputGradient } from './backend/gradients/conv2dBackpropInput';
export { representationStd, isCollapsing, COLLAPSE_WARNING_RATIO } from './metrics/representationStd';
export { alignment } from './metrics/alignment';
export type { AlignmentOptions } from './metrics/alignment';
export { uniformity } from './metrics/uniformity';
export type { UniformityOptions } from './metrics/uniformity';
export { singularValues } from './metrics/singularValues';
export type { SpectrumOptions } from './metrics/singularValues';
export { effectiveRank } from './metrics/effectiveRank';
export { cosineHistograms } from './metrics/cosineHistograms';
export type { CosineHistograms, CosineHistogramOptions } from './metrics/cosineHistograms';
export { embedDataset, embedDatasetArray, encode } from './eval/embed';
export type { Encoder, EmbedOptions } from './eval/embed';
export type { Features, FeatureArray } from './eval/features';
export { linearProbe, DEFAULT_PROBE_WEIGHT_DECAYS } from './eval/linearProbe';
export type { LinearProbeOptions, LinearProbeResult, LabelledFeatures, ProbeData, ProbeFit } from './eval/linearProbe';
export { encoderBlocks } from './eval/blockFeatures';
export type { EncoderBlock, BlockFeatureOptions } from './eval/blockFeatures';
export { knnAccuracy, knnPredict } from './eval/knn';
export type { KnnOptions } from './eval/knn';
export { fewShotAccuracy, drawSupport } from './eval/fewShot';
export type { FewShotOptions, FewShotResult } from './eval/fewShot';
export { retrievalPrecision } from './eval/retrievalPrecision';
export type { RetrievalPrecisionOptions } from './eval/retrievalPrecision';
export { coarseLabels, FASHION_MNIST_COARSE } from './eval/coarseLabels';
export type { ClassGrouping } from './eval/coarseLabels';
export { nearestNeighbours } from './eval/nearestNeighbours';
export type { Neighbours } from './eval/nearestNeighbours';
export { pixelBaseline, flattenPixels } from './eval/pixelBaseline';
export type { PixelBaselineOptions, PixelBaselineResult } from './eval/pixelBaseline';
export { project, normalizeRows } from './projections/project';
export type { ProjectOptions, ProjectionMethod, ProjectionProgress } from './projections/project';
export { pca } from './projections/pca';
export type { PcaResult } from './projections/pca';
export { orthogonalProcrustes, alignTo } from './projections/procrustes';
export { tsne } from './projections/tsne/tsne';
export type { TsneOptions, TsneProgress } from './projections/tsne/tsne';
export { umap } from './projections/umap';
export type { UmapOptions, UmapProgress } from './projections/umap';
export { exactKnn } from './projections/neighbours';
export type { KnnGraph } from './projections/neighbours';
export { captionImages, composeCaption, FASHION_MNIST_NOUNS } from './data/captionedImages';
export type { CaptionedImages, CaptionImagesOptions } from './data/captionedImages';
export { measureImage, INK_THRESHOLD } from './data/imageProperties';
export type { ImageProperties } from './data/imageProperties';
export { clipSamples, waveformBatch, audioSubset } from './data/audioDataset';
export type { AudioDataset } from './data/audioDataset';
export { synthesizeSoundEvents, SOUND_EVENT_CLASSES } from './data/soundEvents';
export type { SoundEventsOptions, SoundEventParams } from './data/soundEvents';
export { WordTokenizer, splitWords } from './text/wordTokenizer';
export type { WordTokenizerJson, TrainTokenizerOptions } from './text/wordTokenizer';
export { createTextEncoder, encodeText } from './text/textEncoder';
export type { TextEncoderConfig } from './text/textEncoder';
export {
  logMelSpectrogram,
  powerSpectrogram,
  defaultSpectrogramConfig,
  resolveSpectrogramConfig,
  frameCount,
} from './audio/logMelSpectrogram';
export type { SpectrogramConfig } from './audio/logMelSpectrogram';
export { melFilterbank, hzToMel, melToHz } from './audio/melFilterbank';
export { augmentWaveforms, specAugment, defaultWaveformAugment, defaultSpecAugment } from './audio/audioAugment';
export type { WaveformAugmentConfig, SpecAugmentConfig } from './audio/audioAugment';
export { createDualEncoder, resolveDualEncoderConfig, DualEncoder, MAX_LOGIT_SCALE } from './multimodal/dualEncoder';
export type { DualEncoderConfig, DualEncoderOptions, MediaConfig } from './multimodal/dualEncoder';
export { pretrainPaired } from './multimodal/pretrainPaired';
export type { PretrainPairedOptions, PretrainPairedResult, PairedStepInfo } from './multimodal/pretrainPaired';
export { pairCount, mediaBatch, captionBatch, embedPairs, isAudioData } from './multimodal/pairedData';
export type { PairedData } from './multimodal/pairedData';
export { retrievalRecall, topMatches } from './multimodal/retrieval';
export type { RetrievalRecall } from './multimodal/retrieval';
export {
  classEmbeddings,
  zeroShotClassify,
  IMAGE_PROMPT_TEMPLATES,
  AUDIO_PROMPT_TEMPLATES,
} from './multimodal/zeroShot';
export type { ZeroShotResult } from './multimodal/zeroShot';
export { loadDualEncoder } from './multimodal/loadDualEncoder';
export { checkDualEncoderConfig, isDualEncoderConfig } from './multimodal/dualEncoder';
export { jointEmbeddings } from './multimodal/jointEmbeddings';
export type { JointEmbeddings } from './multimodal/jointEmbeddings';
export { nearestToVector } from './eval/nearestNeighbours';
export { loadAudioCaptions, AUDIO_MANIFEST } from './data/audioCaptionFolder';
export { decodeWav, encodeWav } from './data/wavFile';
export type { DecodedWav } from './data/wavFile';
export { inspectPositivePair, anchorScores } from './eval/positivePair';
export type { PositivePairInspection, PositivePairOptions, PairNegatives, AnchorScores } from './eval/positivePair';
