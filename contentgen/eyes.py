"""Record where the eyes are in every picture of the starter pack, for the "Compare faces" tool.

Run: contentgen/.venv-real/bin/python -m contentgen.eyes   (any venv with mediapipe 0.10.21, numpy and
OpenCV: contentgen/requirements-realistic.txt, or contentgen/requirements-recipe.txt installed --no-deps).

The app has no face detector (no numpy, OpenCV or mediapipe in its venv), so the face mesh runs here,
once, on every picture in content/starter/manifest.json, and content/cases/eyes.json keeps the two eye
centres of each picture in which it found a face, as fractions of the picture's width and height (the
same points contentgen/faceops.py uses to align faces). A picture with no face is recorded as null, so
the app can tell "no face here" from "never looked". Deterministic for one mediapipe version.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from PIL import Image

from contentgen import faceops

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "content" / "starter"
OUT = ROOT / "content" / "cases" / "eyes.json"
AUDIO = {".mp3", ".wav", ".ogg", ".flac"}


def eye_centres(path: Path) -> dict | None:
    with Image.open(path) as opened:
        rgb = np.asarray(opened.convert("RGB"))
    pts = faceops.landmarks(rgb)
    if pts is None:
        return None
    height, width = rgb.shape[:2]
    left, right = faceops.eye_centres(pts)
    return {
        "left": [round(float(left[0]) / width, 4), round(float(left[1]) / height, 4)],
        "right": [round(float(right[0]) / width, 4), round(float(right[1]) / height, 4)],
    }


def build(pack: Path) -> dict:
    examples = json.loads((pack / "manifest.json").read_text())["examples"]
    eyes = {}
    for item in examples:
        path = pack / item["file"]
        if path.suffix.lower() in AUDIO:
            continue
        eyes[item["key"]] = eye_centres(path)
    return {
        "format": "dll-eyes",
        "version": 1,
        "method": "mediapipe 0.10.21 face mesh; eye centre = mean of points 33, 133, 159, 145 (image left) "
        "and 362, 263, 386, 374 (image right); fractions of the picture's width and height",
        "eyes": eyes,
    }


def dumps(data: dict) -> str:
    """JSON with one picture a line, so a rebuild's diff shows which pictures moved."""
    head = {key: value for key, value in data.items() if key != "eyes"}
    lines = [f" {json.dumps(key)}: {json.dumps(value)}," for key, value in head.items()]
    eyes = [f"  {json.dumps(key)}: {json.dumps(value)}" for key, value in sorted(data["eyes"].items())]
    return "{\n" + "\n".join(lines) + '\n "eyes": {\n' + ",\n".join(eyes) + "\n }\n}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, default=STARTER)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    data = build(args.pack)
    args.out.write_text(dumps(data))
    found = sum(1 for value in data["eyes"].values() if value)
    print(f"eyes found in {found} of {len(data['eyes'])} pictures: {args.out}")


if __name__ == "__main__":
    main()
