#!/usr/bin/python3
"""PyTorch SimCLR with the library's recipe, for `npm run bench:quality`: the same model (the
library's resolved config, pytorch_model.py), NT-Xent at the recipe's temperature, Adam, warm-up and
cosine decay planned over a wall-clock budget exactly as learningRateAtFraction (schedule.ts), and the
library's grayscale augmentations (random resized crop with torchvision's box sampling, flip,
brightness/contrast jitter in a per-batch random order, each clipped to [0, 1]). After training the
encoder's representation of every train and test image is written as raw float32 (row-major) to
--out, so the benchmark probes it with the library's own linearProbe: the comparison is the
training, not the probe.
Prints progress and finally "RESULT {json}".
usage: python pytorch_simclr.py --config JSON --recipe JSON --minutes M --out DIR [--threads 2]
       [--data DIR] [--train-images N] [--test-images N] [--seed S]
"""
import argparse, gzip, json, math, os, random, resource, time
import torch
import torch.nn.functional as F
from pytorch_model import Encoder, make_head, nt_xent

p = argparse.ArgumentParser()
p.add_argument('--config', required=True, help="the library's resolved SimclrModelConfig as JSON")
p.add_argument('--recipe', required=True, help='{batchSize, learningRate, temperature, warmup, augment}')
p.add_argument('--minutes', type=float, required=True)
p.add_argument('--out', required=True)
p.add_argument('--threads', type=int, default=2)
p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
p.add_argument('--train-images', type=int, default=0)
p.add_argument('--test-images', type=int, default=0)
p.add_argument('--seed', type=int, default=0)
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)
rng = random.Random(a.seed)
cfg, recipe = json.loads(a.config), json.loads(a.recipe)
aug = recipe['augment']


def log(msg):
    print(f'[pytorch] {msg}', flush=True)


def load_images(split, limit):
    """Images of the split in [0, 1] as [n, 1, 28, 28], from the IDX files (gzip or raw) in --data."""
    prefix = 'train' if split == 'train' else 't10k'
    for name in (f'{prefix}-images-idx3-ubyte.gz', f'{prefix}-images-idx3-ubyte'):
        path = os.path.join(a.data, name)
        if os.path.exists(path):
            buf = (gzip.open if name.endswith('.gz') else open)(path, 'rb').read()
            count, rows, cols = (int.from_bytes(buf[i:i + 4], 'big') for i in (4, 8, 12))
            n = min(limit, count) if limit else count
            x = torch.frombuffer(bytearray(buf[16:16 + n * rows * cols]), dtype=torch.uint8).float() / 255
            return x.view(n, 1, rows, cols)
    raise SystemExit(f'no Fashion-MNIST {split} images in {a.data}')


def crop_box():
    """(scale_x, scale_y, centre_x, centre_y) in [-1, 1] units, as torchvision's RandomResizedCrop draws boxes."""
    lo, hi = aug['crop']['scale']
    log_ratio = (math.log(aug['crop']['ratio'][0]), math.log(aug['crop']['ratio'][1]))
    for _ in range(10):
        area = rng.uniform(lo, hi)
        ratio = math.exp(rng.uniform(*log_ratio))
        w, h = math.sqrt(area * ratio), math.sqrt(area / ratio)
        if w <= 1 and h <= 1:
            return w, h, rng.uniform(-(1 - w), 1 - w), rng.uniform(-(1 - h), 1 - h)
    return 1.0, 1.0, 0.0, 0.0


@torch.no_grad()
def view(x):
    """One augmented view of a batch [B, 1, H, W] (crop, flip, jitter in the library's order)."""
    b = x.shape[0]
    theta = torch.zeros(b, 2, 3)
    for i in range(b):
        w, h, cx, cy = crop_box() if rng.random() < aug['crop']['p'] else (1.0, 1.0, 0.0, 0.0)
        flip = -1.0 if rng.random() < aug['flip']['p'] else 1.0
        theta[i, 0, 0], theta[i, 0, 2], theta[i, 1, 1], theta[i, 1, 2] = w * flip, cx, h, cy
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    v = F.grid_sample(x, grid, mode='bilinear', padding_mode='border', align_corners=False)
    jitter = aug['colorJitter']
    on = torch.tensor([rng.random() < jitter['p'] for _ in range(b)]).view(b, 1, 1, 1)
    order = ['brightness', 'contrast']
    rng.shuffle(order)
    out = v
    for kind in order:
        s = jitter[kind]
        if s <= 0:
            continue
        f = torch.tensor([rng.uniform(max(0, 1 - s), 1 + s) for _ in range(b)]).view(b, 1, 1, 1)
        if kind == 'brightness':
            out = (out * f).clamp(0, 1)
        else:
            mean = out.mean(dim=(1, 2, 3), keepdim=True)
            out = ((out - mean) * f + mean).clamp(0, 1)
    return torch.where(on, out, v)


def learning_rate_at(fraction, base, warmup):
    """learningRateAtFraction in src/simclr/train/schedule.ts (cosine to 0)."""
    if fraction < warmup:
        return max(base * 1e-3, base * fraction / warmup)
    t = min(1.0, (fraction - warmup) / (1 - warmup))
    return base * (1 + math.cos(math.pi * t)) / 2


train, test = load_images('train', a.train_images), load_images('test', a.test_images)
enc, head = Encoder(cfg['encoder']), make_head(cfg['encoder']['widths'][-1], cfg['headWidths'])
params = list(enc.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=recipe['learningRate'])
batch, budget = recipe['batchSize'], a.minutes * 60
log(f'torch {torch.__version__}, {torch.get_num_threads()} threads; {train.shape[0]} train images, batch {batch}, {a.minutes} min')
enc.train(); head.train()
started, steps, losses = time.perf_counter(), 0, []
gen = torch.Generator().manual_seed(a.seed)
while True:
    order = torch.randperm(train.shape[0], generator=gen)
    for s in range(train.shape[0] // batch):
        fraction = (time.perf_counter() - started) / budget
        if fraction >= 1:
            break
        for group in opt.param_groups:
            group['lr'] = learning_rate_at(fraction, recipe['learningRate'], recipe['warmup'])
        x = train[order[s * batch:(s + 1) * batch]]
        z = head(enc(torch.cat([view(x), view(x)])))
        loss = nt_xent(*z.chunk(2), t=recipe['temperature'])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        steps += 1
        losses.append(loss.item())
        if steps % 50 == 0:
            log(f'step {steps} loss {losses[-1]:.3f} {steps * batch / (time.perf_counter() - started):.0f} img/s')
    else:
        continue
    break
seconds = time.perf_counter() - started
enc.eval()
os.makedirs(a.out, exist_ok=True)
paths = {}
with torch.inference_mode():
    for name, images in (('train', train), ('test', test)):
        features = torch.cat([enc(images[i:i + 512]) for i in range(0, images.shape[0], 512)])
        paths[name] = os.path.join(a.out, f'{name}-features.f32')
        features.contiguous().numpy().astype('<f4').tofile(paths[name])
record = dict(steps=steps, epochs=steps * batch / train.shape[0], seconds=seconds, imagesPerSec=steps * batch / seconds,
              finalLoss=sum(losses[-20:]) / max(1, len(losses[-20:])), trainFeatures=paths['train'], testFeatures=paths['test'],
              dim=int(features.shape[1]), version=f'torch {torch.__version__}',
              peakRssBytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
log(f"{steps} steps ({record['epochs']:.2f} epochs) in {seconds:.0f} s, {record['imagesPerSec']:.1f} img/s")
print('RESULT ' + json.dumps(record), flush=True)
