"""Compare faces: does a picture put the eyes where one face generator always puts them?

Plain Python, no Django. StyleGAN-family generators learned from photos that were all cropped and
turned the same way around the eyes (FFHQ), so every face they make has the point between its eyes
at almost exactly the same place in the frame. The eye centres come from content/cases/eyes.json
(contentgen/eyes.py runs a face mesh over the pack once; the app has no face detector).

What the comparison can and cannot say: a face whose eyes sit in that spot looks like this
generator's output, but a real photo cropped and aligned the same way (as the training photos were)
would sit there too; a face elsewhere is not this generator's untouched output, which says nothing
about other generators or about a generated face that was cropped again.
"""

import json
import math
import statistics
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTER = ROOT / "content" / "starter"
EYES = ROOT / "content" / "cases" / "eyes.json"


@lru_cache(maxsize=1)
def _eyes() -> dict:
    return json.loads(EYES.read_text())["eyes"] if EYES.exists() else {}


@lru_cache(maxsize=1)
def generator_faces() -> tuple[str, tuple[str, ...]]:
    """The generator with the most faces in the pack, and the keys of its faces that have eyes recorded."""
    examples = json.loads((STARTER / "manifest.json").read_text())["examples"]
    by_generator: dict[str, list[str]] = {}
    for item in examples:
        if item["family"] == "faces-hd" and item["technique"] == "gan" and _eyes().get(item["key"]):
            name = item.get("generator", "an unnamed generator").split(" via ")[0]
            by_generator.setdefault(name, []).append(item["key"])
    if not by_generator:
        return "", ()
    name, keys = max(by_generator.items(), key=lambda pair: len(pair[1]))
    return name, tuple(keys)


def midpoint(eyes: dict) -> tuple[float, float]:
    (lx, ly), (rx, ry) = eyes["left"], eyes["right"]
    return (lx + rx) / 2, (ly + ry) / 2


@lru_cache(maxsize=64)
def _reference(exclude: str) -> tuple[tuple[float, float], float, tuple[tuple[float, float], ...]]:
    """The generator's usual point between the eyes (the median over its faces), how far from it the
    farthest of its faces lies, and every eye of those faces; the picture being checked left out."""
    eyes = _eyes()
    keys = [key for key in generator_faces()[1] if key != exclude]
    points = [midpoint(eyes[key]) for key in keys]
    centre = (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))
    reach = max(math.dist(point, centre) for point in points)
    cloud = tuple(tuple(eyes[key][side]) for key in keys for side in ("left", "right"))
    return centre, reach, cloud


def compare(pack_key: str, *, width: int, height: int) -> dict:
    """The comparison for one pack picture shown at width x height pixels.

    state: not_analysed (no eye record), no_face, matches or differs. Distances are in percent of
    the picture's size (fractions of its width across, of its height down)."""
    eyes = _eyes()
    name, keys = generator_faces()
    if pack_key not in eyes or not keys:
        return {"state": "not_analysed"}
    own = eyes[pack_key]
    if own is None:
        return {"state": "no_face"}
    centre, reach, cloud = _reference(pack_key)
    offset = math.dist(midpoint(own), centre)
    return {
        "state": "matches" if offset <= reach else "differs",
        "generator": name,
        "compared": len(cloud) // 2,
        "offset_percent": round(100 * offset, 1),
        "reach_percent": round(100 * reach, 1),
        "width": width,
        "height": height,
        # For the overlay: whole pixels of the picture, dots about 1/160 of its size.
        "radius": max(2, round(max(width, height) / 160)),
        "cloud": [(round(x * width), round(y * height)) for x, y in cloud],
        "eyes": [(round(x * width), round(y * height)) for x, y in (own["left"], own["right"])],
    }
