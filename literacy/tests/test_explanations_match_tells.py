"""Every explanation in the starter pack describes what the build step did (issue 18, finding 4).

Two independent checks that the region an explanation names is where its tell is:

1. Pixels. Where the untouched original ships in the pack (`derived_from`), the
   pixels that changed between the two pictures must lie inside the recorded
   tells. This catches a tell drawn in the wrong place whatever the text says.
2. Words. Where an explanation names a region (a third of the frame such as
   "the bottom right", "an oval about 3% of the frame", "the whole picture",
   the eyes, the mouth, the whole inner face, the sky, the image's left), the
   tell must sit in that place and be of a plausible size.

Every edited item is covered by at least one of the two, so a new explanation
that names no checkable region and has no original fails here.

Pillow only (the app's own dependency); the manifest is read as shipped. Only
pictures are checked here: a recording's tells are time spans, not regions.
"""

import json
import re
from functools import cache

import pytest
from django.conf import settings
from PIL import Image, ImageChops, ImageDraw, ImageFilter

PACK = settings.CONTENT_DIR / "starter"
EDITS = {"face_swap", "retouch", "clone", "splice", "object_removal", "other"}
# Pixel check: blur both pictures (JPEG noise), take the strongest 1% of the
# difference (at least 12 grey levels), grow the tell by 3% of the short side.
BLUR = 2
STRONG_SHARE = 0.99
STRONG_MIN = 12
GROW = 0.03
MIN_INSIDE = 0.90  # share of strongly changed pixels that must fall inside a tell
SLACK = 0.04  # how far (in frame fractions) a centre may sit beyond a third's edge


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


@cache
def manifest() -> dict[str, dict]:
    """The pack's pictures (recordings, whose tells are time spans, are checked elsewhere)."""
    data = json.loads((PACK / "manifest.json").read_text(encoding="utf-8"))
    return {item["key"]: item for item in data["examples"] if item["file"].lower().endswith(IMAGE_SUFFIXES)}


def picture(item: dict) -> Image.Image:
    with Image.open(PACK / item["file"]) as im:
        return im.convert("RGB")


# --- geometry of a tell -----------------------------------------------------------


def corners(tell: dict) -> list[tuple[float, float]]:
    if tell["shape"] == "rect":
        x, y, w, h = tell["x"], tell["y"], tell["w"], tell["h"]
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    if tell["shape"] == "polygon":
        return [(float(x), float(y)) for x, y in tell["points"]]
    raise AssertionError(f"unknown tell shape {tell['shape']!r}")


def bbox(tell: dict) -> tuple[float, float, float, float]:
    pts = corners(tell)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def centre(tell: dict) -> tuple[float, float]:
    x0, y0, x1, y1 = bbox(tell)
    return (x0 + x1) / 2, (y0 + y1) / 2


def area(tell: dict) -> float:
    """Shoelace area as a share of the frame."""
    pts = corners(tell)
    twice = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True))
    return abs(twice) / 2


def tell_mask(tells: list[dict], size: tuple[int, int], grow: float = GROW) -> Image.Image:
    width, height = size
    mask = Image.new("L", size, 0)
    draw = ImageDraw.Draw(mask)
    for tell in tells:
        draw.polygon([(x * width, y * height) for x, y in corners(tell)], fill=255)
    # A square dilation by `radius` pixels. MaxFilter(3) applied `radius` times gives the same
    # picture as one MaxFilter(2 * radius + 1), whose cost grows with the square of its size
    # (3 s against 0.5 s for a 1024 x 640 frame).
    for _ in range(int(grow * min(size))):
        mask = mask.filter(ImageFilter.MaxFilter(3))
    return mask


# --- 1. pixels ------------------------------------------------------------------------


def share_of_change_inside(edited: Image.Image, original: Image.Image, tells: list[dict]) -> float:
    diff = ImageChops.difference(
        edited.filter(ImageFilter.GaussianBlur(BLUR)), original.filter(ImageFilter.GaussianBlur(BLUR))
    ).convert("L")
    hist = diff.histogram()
    total, running, threshold = sum(hist), 0, 255
    for level, count in enumerate(hist):
        running += count
        if running >= STRONG_SHARE * total:
            threshold = level
            break
    threshold = max(STRONG_MIN, threshold)
    strong = diff.point(lambda v: 255 if v >= threshold else 0)
    changed = strong.histogram()[255]
    inside = strong.histogram(mask=tell_mask(tells, edited.size))[255]
    return inside / changed if changed else 1.0


def pairs() -> list[tuple[dict, dict]]:
    items = manifest()
    return [
        (item, items[item["derived_from"]])
        for item in items.values()
        if item.get("tells") and item.get("derived_from") in items
    ]


@pytest.mark.parametrize("item,original", pairs(), ids=lambda v: v["key"] if isinstance(v, dict) else "")
def test_the_changed_pixels_lie_inside_the_tell(item, original):
    edited, source = picture(item), picture(original)
    assert edited.size == source.size, f"{item['key']} is not the size of {original['key']}"
    inside = share_of_change_inside(edited, source, item["tells"])
    assert inside >= MIN_INSIDE, (
        f"{item['key']}: only {inside:.0%} of the pixels that differ from {original['key']} "
        f"lie inside its tells {item['tells']}"
    )


def test_the_pixel_check_catches_a_tell_in_the_wrong_place():
    """Mirror each early scene edit's tell left to right: the check must fail for most of them."""
    caught = []
    for item, original in pairs():
        x0, _, x1, _ = bbox(item["tells"][0])
        if item["family"] not in ("scenes", "objects", "photos-hd") or (x0 < 0.05 and x1 > 0.95):
            continue
        if abs((x0 + x1) / 2 - 0.5) < 0.2:  # near the middle: a mirror would barely move it
            continue
        mirrored = [
            {"shape": "polygon", "points": [(1 - x, y) for x, y in corners(t)], "note": t["note"]}
            for t in item["tells"]
        ]
        caught.append(share_of_change_inside(picture(item), picture(original), mirrored) < MIN_INSIDE)
    assert len(caught) >= 5 and all(caught), caught


# --- 2. words ---------------------------------------------------------------------------

THIRD = re.compile(r"\b(?:in|over|into) (?:the )?(?:(top|middle|bottom) (left|centre|right)|(centre))\b")
OVAL_SHARE = re.compile(r"an oval about (\d+(?:\.\d+)?)% of the frame")
WHOLE = re.compile(r"\b(?:every pixel|the whole picture|the whole frame|across the whole)\b", re.I)
SKY = re.compile(r"\b(?:in|into) the (?:\w+ )?sky\b|\bsky above\b|\bupper third\b")
FACE_REGION = re.compile(
    r"\b(?:The|the) (whole inner face|eyes and brows|mouth and the skin around it)(?: \([^)]*\))? of face \d+"
)


def in_third(value: float, word: str) -> bool:
    low, high = {
        "top": (0, 1 / 3), "left": (0, 1 / 3), "middle": (1 / 3, 2 / 3), "centre": (1 / 3, 2 / 3),
        "bottom": (2 / 3, 1), "right": (2 / 3, 1),
    }[word]  # fmt: skip
    return low - SLACK <= value <= high + SLACK


def word_rules(item: dict) -> list[tuple[str, bool]]:
    """(what the explanation claims, whether a tell agrees) for every region it names."""
    text, tells = item["explanation"], item.get("tells") or []
    first = tells[0] if tells else None
    results = []
    match = THIRD.search(text)
    if match and first:
        vertical, horizontal = (match.group(1), match.group(2)) if match.group(1) else ("middle", "centre")
        cx, cy = centre(first)
        results.append((match.group(0), in_third(cx, horizontal) and in_third(cy, vertical)))
    match = OVAL_SHARE.search(text)
    if match and first:
        said = float(match.group(1)) / 100
        results.append((match.group(0), 0.6 * said <= area(first) <= 1.6 * said))
    if WHOLE.search(text):
        results.append(("the whole frame", any(area(t) >= 0.98 for t in tells)))
    match = FACE_REGION.search(text)
    if match and first:
        region = match.group(1)
        x0, y0, x1, y1 = bbox(first)
        cx, cy = centre(first)
        geometry = {
            # The generator aligns every face on the eyes at about 0.47 of the height.
            "eyes and brows": y0 <= 0.47 <= y1 and y1 <= 0.62 and (y1 - y0) <= 0.3,
            "mouth and the skin around it": cy >= 0.62 and y0 >= 0.52,
            "whole inner face": y0 <= 0.47 and y1 >= 0.75,
        }[region]
        results.append((region, geometry and region in first["note"]))
    if "morph" in text.lower() and "face outline" in text and first:
        x0, y0, x1, y1 = bbox(first)
        results.append(("inside the face outline", y0 <= 0.47 and y1 >= 0.8 and x0 <= 0.3 and x1 >= 0.7))
    if SKY.search(text) and first:
        results.append(("the sky / the upper part", centre(first)[1] < 0.5))
    if "upper third" in text and first:
        results.append(("the upper third", bbox(first)[1] <= 0.05 and bbox(first)[3] <= 0.4))
    if "on the image's left" in text and first:
        results.append(("the image's left", centre(first)[0] < 0.5))
    if "top-left corner" in text and first:
        cx, cy = centre(first)
        results.append(("the top-left corner", cx < 0.5 and cy < 0.5))
    if "at the bottom edge" in text and first:
        results.append(("the bottom edge", bbox(first)[3] >= 0.9))
    eye_tells = [t for t in tells if "eyes sit" in t["note"]]
    if eye_tells:  # "the eyes sit at exactly the same place in the frame as in every face"
        results.append(("the eye line", all(bbox(t)[1] <= 0.47 <= bbox(t)[3] for t in eye_tells)))
    return results


def edited_items() -> list[dict]:
    return [i for i in manifest().values() if i["label"] == "synthetic" and i["technique"] in EDITS]


@pytest.mark.parametrize("item", [i for i in manifest().values() if i.get("tells")], ids=lambda i: i["key"])
def test_every_region_an_explanation_names_is_where_its_tell_is(item):
    wrong = [claim for claim, agrees in word_rules(item) if not agrees]
    assert not wrong, f"{item['key']}: the explanation names {wrong} but the tells are {item['tells']}"


def test_every_edited_item_is_checked_by_its_pixels_or_its_words():
    with_original = {item["key"] for item, _ in pairs()}
    unchecked = [
        item["key"] for item in edited_items() if item["key"] not in with_original and not word_rules(item)
    ]
    assert not unchecked, f"edited items whose tell nothing checks: {unchecked}"
    assert all(item.get("tells") for item in edited_items()), "an edited item has no tell"


def test_the_word_rules_catch_a_wrong_region():
    """A guard against a vacuous test: move a tell away from what the text says."""
    item = {
        "key": "x",
        "label": "synthetic",
        "technique": "retouch",
        "explanation": "Local retouch: a soft round brush over the bottom right raised exposure.",
        "tells": [{"shape": "rect", "x": 0.05, "y": 0.05, "w": 0.2, "h": 0.2, "note": ""}],
    }
    assert word_rules(item) == [("over the bottom right", False)]
    item["tells"][0].update(x=0.75, y=0.75)
    assert word_rules(item) == [("over the bottom right", True)]
    swap = {
        "key": "y",
        "label": "synthetic",
        "technique": "face_swap",
        "explanation": "The eyes and brows of face 2 were pasted onto face 1.",
        "tells": [{"shape": "rect", "x": 0.3, "y": 0.62, "w": 0.4, "h": 0.2, "note": "eyes and brows"}],
    }
    assert word_rules(swap) == [("eyes and brows", False)]
    sky = {
        "key": "z",
        "label": "synthetic",
        "technique": "retouch",
        "explanation": "A brush darkened the sky above the hills.",
        "tells": [{"shape": "rect", "x": 0.0, "y": 0.7, "w": 1.0, "h": 0.3, "note": ""}],
    }
    assert word_rules(sky) == [("the sky / the upper part", False)]
