"""Recipe: build a "which face is real?" pack from licensed real portraits and
already-generated faces, treated identically so that only the faces differ.

python -m contentgen.faces_pack --real DIR --generated DIR_OR_PACK --out DIR \
    --licence CC-BY-4.0 --attribution "Face Research Lab London Set, DeBruine & Jones (2017), CC BY 4.0" \
    [--licence-url URL] [--author TEXT] [--lineage TEXT] [--size N] [--limit N] [--use study|assessment]

--generated may be a folder of images or a pack folder (manifest.json): from a
pack only study faces-hd items with technique gan are taken, with their lineage.

Every face, real or generated, goes through the same steps
(docs/starter-pack.md, "Recipe", says why each one is there):
1. mediapipe face-mesh landmarks (468 points) find the eyes, nose, mouth and chin;
2. common resolution: every image is reduced by area averaging (never
   enlarged) until its eyes are as far apart as the smallest eye distance among
   all the faces, then turned so the eyes are level and cut to the inner face
   (a frame 2.2 eye distances wide, from the forehead to the chin); a frame
   smaller than the site's smallest quiz width (360) is enlarged, bicubic, to
   the nearest size that divides it, so the site enlarges it by whole pixels;
3. black and white, and a brightness and contrast drawn at random for each
   face from one range (seeded by the item's key), the same range for either
   label, so neither the photo set's colour rendering nor its studio lighting
   says which is which;
4. pairing: real and generated faces are paired one to one, closest first, on
   head turn and tilt, mouth opening and width, face proportions, and the
   crop's brightness, contrast, colourfulness, fine detail and WebP size; with
   --limit only the N closest pairs are kept;
5. the same light grain, and JPEG at the highest quality within one byte budget.
Nothing is painted in or removed: the real portraits are cropped, resampled,
turned grey, scaled in tone and re-encoded, nothing else.

Needs numpy, Pillow, OpenCV and mediapipe (requirements-recipe.txt).
The output is a content pack (docs/content-packs.md), family
faces-real-or-generated, as many real as generated faces. With --use study (the
default) they feed the practice quiz "Which face is real?"; with --use
assessment the pairs are split alternately into the pre and post sets.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from contentgen import faceops
from contentgen.finish import grain, jpeg

FAMILY = "faces-real-or-generated"
EXTS = {".jpg", ".jpeg", ".png", ".webp"}
# Eye distance as a fraction of the frame width and eye height as a fraction
# of its height: a frame of 2.2 eye distances, from the forehead to the chin,
# inside the cheeks.
EYE_DIST, EYE_Y = 0.46, 0.36
GRAIN = 1.2
BYTES_PER_PIXEL = 0.2
# The site's smallest quiz rendition (config/settings.py RENDITION_WIDTHS). The
# site enlarges a smaller image with square pixels; a frame smaller than this is
# enlarged here (bicubic, the same for every face) to the nearest size that
# divides it, so the site's enlargement is by whole pixels (146 -> 180 -> 360, 720).
SITE_MIN_WIDTH = 360
# Brightness is drawn within +-20 grey levels of the mean over all faces,
# contrast (standard deviation of the grey levels) within +-25% of theirs.
TONE_SPREAD = (20.0, 0.25)
GREY = np.array([0.299, 0.587, 0.114])
# Face-mesh points for the geometry used to pair faces.
NOSE_TIP, CHIN, UPPER_LIP, LOWER_LIP, MOUTH_L, MOUTH_R, CHEEK_L, CHEEK_R = 1, 152, 13, 14, 61, 291, 234, 454


@dataclass(eq=False)
class Face:
    path: Path
    rgb: np.ndarray
    pts: np.ndarray
    entry: dict

    @property
    def eye_distance(self) -> float:
        le, re = faceops.eye_centres(self.pts)
        return float(np.linalg.norm(re - le))


def geometry(pts: np.ndarray) -> dict[str, float]:
    """Pose and expression from landmarks, in eye distances, in the frame
    where the eyes are level: head turn (nose tip left or right of the eyes'
    midpoint), tilt (nose tip below the eyes), mouth opening and width,
    eyes-to-chin height and cheek-to-cheek width."""
    le, re = faceops.eye_centres(pts)
    d = float(np.linalg.norm(re - le))
    ux = (re - le) / d
    uy = np.array([-ux[1], ux[0]])
    mid = (le + re) / 2

    def local(i: int) -> np.ndarray:
        v = pts[i] - mid
        return np.array([v @ ux, v @ uy]) / d

    def dist(i: int, j: int) -> float:
        return float(np.linalg.norm(pts[i] - pts[j]) / d)

    return {
        "turn": float(local(NOSE_TIP)[0]),
        "tilt": float(local(NOSE_TIP)[1]),
        "mouth_open": dist(UPPER_LIP, LOWER_LIP),
        "mouth_width": dist(MOUTH_L, MOUTH_R),
        "lower_face": float(local(CHIN)[1]),
        "face_width": dist(CHEEK_L, CHEEK_R),
    }


def grey_levels(arr: np.ndarray) -> np.ndarray:
    return arr.astype(np.float64) if arr.ndim == 2 else arr.astype(np.float64) @ GREY


def statistics(arr: np.ndarray) -> dict[str, float]:
    """Coarse statistics of a crop, as the pack audit measures them:
    brightness, contrast, colourfulness (Hasler and Suesstrunk) and fine
    detail (variance of the Laplacian)."""
    rgb = np.repeat(arr[..., None], 3, axis=2).astype(np.float64) if arr.ndim == 2 else arr.astype(np.float64)
    g = rgb @ GREY
    rg, yb = rgb[..., 0] - rgb[..., 1], 0.5 * (rgb[..., 0] + rgb[..., 1]) - rgb[..., 2]
    return {
        "brightness": float(g.mean()),
        "contrast": float(g.std()),
        "colourfulness": float(np.hypot(rg.std(), yb.std()) + 0.3 * np.hypot(rg.mean(), yb.mean())),
        "detail": float(cv2.Laplacian(g, cv2.CV_64F, ksize=1).var()),
    }


def match(reals: list[Face], gens: list[Face], measure) -> list[tuple[Face, Face, float]]:
    """Pair real and generated faces one to one, closest first: each face is
    described by `measure(face)` (a vector), each measure scaled by its spread
    among the real faces; the closest pair overall is taken, then the closest
    of the rest, until one side runs out."""
    R = np.array([measure(f) for f in reals])
    G = np.array([measure(f) for f in gens])
    spread = np.maximum(R.std(0), 1e-6)
    D = np.linalg.norm((R[:, None, :] - G[None, :, :]) / spread, axis=2)
    pairs = []
    for _ in range(min(len(reals), len(gens))):
        i, j = np.unravel_index(int(np.argmin(D)), D.shape)
        pairs.append((reals[i], gens[j], float(D[i, j])))
        D[i, :] = np.inf
        D[:, j] = np.inf
    return pairs


def crop(face: Face, eye_px: float, size: int) -> np.ndarray:
    """Reduce the whole image by area averaging so the eyes are `eye_px`
    apart (never enlarging), turn the eyes level and cut the inner-face
    frame, then resize that frame to `size` (the same for every face)."""
    f = min(1.0, eye_px / face.eye_distance)
    h, w = face.rgb.shape[:2]
    small = cv2.resize(face.rgb, (max(1, round(w * f)), max(1, round(h * f))), interpolation=cv2.INTER_AREA)
    # The actual factors after rounding, so the landmarks follow the pixels.
    pts = face.pts * [small.shape[1] / w, small.shape[0] / h]
    frame = max(8, round(eye_px / EYE_DIST))
    out, _M = faceops.aligned_crop(small, pts, frame, EYE_DIST, EYE_Y)
    if frame != size:
        out = cv2.resize(out, (size, size), interpolation=cv2.INTER_AREA if size < frame else cv2.INTER_CUBIC)
    return out


def set_tone(arr: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Scale the grey levels to `mean` and `std` (again after clipping to
    0..255, until they hold)."""
    out = arr.astype(np.float64)
    for _ in range(4):
        g = grey_levels(out)
        out = np.clip((out - g.mean()) * (std / max(g.std(), 1e-6)) + mean, 0, 255)
    return out.round().astype(np.uint8)


def drawn_tone(key: str, mean: float, std: float) -> tuple[float, float]:
    rng = np.random.default_rng(int(hashlib.sha256(f"tone:{key}".encode()).hexdigest()[:8], 16))
    return (
        mean + rng.uniform(-TONE_SPREAD[0], TONE_SPREAD[0]),
        std * (1 + rng.uniform(-TONE_SPREAD[1], TONE_SPREAD[1])),
    )


def finish(arr: np.ndarray, key: str, budget: int) -> tuple[bytes, int]:
    arr = grain(arr, GRAIN, key)
    lo, hi, best = 60, 95, None
    while lo <= hi:
        mid = (lo + hi) // 2
        data = jpeg(arr, mid)
        if len(data) <= budget:
            best, lo = (data, mid), mid + 1
        else:
            hi = mid - 1
    return best if best else (jpeg(arr, 60), 60)


def webp_bytes(data: bytes) -> float:
    """Size of the WebP the site makes of a finished file (literacy/media.py: quality 85)."""
    out = io.BytesIO()
    Image.open(io.BytesIO(data)).convert("RGB").save(out, "WEBP", quality=85, method=4)
    return float(len(out.getvalue()))


def face_key(face: Face, *, real: bool) -> str:
    digest = hashlib.sha256(face.path.name.encode()).hexdigest()[:10]
    return f"realface-{digest}" if real else f"genface-{digest}"


def load(path: Path, entry: dict) -> Face | None:
    rgb = np.array(Image.open(path).convert("RGB"))
    pts = faceops.landmarks(rgb)
    return None if pts is None else Face(path, rgb, pts, entry)


def generated_items(src: Path) -> list[tuple[Path, dict]]:
    manifest = src / "manifest.json"
    if manifest.exists():
        ex = json.loads(manifest.read_text())["examples"]
        return [
            (src / e["file"], e)
            for e in ex
            if e.get("family") == "faces-hd" and e.get("technique") == "gan" and e.get("use") == "study"
        ]
    return [(p, {}) for p in sorted(src.iterdir()) if p.suffix.lower() in EXTS]


def treatment(*, eye_px: int, frame: int, size: int, budget: int, colour: str, tone: str, n_gens: int) -> str:
    """What the build step did: one text for every face of the pack."""
    if size == frame:
        resize = f" ({size} x {size} pixels)"
    else:
        resize = f" ({frame} x {frame} pixels), then {'enlarged (bicubic)' if size > frame else 'reduced'} to {size} x {size}"
    steps = [
        "The build step (contentgen/faces_pack.py) did the same to every face in this quiz, real or generated: "
        "it found the face with mediapipe's 468 face landmarks, reduced the whole image by area averaging until "
        f"the eyes were {eye_px} pixels apart (the smallest eye distance among all the faces, so no face is "
        "sharper than another because of where it came from), turned it so the eyes are level and cut the "
        f"inner face, from the forehead to the chin{resize}."
    ]
    if colour == "grey":
        steps.append(
            "It turned the picture black and white, because the two sources render colour differently."
        )
    if tone == "drawn":
        steps.append(
            "It set the brightness and contrast to values drawn at random from one range, the same range for "
            "real and generated faces, because the real portraits share one studio lighting."
        )
    elif tone == "same":
        steps.append("It set every face to the same mean brightness and contrast.")
    steps.append(
        f"It added the same light grain and saved a JPEG of at most {budget // 1000} KB. Nothing was painted "
        "in or removed. Each real portrait was paired with the generated face, out of "
        f"{n_gens}, closest to it in head pose, expression, face proportions, brightness, contrast, fine "
        "detail and file size, so that these differ as little as the available faces allow."
    )
    return " ".join(steps)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--real", required=True, type=Path)
    p.add_argument("--generated", required=True, type=Path)
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--licence", required=True, help="SPDX id of the real portraits, e.g. CC-BY-4.0")
    p.add_argument("--attribution", required=True)
    p.add_argument("--licence-url", default="")
    p.add_argument("--author", default="")
    p.add_argument("--lineage", default="")
    p.add_argument("--source", default="")
    p.add_argument(
        "--size",
        type=int,
        default=0,
        help=f"output width and height in pixels (0: the common-resolution frame, or if smaller than {SITE_MIN_WIDTH} "
        f"the nearest size above it that divides {SITE_MIN_WIDTH})",
    )
    p.add_argument(
        "--eye-px",
        type=int,
        default=0,
        help="common resolution: eye distance in pixels (0: the smallest among the faces; never more)",
    )
    p.add_argument(
        "--budget",
        type=int,
        default=0,
        help=f"JPEG byte budget per face (0: {BYTES_PER_PIXEL} bytes a pixel)",
    )
    p.add_argument("--limit", type=int, default=0, help="keep only the N closest pairs (0: every pair)")
    p.add_argument(
        "--colour",
        choices=("grey", "keep"),
        default="grey",
        help="grey (default): every face in black and white",
    )
    p.add_argument(
        "--tone",
        choices=("drawn", "same", "keep"),
        default="drawn",
        help="drawn (default): brightness and contrast drawn per face from one range; same: one value for all",
    )
    p.add_argument(
        "--use",
        choices=("study", "assessment"),
        default="study",
        help="study: the library and the practice quiz 'Which face is real?'; assessment: graded pre/post sets",
    )
    a = p.parse_args(argv)

    skipped: list[str] = []
    reals: list[Face] = []
    for q in sorted(a.real.iterdir()):
        if q.suffix.lower() in EXTS:
            face = load(q, {})
            (reals.append(face) if face else skipped.append(q.name))
    gens: list[Face] = []
    for q, e in generated_items(a.generated):
        face = load(q, e)
        (gens.append(face) if face else skipped.append(q.name))
    if not reals or not gens:
        print("No faces to pair: check --real and --generated.", file=sys.stderr)
        return 1

    eye_px = math.floor(min(f.eye_distance for f in reals + gens))
    if a.eye_px:
        eye_px = min(eye_px, a.eye_px)
    frame = max(8, round(eye_px / EYE_DIST))
    size = a.size or (frame if frame >= SITE_MIN_WIDTH else round(SITE_MIN_WIDTH / (SITE_MIN_WIDTH // frame)))
    budget = a.budget or int(BYTES_PER_PIXEL * size * size)
    keys = {id(f): face_key(f, real=True) for f in reals} | {id(f): face_key(f, real=False) for f in gens}
    crops = {}
    for f in reals + gens:
        arr = crop(f, eye_px, size)
        crops[id(f)] = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY) if a.colour == "grey" else arr
    if a.tone != "keep":
        # The range is centred on the mean over all faces, real and generated.
        mean = float(np.mean([grey_levels(c).mean() for c in crops.values()]))
        std = float(np.mean([grey_levels(c).std() for c in crops.values()]))
        for i, c in crops.items():
            crops[i] = set_tone(c, *(drawn_tone(keys[i], mean, std) if a.tone == "drawn" else (mean, std)))
    finished = {i: finish(arr, keys[i], budget) for i, arr in crops.items()}

    def measure(face: Face) -> list[float]:
        data = finished[id(face)][0]
        return [*geometry(face.pts).values(), *statistics(crops[id(face)]).values(), webp_bytes(data)]

    pairs = match(reals, gens, measure)
    if a.limit:
        pairs = pairs[: a.limit]
    pairs.sort(key=lambda pair: pair[0].path.name)
    how = treatment(eye_px=eye_px, frame=frame, size=size, budget=budget, colour=a.colour, tone=a.tone,
                    n_gens=len(gens))  # fmt: skip

    shutil.rmtree(a.out, ignore_errors=True)
    (a.out / "media").mkdir(parents=True)
    examples = []
    salt = hashlib.sha256(str(a.out.resolve()).encode()).hexdigest()[:8]
    # The generated face's tell box: the eyes and the skin between them, where
    # the frame puts every face's eyes.
    eyes_box = {"shape": "rect", "x": round(0.5 - 0.75 * EYE_DIST, 4), "y": round(EYE_Y - 0.12, 4),
                "w": round(1.5 * EYE_DIST, 4), "h": 0.24}  # fmt: skip
    for n, (real, gen, distance) in enumerate(pairs):
        set_ = ("pre" if n % 2 == 0 else "post") if a.use == "assessment" else ""
        for face in (real, gen):
            q, e, key = face.path, face.entry, keys[id(face)]
            if face is real:
                extra = {"label": "real", "technique": "photograph",
                         "explanation": ("A photograph of a real person, from a licensed set of portraits (" + a.attribution + "). "
                                         "The face is the camera's pixels, cropped, resampled and re-encoded. " + how),
                         "source": a.source or f"real portraits folder: {q.name}", "author": a.author or a.attribution,
                         "licence": a.licence, "attribution": a.attribution,
                         "lineage": a.lineage or f"Camera photograph; {a.attribution}",
                         "noncommercial": "NC" in a.licence.upper(), "source_group": f"real-{q.stem}"}  # fmt: skip
                if a.licence_url:
                    extra["licence_url"] = a.licence_url
            else:
                extra = {"label": "synthetic", "technique": "gan",
                         "explanation": ("This person does not exist: a generated face (" + (e.get("generator") or "generated image") + "). "
                                         + how + " Look at the skin texture, the eyes and their reflections, the eyebrows, "
                                         "and the teeth where they show."),
                         "generator": e.get("generator", "unknown generator"), "source": e.get("source", f"generated faces folder: {q.name}"),
                         "author": e.get("author", "unknown"), "licence": e.get("licence", "unknown"),
                         "lineage": e.get("lineage", "generated face; lineage not recorded"),
                         "noncommercial": bool(e.get("noncommercial", True)),
                         "source_group": e.get("source_group", f"generated-{q.stem}"),
                         "tells": [{**eyes_box,
                                    "note": "Generated: no single flaw is marked on this crop. Compare the skin between "
                                            "and around the eyes, the eye reflections and the eyebrows with the real faces."}]}  # fmt: skip
                if e.get("licence_url"):
                    extra["licence_url"] = e["licence_url"]
            data, qual = finished[id(face)]
            name = hashlib.sha256(f"faces-pack:{salt}:{key}".encode()).hexdigest()[:16] + ".jpg"
            (a.out / "media" / name).write_bytes(data)
            made = {"script": "contentgen/faces_pack.py",
                    "step": "landmarks, common resolution, inner-face crop, grey, drawn tone, pairing, finish",
                    "source_file": q.name, "source_eye_distance_px": round(face.eye_distance, 1),
                    "eye_distance_px": eye_px, "size": size, "colour": a.colour, "tone": a.tone,
                    "jpeg_quality": qual, "paired_with": (gen if face is real else real).path.name,
                    "pair_distance": round(distance, 3)}  # fmt: skip
            examples.append({"key": key, "file": f"media/{name}", "sha256": hashlib.sha256(data).hexdigest(),
                             "title": "Portrait", "family": FAMILY, "difficulty": 4, "use": a.use,
                             **({"set": set_} if set_ else {}), "era": "current", **extra, "made": made})  # fmt: skip
    manifest = {"format": "deepfake-literacy-lab/pack", "version": 1, "name": "Which face is real? (recipe pack)",
                "examples": examples}  # fmt: skip
    (a.out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    print(
        f"{len(pairs)} real + {len(pairs)} generated faces (paired from {len(reals)} real, {len(gens)} generated)"
        f" -> {a.out}; eyes {eye_px} px apart, {size} px; skipped (no face found): {len(skipped)}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
