"""Classical photo manipulations with exact masks (numpy + OpenCV).

Each function returns (edited image, mask of every changed pixel, facts) where
facts is a dict the builder turns into the explanation. The mask is exact:
pixels outside it are byte-identical to the input.
"""

from __future__ import annotations

import cv2
import numpy as np


def ellipse_mask(shape, cx, cy, rx, ry) -> np.ndarray:
    m = np.zeros(shape[:2], np.uint8)
    cv2.ellipse(m, (int(cx), int(cy)), (int(rx), int(ry)), 0, 0, 360, 255, -1)
    return m


def _lab(arr):
    return cv2.cvtColor(arr, cv2.COLOR_RGB2LAB).astype(np.float32)


def find_object(arr: np.ndarray, r_frac: float = 0.07, exclude: np.ndarray | None = None, rows=None):
    """The most object-like oval: the one whose inside differs most in colour
    from a calm ring around it. Returns (cx, cy, rx, ry, score)."""
    h, w = arr.shape[:2]
    scale = 256 / w
    small = cv2.resize(arr, (256, round(h * scale)), interpolation=cv2.INTER_AREA)
    r = max(4, int(r_frac * 256))
    pad = r  # let the ring run off the edge (reflected) so objects near the border count
    lab = np.pad(_lab(small), ((pad, pad), (pad, pad), (0, 0)), mode="reflect")
    sh = small.shape[0]
    yy, xx = np.mgrid[-2 * r : 2 * r + 1, -2 * r : 2 * r + 1]
    d = (xx / r) ** 2 + (yy / r) ** 2
    inner, ring = d <= 1, (d > 1.6) & (d <= 4)
    best = (0, 0, -1.0)
    lo, hi = rows if rows else (0, h)
    for cy in range(r + 1, sh - r - 1, 3):
        if not (lo * scale + r <= cy <= hi * scale - r):
            continue
        for cx in range(r + 1, 256 - r - 1, 3):
            if exclude is not None and exclude[int(cy / scale), int(cx / scale)]:
                continue
            win = lab[cy + pad - 2 * r : cy + pad + 2 * r + 1, cx + pad - 2 * r : cx + pad + 2 * r + 1]
            a, b = win[inner], win[ring]
            score = float(np.linalg.norm(a.mean(0) - b.mean(0)) / (b.std(0).mean() + 4))
            if score > best[2]:
                best = (cx, cy, score)
    cx, cy, score = best
    return cx / scale, cy / scale, r / scale * 1.15, r / scale * 1.15, score


def _ring_offset(arr, mask, forbid_overlap=True):
    """Translation (dx, dy) whose ring best matches the ring around `mask`."""
    h, w = arr.shape[:2]
    s = 4
    small = _lab(cv2.resize(arr, (w // s, h // s), interpolation=cv2.INTER_AREA))
    m = cv2.resize(mask, (w // s, h // s), interpolation=cv2.INTER_NEAREST) > 0
    ring = (cv2.dilate(m.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0) & ~m
    ys, xs = np.nonzero(ring | m)
    y0, y1, x0, x1 = ys.min(), ys.max(), xs.min(), xs.max()
    ry, rx = np.nonzero(ring)
    target = small[ry, rx]
    best, where = 1e18, (0, 0)
    bw, bh = x1 - x0 + 1, y1 - y0 + 1
    for dy in range(-y0, small.shape[0] - y1 - 1, 2):
        for dx in range(-x0, small.shape[1] - x1 - 1, 2):
            if forbid_overlap and abs(dx) < bw * 1.2 and abs(dy) < bh * 1.2:
                continue
            cost = float(np.abs(small[ry + dy, rx + dx] - target).mean())
            if cost < best:
                best, where = cost, (dx, dy)
    return where[0] * s, where[1] * s, best


def _shift(arr, dx, dy):
    """shifted[y, x] = arr[y + dy, x + dx]"""
    M = np.float32([[1, 0, dx], [0, 1, dy]])
    h, w = arr.shape[:2]
    return cv2.warpAffine(
        arr, M, (w, h), flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP, borderMode=cv2.BORDER_REFLECT101
    )


def _poisson(src, dst, mask):
    x, y, w, h = cv2.boundingRect(mask)
    out = cv2.seamlessClone(src, dst, mask.copy(), (x + w // 2, y + h // 2), cv2.NORMAL_CLONE)
    keep = mask > 0
    res = dst.copy()
    res[keep] = out[keep]
    return res


def object_removal(arr, cx, cy, rx, ry):
    """Paint out the oval with texture copied from the best-matching place in
    the same photo, Poisson-blended (a 'content-aware fill' by hand)."""
    mask = ellipse_mask(arr.shape, cx, cy, rx, ry)
    dx, dy, cost = _ring_offset(arr, mask)
    out = _poisson(_shift(arr, dx, dy), arr, cv2.dilate(mask, np.ones((7, 7), np.uint8)))
    changed = np.any(out != arr, -1).astype(np.uint8) * 255
    return out, changed, {"dx": dx, "dy": dy, "ring_cost": round(cost, 2)}


def _feather_paste(dst, src, core_mask, feather=4):
    alpha = cv2.GaussianBlur((core_mask > 0).astype(np.float32), (0, 0), feather)
    support = cv2.dilate(core_mask, np.ones((4 * feather + 1, 4 * feather + 1), np.uint8)) > 0
    alpha[~support] = 0
    out = dst.astype(np.float32) * (1 - alpha[..., None]) + src.astype(np.float32) * alpha[..., None]
    return np.clip(out, 0, 255).round().astype(np.uint8)


def copy_move(arr, cx, cy, rx, ry):
    """Copy the oval at (cx, cy) to the place whose surroundings match it best,
    pasted with a soft 4-px edge, no colour change (copy-move)."""
    src_mask = ellipse_mask(arr.shape, cx, cy, rx, ry)
    # Find where the copy fits: a destination whose ring matches the source ring.
    h, w = arr.shape[:2]
    s = 4
    small = _lab(cv2.resize(arr, (w // s, h // s), interpolation=cv2.INTER_AREA))
    m = cv2.resize(src_mask, (w // s, h // s), interpolation=cv2.INTER_NEAREST) > 0
    ring = (cv2.dilate(m.astype(np.uint8), np.ones((9, 9), np.uint8)) > 0) & ~m
    ry_, rx_ = np.nonzero(ring)
    ys, xs = np.nonzero(ring | m)
    best, where = 1e18, (0, 0)
    for dy in range(-ys.min(), small.shape[0] - ys.max() - 1, 2):
        for dx in range(-xs.min(), small.shape[1] - xs.max() - 1, 2):
            if abs(dx) < (xs.max() - xs.min()) * 1.5 and abs(dy) < (ys.max() - ys.min()) * 1.5:
                continue
            cost = float(np.abs(small[ry_ + dy, rx_ + dx] - small[ry_, rx_]).mean())
            if cost < best:
                best, where = cost, (dx * s, dy * s)
    dx, dy = where
    dst_mask = ellipse_mask(arr.shape, cx + dx, cy + dy, rx, ry)
    moved = _shift(arr, -dx, -dy)  # moved[y, x] = arr[y - dy, x - dx]
    out = _feather_paste(arr, moved, dst_mask)
    changed = np.any(out != arr, -1).astype(np.uint8) * 255
    return out, changed, {"dx": dx, "dy": dy, "src": (cx, cy), "dst": (cx + dx, cy + dy)}


def splice(arr, donor, d_cx, d_cy, d_rx, d_ry):
    """Cut an oval from another photo, match its colour (Lab mean and spread),
    sharpness (Gaussian blur until its Laplacian variance is no higher than the
    destination's) and place it where its surroundings fit best; Poisson blend."""
    h, w = arr.shape[:2]
    x0, y0 = int(d_cx - d_rx * 1.4), int(d_cy - d_ry * 1.4)
    x0, y0 = max(0, x0), max(0, y0)
    patch = donor[y0 : int(d_cy + d_ry * 1.4), x0 : int(d_cx + d_rx * 1.4)].copy()
    ph, pw = patch.shape[:2]
    pmask = ellipse_mask(patch.shape, d_cx - x0, d_cy - y0, d_rx, d_ry)
    # Destination: the calmest place whose colour is closest to the patch's rim.
    lab = _lab(arr)
    rim = (cv2.dilate(pmask, np.ones((9, 9), np.uint8)) > 0) & (pmask == 0)
    rim_colour = _lab(patch)[rim].mean(0) if rim.any() else _lab(patch).reshape(-1, 3).mean(0)
    small = cv2.resize(lab, (w // 8, h // 8), interpolation=cv2.INTER_AREA)
    blur = cv2.blur(small, (5, 5))
    var = cv2.blur((small - blur) ** 2, (5, 5)).sum(-1)
    cost = np.linalg.norm(blur - rim_colour, axis=-1) + 0.5 * np.sqrt(var)
    mh, mw = ph // 16 + 2, pw // 16 + 2
    cost[:mh, :] = cost[-mh:, :] = 1e9
    cost[:, :mw] = cost[:, -mw:] = 1e9
    cy, cx = np.unravel_index(np.argmin(cost), cost.shape)
    cx, cy = int(cx * 8 + 4), int(cy * 8 + 4)
    cx = min(max(cx, pw // 2 + 2), w - pw // 2 - 2)
    cy = min(max(cy, ph // 2 + 2), h - ph // 2 - 2)
    tx, ty = cx - pw // 2, cy - ph // 2
    dest = arr[ty : ty + ph, tx : tx + pw]
    # Colour: move the patch's Lab statistics to the destination's.
    pl, dl = _lab(patch), _lab(dest)
    sel = pmask > 0
    for c in range(3):
        pm, ps = pl[..., c][sel].mean(), pl[..., c][sel].std() + 1e-3
        dm, ds = dl[..., c].mean(), dl[..., c].std() + 1e-3
        pl[..., c] = (pl[..., c] - pm) * np.clip(ds / ps, 0.6, 1.4) + (0.5 * pm + 0.5 * dm)
    patch = cv2.cvtColor(np.clip(pl, 0, 255).astype(np.uint8), cv2.COLOR_LAB2RGB)

    def lapvar(x):
        return float(cv2.Laplacian(cv2.cvtColor(x, cv2.COLOR_RGB2GRAY), cv2.CV_32F).var())

    sigma = 0.0
    target_sharp = lapvar(dest)
    while (
        lapvar(patch if sigma == 0 else cv2.GaussianBlur(patch, (0, 0), sigma)) > target_sharp * 1.1
        and sigma < 3
    ):
        sigma += 0.25
    if sigma:
        patch = cv2.GaussianBlur(patch, (0, 0), sigma)
    src_full = arr.copy()
    src_full[ty : ty + ph, tx : tx + pw] = patch
    mask = np.zeros((h, w), np.uint8)
    mask[ty : ty + ph, tx : tx + pw] = pmask
    out = _poisson(src_full, arr, mask)
    changed = np.any(out != arr, -1).astype(np.uint8) * 255
    return out, changed, {"blur_sigma": sigma, "dst": (cx, cy), "size": (pw, ph)}


def retouch(arr, cx, cy, rx, ry, exposure=1.18, saturation=1.35):
    """A soft round brush that raises exposure and saturation, as a photo
    editor's dodge-and-saturate brush would."""
    mask = ellipse_mask(arr.shape, cx, cy, rx, ry)
    alpha = cv2.GaussianBlur((mask > 0).astype(np.float32), (0, 0), max(rx, ry) / 4)
    alpha[alpha < 0.02] = 0
    hsv = cv2.cvtColor(arr, cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 1] = np.clip(hsv[..., 1] * saturation, 0, 255)
    hsv[..., 2] = np.clip(hsv[..., 2] * exposure, 0, 255)
    edited = cv2.cvtColor(hsv.astype(np.uint8), cv2.COLOR_HSV2RGB).astype(np.float32)
    out = arr.astype(np.float32) * (1 - alpha[..., None]) + edited * alpha[..., None]
    out = np.clip(out, 0, 255).round().astype(np.uint8)
    changed = np.any(out != arr, -1).astype(np.uint8) * 255
    return out, changed, {"exposure": exposure, "saturation": saturation}
