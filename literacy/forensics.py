"""Error level analysis (ELA), made once per example when it is imported, kept as a rendition.

ELA re-saves an image as JPEG at a known quality and amplifies the difference.
Areas that were pasted in or edited after the last save can recompress
differently from their surroundings. It is a hint, never proof: edges, text,
flat colour and the file's own history all change the picture.
"""

from __future__ import annotations

import io

from django.conf import settings
from PIL import Image, ImageChops

from literacy import media
from literacy.models import Rendition

ELA_QUALITY = 90
# Small images (28 px digits) are shown at least this wide, so the levels can be seen.
ELA_MIN_WIDTH = 320


def error_levels(image: Image.Image, *, quality: int = ELA_QUALITY) -> Image.Image:
    """Difference between an image and its JPEG re-save, stretched to full range."""
    rgb = image.convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as resaved:
        diff = ImageChops.difference(rgb, resaved.convert("RGB"))
    brightest = max(high for _low, high in diff.getextrema()) or 1
    scale = 255.0 / brightest
    return diff.point(lambda value: min(255, int(value * scale)))


def build_ela_rendition(example, image: Image.Image, *, written: list[str]):
    """The ELA rendition of an example (unsaved, its file stored and its name
    noted in `written`), made from the normalised original when the example
    is imported or uploaded."""
    levels = error_levels(image)
    widest = settings.RENDITION_WIDTHS["ela"][-1]
    width = max(min(widest, levels.width), min(ELA_MIN_WIDTH, widest))
    resized = media.resize_to_width(levels, width)
    return media.webp_rendition(example, Rendition.Purpose.ELA, resized, written=written)


def ela_of(example):
    """The example's ELA rendition from its prefetched renditions (a read: it
    is made at import, never while a page is served), or None."""
    return next((r for r in example.renditions.all() if r.purpose == Rendition.Purpose.ELA), None)
