"""Error level analysis (ELA), computed once per example and cached as a rendition.

ELA re-saves an image as JPEG at a known quality and amplifies the difference.
Areas that were pasted in or edited after the last save can recompress
differently from their surroundings. It is a hint, never proof: edges, text,
flat colour and the file's own history all change the picture.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageChops

from literacy import media

ELA_QUALITY = 90
ELA_WIDTH = 640


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


def ela_rendition(example):
    """The cached ELA rendition of an example, made from its private original."""
    from literacy.models import Rendition

    existing = next((r for r in example.renditions.all() if r.purpose == Rendition.Purpose.ELA), None)
    if existing is not None:
        return existing
    with example.original.open("rb") as handle:
        image = media.open_normalised(handle.read())
    levels = error_levels(image)
    width = min(ELA_WIDTH, max(levels.width, 320))
    resized = media.resize_to_width(levels, width)
    data = media.encode_webp(resized)
    token = media.new_token()
    rendition = Rendition(
        example=example,
        purpose=Rendition.Purpose.ELA,
        width=resized.width,
        height=resized.height,
        token=token,
        bytes=len(data),
    )
    rendition.file.save(f"{token}.webp", ContentFile(data), save=False)
    rendition.save()
    return rendition
