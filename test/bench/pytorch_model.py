"""The library's SimCLR model in PyTorch, layer for layer from its resolved config
(src/simclr/models/resnetEncoder.ts, layers.ts, projectionHead.ts), and NT-Xent as
src/simclr/losses/ntXent.ts computes it. Shared by pytorch_bench.py (speed) and pytorch_simclr.py (quality).
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_unit(cin, cout, k, stride, bn, relu):
    """conv (k x k, 'same' padding as tfjs: pad (k-1)//2 .. k//2) -> BN -> ReLU, as layers.ts convUnit."""
    pad_lo, pad_hi = (k - 1) // 2, k // 2
    layers = []
    # tfjs 'same' with stride 2 on even sizes pads 0 before and 1 after; PyTorch pads symmetrically.
    if stride > 1 and k > 1:
        layers.append(nn.ZeroPad2d((0, 1, 0, 1)))
        layers.append(nn.Conv2d(cin, cout, k, stride, padding=0, bias=not bn))
    else:
        layers.append(nn.Conv2d(cin, cout, k, stride, padding=(pad_lo + pad_hi) // 2, bias=not bn))
    if bn:
        layers.append(nn.BatchNorm2d(cout, eps=1e-5, momentum=0.1))
    if relu:
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class Block(nn.Module):
    def __init__(self, cin, cout, stride, bn):
        super().__init__()
        self.a = conv_unit(cin, cout, 3, stride, bn, True)
        self.b = conv_unit(cout, cout, 3, 1, bn, False)
        self.sc = conv_unit(cin, cout, 1, stride, bn, False) if (stride != 1 or cin != cout) else nn.Identity()

    def forward(self, x):
        return F.relu(self.b(self.a(x)) + self.sc(x))


class Encoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        bn = c['batchNorm']
        layers = [conv_unit(c['inputShape'][2], c['stemWidth'], 3, 1, bn, True)]
        cin = c['stemWidth']
        for width, stride in zip(c['widths'], c['strides']):
            for b in range(c['blocksPerStage']):
                layers.append(Block(cin, width, stride if b == 0 else 1, bn))
                cin = width
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x).mean(dim=(2, 3))


def make_head(dim, widths):
    layers = []
    for i, units in enumerate(widths):
        layers.append(nn.Linear(dim, units))
        if i < len(widths) - 1:
            layers.append(nn.ReLU(inplace=True))
        dim = units
    return nn.Sequential(*layers)


def nt_xent(z1, z2, t=0.5):
    """As ntXentLoss: cosine logits / T, diagonal pushed down by 2/T + 100, mean over 2N anchors."""
    n = z1.shape[0]
    z = F.normalize(torch.cat([z1, z2]), dim=1)
    logits = z @ z.t() / t - torch.eye(2 * n) * (2 / t + 100)
    positives = (z[:n] * z[n:]).sum(1) / t
    return torch.logsumexp(logits, 1).mean() - positives.mean()
