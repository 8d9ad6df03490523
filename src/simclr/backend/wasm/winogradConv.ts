/**
 * 3x3 stride-1 convolutions on the Winograd F(2x2, 3x3) SIMD kernel (simd/assembly/winograd.ts):
 * 2.25x fewer multiplications than the direct kernel. Used by the forward convolution
 * (simdConv2d.ts) and by the stride-1 input gradient, which is the same convolution of dy with the
 * flipped, transposed filter (conv2dBackpropInput.ts).
 */
import { tf } from '../../tf';
import { pointerOf, zerosOnHeap, type WasmBackendLike } from './simd/simdKernels';
import { splitRange, type SimdPool } from './simd/simdThreads';

/** G (4 x 3) of F(2, 3); the filter transform is U = G g G^T. */
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
];
/** kron(G, G) as [16, 9]: row 4a + b, column 3i + j holds G[a][i] * G[b][j]. */
const KRON = G.flatMap((ga) => G.map((gb) => ga.flatMap((gai) => gb.map((gbj) => gai * gbj))));

/** LOOK_TWICE_WINOGRAD=0: 3x3 stride-1 convolutions on the direct kernels too (A/B comparisons). */
let useWinograd = process.env.LOOK_TWICE_WINOGRAD !== '0';

/** Turns the Winograd path (forward and stride-1 input gradient) on or off (tests, benchmarks). */
export function setWinogradEnabled(on: boolean): void {
  useWinograd = on;
}

/** Whether a conv with this filter and these channel counts runs on the Winograd kernel (and it is on). */
export function winogradApplies(filterShape: readonly number[], strideHeight: number, strideWidth: number): boolean {
  const [kh, kw, cin, cout] = filterShape;
  return (
    useWinograd &&
    kh === 3 &&
    kw === 3 &&
    strideHeight === 1 &&
    strideWidth === 1 &&
    cin % 4 === 0 &&
    cin >= 8 &&
    cout % 8 === 0
  );
}

/**
 * y = act(conv2d(x, filter, stride 1) + bias), the output [B, outH, outW, Cout] with its top-left
 * pixel reading input pixel (-padTop, -padLeft) (pixels outside x read 0).
 * @param x [B, H, W, Cin], filter [3, 3, Cin, Cout], bias [Cout] or none
 * @returns a fresh backend buffer
 */
export function winogradConv(
  backend: WasmBackendLike,
  pool: SimdPool,
  x: tf.TensorInfo,
  filter: tf.Tensor,
  padTop: number,
  padLeft: number,
  outH: number,
  outW: number,
  bias: tf.TensorInfo | undefined,
  relu: boolean,
): tf.TensorInfo {
  const [batch, h, w, cin] = x.shape as [number, number, number, number],
    cout = filter.shape[3] as number;
  const y = backend.makeOutput([batch, outH, outW, cout], 'float32');
  const tileRows = batch * Math.ceil(outH / 2);
  if (tileRows === 0 || outW === 0) return y;
  const u = tf.tidy(() => tf.matMul(tf.tensor2d(KRON, [16, 9]), tf.reshape(filter, [9, cin * cout]))); // [16, Cin*Cout]
  const shares = splitRange(tileRows, pool.threads);
  const zeros = zerosOnHeap(backend, pool, cin);
  const scratch = shares.map(() => backend.makeOutput([64 * cin + 512], 'float32'));
  try {
    pool.run(
      'winogradConv3x3',
      shares.map(([n0, n1], t) => [
        pointerOf(backend, x),
        h,
        w,
        cin,
        pointerOf(backend, u),
        padTop,
        padLeft,
        bias ? pointerOf(backend, bias) : 0,
        relu ? 1 : 0,
        pointerOf(backend, zeros),
        pointerOf(backend, scratch[t]),
        pointerOf(backend, y),
        outH,
        outW,
        cout,
        n0,
        n1,
      ]),
    );
  } finally {
    u.dispose();
    for (const t of [zeros, ...scratch]) backend.disposeData(t.dataId);
  }
  return y;
}
