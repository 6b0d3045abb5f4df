"""MobileStyleGAN (PyPI random-face 2021.7.21.1) run with OpenVINO on CPU.

The package's own wrapper imports `openvino.inference_engine`, which current
OpenVINO no longer has, so the two IR files are loaded here directly:
mapping (512-d normal -> style) and synthesis (style -> 1x3x1024x1024 in [-1, 1]).
Truncation: style = mean + psi * (style - mean), mean over MEAN_SAMPLES styles
drawn with MEAN_SEED. Faces are cached as PNG in contentgen/work-real/faces/.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path

import numpy as np
from PIL import Image

MEAN_SEED = 20211
MEAN_SAMPLES = 512
LINEAGE = (
    "MobileStyleGAN (PyPI random-face 2021.7.21.1, Apache-2.0 wrapper), distilled from NVIDIA StyleGAN2-FFHQ "
    "(code and weights under the NVIDIA Source Code License, non-commercial use only) -> trained on FFHQ "
    "(Flickr-Faces-HQ, images under their Flickr licences, the set under CC BY-NC-SA 4.0)"
)
GENERATOR = (
    "MobileStyleGAN (random-face 2021.7.21.1) via OpenVINO {ov} on CPU, truncation psi={psi}, seed {seed}"
)


def data_dir() -> Path:
    return Path(sysconfig.get_paths()["purelib"]) / "random_face" / "data"


class FaceGAN:
    def __init__(self, cache: Path):
        import openvino as ov

        self.ov_version = ov.__version__.split("-")[0]
        core = ov.Core()
        core.set_property("CPU", {"INFERENCE_NUM_THREADS": 2})
        d = data_dir()
        self.mapping = core.compile_model(core.read_model(str(d / "MappingNetwork.xml")), "CPU")
        self.synthesis = core.compile_model(core.read_model(str(d / "SynthesisNetwork.xml")), "CPU")
        self.cache = cache
        cache.mkdir(parents=True, exist_ok=True)
        mean_file = cache / f"mean-style-{MEAN_SEED}-{MEAN_SAMPLES}.npy"
        if mean_file.exists():
            self.mean = np.load(mean_file)
        else:
            rng = np.random.default_rng(MEAN_SEED)
            styles = [
                self.style(rng.standard_normal((1, 512)).astype(np.float32)) for _ in range(MEAN_SAMPLES)
            ]
            self.mean = np.mean(np.concatenate(styles), axis=0, keepdims=True).astype(np.float32)
            np.save(mean_file, self.mean)

    def style(self, z: np.ndarray) -> np.ndarray:
        return self.mapping([z])[self.mapping.outputs[0]]

    def face(self, seed: int, psi: float) -> np.ndarray:
        """1024x1024x3 uint8 face for (seed, psi); cached."""
        path = self.cache / f"face-{seed}-{psi:.2f}.png"
        if path.exists():
            return np.array(Image.open(path).convert("RGB"))
        z = np.random.default_rng(seed).standard_normal((1, 512)).astype(np.float32)
        w = self.mean + psi * (self.style(z) - self.mean)
        img = self.synthesis([w.astype(np.float32)])[self.synthesis.outputs[0]][0]
        arr = ((img.transpose(1, 2, 0).clip(-1, 1) + 1) * 127.5).round().astype(np.uint8)
        Image.fromarray(arr).save(path, compress_level=1)
        return arr
