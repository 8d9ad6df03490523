#!/usr/bin/python3
"""PyTorch reference for `npm run bench`: the library's default SimCLR model rebuilt layer for layer
from its config (src/simclr/models/resnetEncoder.ts, projectionHead.ts), NT-Xent as in
src/simclr/losses/ntXent.ts, Adam 1e-3, two views of real Fashion-MNIST images; the same timing
rules as bench/tfjsEngine.ts (views made outside the timed step; medians after warm-up).
Prints progress and finally "RESULT {json}" with the fields of bench/engineRecord.ts.
usage: python bench/pytorch_bench.py --config JSON [--batch 256] [--steps 5] [--warmup 1]
       [--infer-steps 5] [--threads 2] [--data DIR] [--epoch-images N] [--matmul N]
"""
import argparse, gzip, json, os, resource, statistics, time
import torch
import torch.nn.functional as F
from pytorch_model import Encoder, make_head, nt_xent

p = argparse.ArgumentParser()
p.add_argument('--config', required=True, help="the library's resolved SimclrModelConfig as JSON")
p.add_argument('--batch', type=int, default=256)
p.add_argument('--steps', type=int, default=5)
p.add_argument('--warmup', type=int, default=1)
p.add_argument('--infer-steps', type=int, default=5)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
p.add_argument('--epoch-images', type=int, default=0, help='one epoch over the first N images (peak memory of a real epoch) instead of repeating one batch')
p.add_argument('--matmul', type=int, default=2048, help='side of the attainable-peak matmul (0 skips it)')
p.add_argument('--epoch-steps', type=int, default=0, help='stop the epoch after K timed steps (all N images stay loaded)')
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)
cfg = json.loads(a.config)
enc_cfg, head_widths = cfg['encoder'], cfg['headWidths']
if enc_cfg['kind'] != 'resnet':
    raise SystemExit(f"pytorch_bench.py mirrors the resnet encoder only, got kind {enc_cfg['kind']}")


def log(msg):
    print(f'[pytorch] {msg}', flush=True)


def load_images(n, h, w):
    """First n training images in [0, 1] as [n, 1, h, w]; the IDX file (gzip or raw) from --data."""
    for name in ('train-images-idx3-ubyte.gz', 'train-images-idx3-ubyte'):
        path = os.path.join(a.data, name)
        if os.path.exists(path):
            buf = (gzip.open if name.endswith('.gz') else open)(path, 'rb').read()
            count, rows, cols = (int.from_bytes(buf[i:i + 4], 'big') for i in (4, 8, 12))
            assert (rows, cols) == (h, w), f'{path}: images are {rows}x{cols}, the model wants {h}x{w}'
            n = min(n, count)
            x = torch.frombuffer(bytearray(buf[16:16 + n * rows * cols]), dtype=torch.uint8).float() / 255
            return x.view(n, 1, rows, cols)
    log(f'no Fashion-MNIST in {a.data}: using seeded random images')
    return torch.rand(n, 1, h, w, generator=torch.Generator().manual_seed(0))


@torch.no_grad()
def two_views(x, seed):
    g = torch.Generator().manual_seed(seed)
    def view():
        flip = (torch.rand(x.shape[0], 1, 1, 1, generator=g) < 0.5).float()
        v = flip * torch.flip(x, dims=[3]) + (1 - flip) * x
        return (v + torch.randn(x.shape, generator=g) * 0.05).clamp_(0, 1)
    return torch.cat([view(), view()])


h, w, _ = enc_cfg['inputShape']
enc = Encoder(enc_cfg)
head = make_head(enc_cfg['widths'][-1], head_widths)
enc_params, head_params = (sum(q.numel() for q in m.parameters()) for m in (enc, head))
log(f'torch {torch.__version__}, {torch.get_num_threads()} threads; trainable params encoder {enc_params} head {head_params}; batch {a.batch}')
opt = torch.optim.Adam(list(enc.parameters()) + list(head.parameters()), lr=1e-3)
xall = load_images(max(a.batch, 256, a.epoch_images), h, w)
x, xi = xall[:a.batch].contiguous(), xall[:256].contiguous()
times, cpu_times, losses = [], [], []
enc.train(); head.train()
total_steps = a.epoch_images // a.batch if a.epoch_images else a.warmup + a.steps
if a.epoch_images and a.epoch_steps > 0:
    total_steps = min(total_steps, a.warmup + a.epoch_steps)
for s in range(total_steps):
    views = two_views(xall[s * a.batch:(s + 1) * a.batch] if a.epoch_images else x, 1000 + 7 * s)
    t0, c0 = time.perf_counter(), time.process_time()
    z = head(enc(views))
    loss = nt_xent(*z.chunk(2))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    losses.append(loss.item())
    ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
    if s >= a.warmup:
        times.append(ms)
        cpu_times.append(cpu_ms)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if not a.epoch_images or s % 25 == 0 or s == total_steps - 1:
        log(f"step {s}{' (warm-up)' if s < a.warmup else ''}: loss {losses[-1]:.4f} {ms:.0f} ms maxrss {rss:.0f} MiB")
enc.eval()
infer, infer_cpu = [], []
with torch.inference_mode():
    for s in range(1 + a.infer_steps):
        t0, c0 = time.perf_counter(), time.process_time()
        f = enc(xi); float(f.sum())
        ms, cpu_ms = (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000
        if s >= 1:
            infer.append(ms)
            infer_cpu.append(cpu_ms)


def matmul_gflops(n):
    """GFLOP/s of an n x n float32 matmul (2 n^3 FLOPs, median of 3 after a warm-up): the attainable peak."""
    g = torch.Generator().manual_seed(1)
    x, y = torch.rand(n, n, generator=g) * 2 - 1, torch.rand(n, n, generator=g) * 2 - 1
    ts = []
    for i in range(4):
        t0 = time.perf_counter(); torch.mm(x, y); t = time.perf_counter() - t0
        if i > 0:
            ts.append(t)
    return 2 * n ** 3 / statistics.median(ts) / 1e9


mm = matmul_gflops(a.matmul) if a.matmul > 0 else None
if mm:
    log(f'matmul {a.matmul}x{a.matmul}: {mm:.1f} GFLOP/s')
step_ms, infer_ms = statistics.median(times), statistics.median(infer)
record = dict(engine='pytorch', batchSize=a.batch, trainImagesPerSec=a.batch / (step_ms / 1000),
              trainImagesPerCpuSec=a.batch / (statistics.median(cpu_times) / 1000),
              inferImagesPerSec=256 / (infer_ms / 1000),
              trainCpuUtilisation=sum(cpu_times) / sum(times), inferCpuUtilisation=sum(infer_cpu) / sum(infer),
              peakRssBytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
              version=f'torch {torch.__version__}', trainStepMs=step_ms, inferBatchMs=infer_ms, inferBatchSize=256,
              trainSteps=len(times), threads=torch.get_num_threads(), encoderParams=enc_params, headParams=head_params,
              firstLoss=losses[0], lastLoss=losses[-1], notes=f'python {os.sys.executable}')
if mm:
    record.update(matmulGflops=mm, matmulSize=a.matmul)
log(f"train {record['trainImagesPerSec']:.1f} img/s, infer {record['inferImagesPerSec']:.1f} img/s")
print('RESULT ' + json.dumps(record), flush=True)
