"""'Check a file': read an uploaded image in memory and answer with its metadata, Content Credentials,
ELA and reverse search.

Nothing is kept: the bytes live only for the request (Django's temporary upload file is deleted when
the request ends) and nothing about the upload is logged.
"""

import base64
import io

from PIL import ExifTags, Image, UnidentifiedImageError

from investigations import credentials
from investigations.reverse_search import search
from literacy.forensics import error_levels

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
ELA_WIDTH = 512


class BadUpload(ValueError):
    pass


def open_checked(uploaded) -> tuple[Image.Image, bytes]:
    """The decoded image and the file's bytes (the credentials are read from the bytes, not the pixels)."""
    if uploaded is None:
        raise BadUpload("Choose an image file to check.")
    if uploaded.size > MAX_BYTES:
        raise BadUpload("That file is larger than 5 MB. Try a smaller copy.")
    data = uploaded.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > MAX_PIXELS:
                raise BadUpload("That image has too many pixels to check here.")
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise BadUpload("That file is not an image we can read (JPEG, PNG or WebP).") from error
    return image, data


def metadata_rows(image: Image.Image) -> list[tuple[str, str]]:
    rows = [("Format", image.format or "unknown"), ("Size", f"{image.width} x {image.height} pixels")]
    for tag, value in image.getexif().items():
        name = ExifTags.TAGS.get(tag, f"Tag {tag}")
        text = value.decode("latin-1", "replace") if isinstance(value, bytes) else str(value)
        rows.append((name, text[:120]))
    return rows


def ela_data_uri(image: Image.Image) -> str:
    levels = error_levels(image)
    if levels.width > ELA_WIDTH:
        levels = levels.resize((ELA_WIDTH, round(levels.height * ELA_WIDTH / levels.width)))
    buffer = io.BytesIO()
    levels.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def check(uploaded) -> dict:
    image, data = open_checked(uploaded)
    return {
        "metadata": metadata_rows(image),
        "credentials": credentials.read(data, image.format),
        "ela": ela_data_uri(image),
        "matches": search(image),
    }
