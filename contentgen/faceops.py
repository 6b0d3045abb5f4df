"""Face landmarks (mediapipe 0.10.21 face mesh), eye-aligned crops, and
landmark-aligned swaps and morphs between generated faces.

Only numpy, OpenCV and mediapipe: the real-faces recipe (faces_pack.py) uses
this module too, without torch or OpenVINO.
"""

from __future__ import annotations

import cv2
import numpy as np

# Face-mesh landmark indices.
FACE_OVAL = [10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148,
             176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109]  # fmt: skip
# Inner face for a swap: brows, eyes, nose, mouth and cheeks, below the hairline.
INNER_FACE = [70, 63, 105, 66, 107, 9, 336, 296, 334, 293, 300, 383, 372, 345, 352, 411, 416, 434, 430, 431,
              262, 428, 199, 208, 32, 211, 210, 214, 192, 187, 123, 116, 143, 156]  # fmt: skip
EYES = [70, 63, 105, 66, 107, 55, 193, 168, 417, 285, 336, 296, 334, 293, 300, 276, 353, 342, 446, 261, 448, 449,
        450, 451, 452, 453, 464, 465, 351, 6, 122, 245, 244, 233, 232, 231, 230, 229, 228, 31, 226, 113, 124, 46]  # fmt: skip
MOUTH = [164, 393, 391, 322, 410, 287, 273, 335, 406, 313, 18, 83, 182, 106, 43, 57, 186, 92, 165, 167]
LEFT_EYE = [33, 133, 159, 145]  # image-left eye (subject's right)
RIGHT_EYE = [362, 263, 386, 374]
REGIONS = {"face": INNER_FACE, "eyes": EYES, "mouth": MOUTH}

_MESH = None


def mesh():
    global _MESH
    if _MESH is None:
        import mediapipe as mp

        _MESH = mp.solutions.face_mesh.FaceMesh(
            static_image_mode=True, max_num_faces=1, refine_landmarks=False
        )
    return _MESH


def landmarks(rgb: np.ndarray) -> np.ndarray | None:
    """468 x 2 pixel coordinates of the largest face, or None."""
    result = mesh().process(np.ascontiguousarray(rgb))
    if not result.multi_face_landmarks:
        return None
    h, w = rgb.shape[:2]
    pts = result.multi_face_landmarks[0].landmark
    return np.array([[p.x * w, p.y * h] for p in pts[:468]], np.float64)


def eye_centres(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return pts[LEFT_EYE].mean(0), pts[RIGHT_EYE].mean(0)


def aligned_crop(rgb: np.ndarray, pts: np.ndarray, size: int, eye_dist: float = 0.30, eye_y: float = 0.42):
    """Rotate and scale so the eyes are level, `eye_dist` of the width apart,
    at height `eye_y`: the same crop for every face, real or generated.
    Returns the crop and the 2x3 affine matrix used."""
    le, re = eye_centres(pts)
    angle = np.degrees(np.arctan2(re[1] - le[1], re[0] - le[0]))
    scale = eye_dist * size / np.linalg.norm(re - le)
    centre = (le + re) / 2
    M = cv2.getRotationMatrix2D((float(centre[0]), float(centre[1])), float(angle), float(scale))
    M[0, 2] += size / 2 - centre[0]
    M[1, 2] += eye_y * size - centre[1]
    crop = cv2.warpAffine(rgb, M, (size, size), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REFLECT101)  # fmt: skip
    return crop, M


def hull_polygon(pts: np.ndarray, idx: list[int]) -> np.ndarray:
    return cv2.convexHull(pts[idx].astype(np.float32)).reshape(-1, 2)


def _warp_triangles(src: np.ndarray, src_pts: np.ndarray, dst_pts: np.ndarray, shape, tris) -> np.ndarray:
    out = np.zeros(shape, np.float32)
    for tri in tris:
        s = src_pts[tri].astype(np.float32)
        d = dst_pts[tri].astype(np.float32)
        x, y, w, h = cv2.boundingRect(d)
        if w <= 0 or h <= 0:
            continue
        sx, sy, sw, sh = cv2.boundingRect(s)
        s_local = (s - [sx, sy]).astype(np.float32)
        d_local = (d - [x, y]).astype(np.float32)
        patch = src[sy : sy + sh, sx : sx + sw].astype(np.float32)
        if patch.size == 0:
            continue
        M = cv2.getAffineTransform(s_local, d_local)
        warped = cv2.warpAffine(patch, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT101)
        m = np.zeros((h, w), np.float32)
        cv2.fillConvexPoly(m, np.round(d_local).astype(np.int32), 1.0, cv2.LINE_AA)
        H, W = shape[:2]
        x1, y1 = min(W, x + w), min(H, y + h)
        region = out[y:y1, x:x1]
        mm = m[: y1 - y, : x1 - x, None]
        region[:] = region * (1 - mm) + warped[: y1 - y, : x1 - x] * mm
    return out


def delaunay(points: np.ndarray, shape) -> list[list[int]]:
    """Triangles over all landmarks (scipy's Qhull: every point kept, no holes)."""
    from scipy.spatial import Delaunay

    return Delaunay(points).simplices.tolist()


def colour_transfer(src: np.ndarray, ref: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Match the Lab mean and spread of `src` to `ref` inside `mask`."""
    s = cv2.cvtColor(np.clip(src, 0, 255).astype(np.uint8), cv2.COLOR_RGB2LAB).astype(np.float32)
    r = cv2.cvtColor(ref, cv2.COLOR_RGB2LAB).astype(np.float32)
    sel = mask > 0
    for c in range(3):
        sm, ss = s[..., c][sel].mean(), s[..., c][sel].std() + 1e-6
        rm, rs = r[..., c][sel].mean(), r[..., c][sel].std() + 1e-6
        s[..., c] = (s[..., c] - sm) * (rs / ss) + rm
    return cv2.cvtColor(np.clip(s, 0, 255).astype(np.uint8), cv2.COLOR_LAB2RGB)


def swap(target: np.ndarray, donor: np.ndarray, t_pts: np.ndarray, d_pts: np.ndarray, region: str = "face"):
    """Paste the donor's `region` (face, eyes or mouth) onto the target:
    Delaunay warp on the 468 landmarks, Lab colour transfer, Poisson blend.
    Returns (image, mask polygon in pixels)."""
    idx = REGIONS[region]
    poly = hull_polygon(t_pts, idx)
    mask = np.zeros(target.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, np.round(poly).astype(np.int32), 255)
    tris = delaunay(t_pts, target.shape)
    warped = _warp_triangles(donor, d_pts, t_pts, target.shape, tris)
    warped = colour_transfer(warped, target, mask)
    x, y, w, h = cv2.boundingRect(mask)
    centre = (x + w // 2, y + h // 2)
    # seamlessClone changes its mask argument in place in OpenCV 4.x: pass a copy.
    out = cv2.seamlessClone(warped, target, mask.copy(), centre, cv2.NORMAL_CLONE)
    # Poisson cloning touches its whole bounding box; keep only the mask, so the mask outline is the edit.
    out = np.where(mask[..., None] > 0, out, target)
    return out, poly, mask


def morph(a: np.ndarray, b: np.ndarray, a_pts: np.ndarray, b_pts: np.ndarray, alpha: float = 0.5):
    """Average two faces' shapes and textures inside the face oval, blended onto `a`."""
    mid = (1 - alpha) * a_pts + alpha * b_pts
    tris = delaunay(mid, a.shape)
    wa = _warp_triangles(a, a_pts, mid, a.shape, tris)
    wb = _warp_triangles(b, b_pts, mid, a.shape, tris)
    blend = (1 - alpha) * wa + alpha * wb
    poly = hull_polygon(mid, FACE_OVAL)
    mask = np.zeros(a.shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, np.round(poly).astype(np.int32), 255)
    mask = cv2.erode(mask, np.ones((15, 15), np.uint8))
    x, y, w, h = cv2.boundingRect(mask)
    blend = colour_transfer(blend, a, mask)
    out = cv2.seamlessClone(blend, a, mask.copy(), (x + w // 2, y + h // 2), cv2.NORMAL_CLONE)
    out = np.where(mask[..., None] > 0, out, a)
    cs = cv2.findContours(mask.copy(), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)[0]
    poly = cv2.approxPolyDP(max(cs, key=cv2.contourArea), 2.0, True).reshape(-1, 2).astype(np.float64)
    return out, poly, mask
