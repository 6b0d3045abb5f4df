"""One finishing chain per family, and the measurable difficulty formula.

Every item of a family, real or edited, ends the same way: it is cut to the
family's size before any edit, gets the same seeded grain after the edit, and
is JPEG-encoded (4:2:0, baseline, no metadata) at the highest quality that fits
the family's byte budget. So byte size, dimensions and encoder settings carry
no trace of the label.
"""

from __future__ import annotations

import hashlib
import io

import cv2
import numpy as np
from PIL import Image

FAMILIES = {
    "faces-hd": {"size": (768, 768), "budget": 105_000, "grain": 1.2},
    "photos-hd": {"size": (1024, 640), "budget": 165_000, "grain": 1.6},
    "objects-hd": {"size": (640, 480), "budget": 72_000, "grain": 1.6},
}
Q_MIN, Q_MAX = 60, 95


def grain(arr: np.ndarray, sigma: float, key: str) -> np.ndarray:
    seed = int(hashlib.sha256(f"grain:{key}".encode()).hexdigest()[:8], 16)
    noise = np.random.default_rng(seed).normal(0, sigma, arr.shape)
    return np.clip(arr.astype(np.float64) + noise, 0, 255).round().astype(np.uint8)


def jpeg(arr: np.ndarray, quality: int) -> bytes:
    out = io.BytesIO()
    Image.fromarray(arr).save(out, "JPEG", quality=quality, subsampling=2, optimize=True)
    return out.getvalue()


def finish(arr: np.ndarray, family: str, key: str) -> tuple[bytes, int]:
    """Grain, then the highest JPEG quality within the byte budget."""
    spec = FAMILIES[family]
    assert arr.shape[1::-1] == spec["size"], (key, arr.shape, spec["size"])
    arr = grain(arr, spec["grain"], key)
    lo, hi, best = Q_MIN, Q_MAX, None
    while lo <= hi:
        mid = (lo + hi) // 2
        data = jpeg(arr, mid)
        if len(data) <= spec["budget"]:
            best, lo = (data, mid), mid + 1
        else:
            hi = mid - 1
    return best if best else (jpeg(arr, Q_MIN), Q_MIN)


def boundary_band(mask: np.ndarray, width: int = 3) -> np.ndarray:
    k = np.ones((2 * width + 1, 2 * width + 1), np.uint8)
    m = (mask > 0).astype(np.uint8)
    return (cv2.dilate(m, k) - cv2.erode(m, k)) > 0


def grad_mag(arr: np.ndarray) -> np.ndarray:
    g = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY).astype(np.float32)
    return np.hypot(cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1))


def difficulty(
    original: np.ndarray, edited: np.ndarray, mask: np.ndarray, psi: float | None = None
) -> tuple[int, dict]:
    """Difficulty 1 (easy) to 5 (hard) from measured properties of an edit.

    a = area term: clip((log10(area fraction) + 3) / 3, 0, 1)   (0.1% -> 0, 1% -> 0.33, 10% -> 0.67, 100% -> 1)
    c = seam term: clip(mean gradient in a 3-px band along the mask edge, edited / original - 1, 0, 1)
        (extra edge contrast the edit put at its border)
    m = change term: clip(mean |edited - original| inside the mask / 40, 0, 1)
    t = truncation term (generated faces only): clip((psi - 0.5) / 0.5, 0, 1); high psi, more artefacts
    visibility v = 0.4 a + 0.35 c + 0.25 m   (faces: v = 0.3 a + 0.3 c + 0.2 m + 0.2 t)
    difficulty = clip(5 - round(4 * min(v, 0.7) / 0.7), 1, 5)   (v >= 0.7 counts as fully visible: 1)
    """
    m_ = mask > 0
    area = float(m_.mean())
    a = float(np.clip((np.log10(max(area, 1e-6)) + 3) / 3, 0, 1))
    if area >= 0.999:
        c = 0.0
    else:
        band = boundary_band(mask)
        go, ge = grad_mag(original)[band].mean(), grad_mag(edited)[band].mean()
        c = float(np.clip(ge / max(go, 1e-3) - 1, 0, 1))
    change = float(np.abs(edited.astype(np.float32) - original.astype(np.float32))[m_].mean())
    m = float(np.clip(change / 40, 0, 1))
    if psi is None:
        v = 0.4 * a + 0.35 * c + 0.25 * m
    else:
        t = float(np.clip((psi - 0.5) / 0.5, 0, 1))
        v = 0.3 * a + 0.3 * c + 0.2 * m + 0.2 * t
    d = int(np.clip(5 - round(4 * min(v, 0.7) / 0.7), 1, 5))
    return d, {"area_fraction": round(area, 4), "seam_contrast": round(c, 3), "mean_change": round(change, 2),
               "visibility": round(v, 3)}  # fmt: skip


def gan_difficulty(psi: float) -> int:
    """Plain generated face: difficulty from truncation only. psi 0.5 (closest to
    the average face, fewest artefacts) -> 5; 0.7 -> 4; 0.9 -> 3; 1.0 -> 2:
    difficulty = clip(round(5 - 6 (psi - 0.5)), 1, 5)."""
    return int(np.clip(round(5 - 6 * (psi - 0.5)), 1, 5))


def band(d: int) -> str:
    """Difficulty bands for matching pre and post: 1-3 and 4-5."""
    return "easier" if d <= 3 else "harder"


def mask_polygon(mask: np.ndarray) -> list[list[float]]:
    """Outline of the changed region, normalised, slightly outside the mask so
    that every changed pixel is inside the polygon."""
    h, w = mask.shape
    m = cv2.dilate((mask > 0).astype(np.uint8), np.ones((3, 3), np.uint8))
    cs = cv2.findContours(m, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
    c = max(cs, key=cv2.contourArea)
    hull = cv2.convexHull(c).reshape(-1, 2)
    if len(hull) > 40:
        hull = cv2.approxPolyDP(hull.reshape(-1, 1, 2), 1.5, True).reshape(-1, 2)
    return [[round(min(max(float(x) / w, 0), 1), 4), round(min(max(float(y) / h, 0), 1), 4)] for x, y in hull]
