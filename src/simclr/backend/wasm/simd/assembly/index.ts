// The project's wasm SIMD kernels (AssemblyScript), compiled by esbuild.config.mjs into
// dist/simd/look-twice-simd{,-shared}.wasm. The module imports tfjs-backend-wasm's linear memory
// ("env.memory") and works on tensors where they lie, by byte offset. It must not own any memory of
// its own: no static data, no runtime allocation (the build checks the binary has no data segment).
export { columnSums } from './columnSums';
export { addInto, filterGradient } from './filterGradient';
export { conv2d } from './conv2d';
export { zeroFill } from './zeroFill';
export { conv2dBackpropInput } from './conv2dBackpropInput';
export { reluGrad } from './reluGrad';
export { channelAffine, columnCenteredSquares, columnGradientSums } from './channelOps';
export { winogradConv3x3 } from './winograd';
