"""The media pipeline (Pillow).

Every file that enters the library passes `inspect_image`: its real format is
read from its bytes, its size and pixel count are bounded, truncated, corrupt
and polyglot files are refused, and its metadata is read once for the forensic
view. Originals are kept privately; what learners see are renditions: WebP,
sRGB, orientation applied, no metadata at all, at fixed widths, under random
names that say nothing about the example.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

from literacy import storage
from literacy.models import Rendition
from shared import ids

WEBP_QUALITY = 85
ALLOWED_FORMATS = {"PNG": "png", "JPEG": "jpeg", "WEBP": "webp"}

_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
)
_SRGB = ImageCms.createProfile("sRGB")


class MediaError(ValueError):
    """A file the library will not take, with a message a person can act on."""


@dataclass
class InspectedImage:
    format: str
    width: int
    height: int
    sha256: str
    data: bytes
    metadata: dict = field(default_factory=dict)


def _sniff(data: bytes) -> str | None:
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _looks_like_markup(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<svg", b"<!doctype", b"<html")) or b"<svg" in head


def _trailing_garbage(data: bytes, fmt: str) -> bool:
    """True when bytes follow the image's own end: the mark of a polyglot file
    (an image that is also a zip, a script or an HTML page)."""
    if fmt == "PNG":
        end = data.rfind(b"IEND")
        return end == -1 or len(data) - (end + 8) > 0
    if fmt == "JPEG":
        return not data.rstrip(b"\x00").endswith(b"\xff\xd9")
    if fmt == "WEBP":
        declared = int.from_bytes(data[4:8], "little") + 8
        return declared + (declared % 2) < len(data)
    return False


def _read_metadata(image: Image.Image, fmt: str) -> dict:
    meta: dict = {"format": fmt, "mode": image.mode, "width": image.width, "height": image.height}
    info = image.info
    if "dpi" in info:
        meta["dpi"] = [round(float(v), 1) for v in info["dpi"]]
    meta["icc_profile"] = bool(info.get("icc_profile"))
    meta["xmp"] = bool(info.get("xmp") or info.get("XML:com.adobe.xmp"))
    texts = {k: str(v)[:300] for k, v in info.items() if isinstance(v, str) and k not in {"xmp"}}
    if texts:
        meta["text"] = texts
    exif = {}
    try:
        raw = image.getexif()
    except Exception:  # noqa: BLE001 - a broken EXIF block is a finding, not a failure
        raw = {}
        meta["exif_error"] = True
    for tag, value in dict(raw).items():
        name = ExifTags.TAGS.get(tag, str(tag))
        if isinstance(value, bytes):
            value = f"<{len(value)} bytes>"
        exif[name] = str(value)[:200]
    if exif:
        meta["exif"] = exif
    return meta


def check_size(data: bytes, *, name: str) -> None:
    """Refuse an empty file or one over the upload limit (images and recordings)."""
    if not data:
        raise MediaError(f"{name}: the file is empty.")
    if len(data) > settings.MEDIA_MAX_UPLOAD_BYTES:
        limit = settings.MEDIA_MAX_UPLOAD_BYTES // (1024 * 1024)
        raise MediaError(f"{name}: the file is larger than {limit} MB.")


def inspect_image(data: bytes, *, name: str = "file") -> InspectedImage:
    """Validate an uploaded or imported image and read its metadata once."""
    check_size(data, name=name)
    if _looks_like_markup(data):
        raise MediaError(f"{name}: SVG and other markup files are not accepted; use PNG, JPEG or WebP.")
    fmt = _sniff(data)
    if fmt is None:
        raise MediaError(
            f"{name}: this is not a PNG, JPEG or WebP image (checked by its content, not its name)."
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != fmt:
                    raise MediaError(f"{name}: the file's content does not match a single image format.")
                width, height = probe.size
                if width * height > settings.MEDIA_MAX_PIXELS:
                    raise MediaError(
                        f"{name}: the image is {width}x{height} pixels, over the limit of "
                        f"{settings.MEDIA_MAX_PIXELS:,} pixels."
                    )
                if getattr(probe, "n_frames", 1) > 1:
                    raise MediaError(f"{name}: animated images are not accepted.")
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                metadata = _read_metadata(image, fmt)
    except MediaError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError(f"{name}: the image is too large to decode safely (a decompression bomb?).") from exc
    except UnidentifiedImageError as exc:
        raise MediaError(f"{name}: the image could not be read; it may be corrupt.") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise MediaError(f"{name}: the image is truncated or corrupt ({exc}).") from exc
    if _trailing_garbage(data, fmt):
        raise MediaError(
            f"{name}: extra data follows the image (a polyglot file?); re-save it as a plain image."
        )
    return InspectedImage(
        format=fmt,
        width=width,
        height=height,
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        metadata=metadata,
    )


def open_normalised(data: bytes) -> Image.Image:
    """Decode, apply EXIF orientation, convert to sRGB RGB, and drop every
    piece of metadata the source carried."""
    with Image.open(io.BytesIO(data)) as source:
        source.load()
        image = ImageOps.exif_transpose(source)
    icc = image.info.get("icc_profile")
    if image.mode in ("P", "PA", "LA", "L", "I", "I;16", "1", "CMYK", "RGBA"):
        if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
            base = Image.new("RGB", image.size, (255, 255, 255))
            rgba = image.convert("RGBA")
            base.paste(rgba, mask=rgba.getchannel("A"))
            image = base
        else:
            image = image.convert("RGB")
    elif image.mode != "RGB":
        image = image.convert("RGB")
    if icc:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            image = ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):
            pass  # an unreadable profile: keep the pixels as they are
    clean = image.copy()
    clean.info = {}
    return clean


def resize_to_width(image: Image.Image, width: int) -> Image.Image:
    """Keep the aspect ratio. Small sources (28 px digits) are enlarged with
    NEAREST so their pixels stay honest squares; larger ones shrink with LANCZOS."""
    if image.width == width:
        return image.copy()
    height = max(1, round(image.height * width / image.width))
    resample = Image.Resampling.NEAREST if width > image.width else Image.Resampling.LANCZOS
    return image.resize((width, height), resample)


def encode_webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # No exif, icc_profile or xmp arguments: the file carries pixels only.
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


def rendition_widths(widths: tuple[int, ...], original: int) -> list[int]:
    """The widths to make for an image `original` pixels wide: never enlarged
    past its own size (an enlarged photo shows blocks, not detail), with the
    original width itself as the largest when it falls between the standard
    ones. A tiny image (a 28-pixel digit) is enlarged to every width, with
    square pixels, so it can be seen at all. Images of one family share a
    size, so they share their widths whatever their label."""
    if original < widths[0]:
        return list(widths)
    fitting = [w for w in widths if w < original]
    return [*fitting, original] if original < widths[-1] else list(widths)


def build_renditions(
    example, image: Image.Image, *, written: list[str], purposes=("library", "quiz")
) -> list:
    """Make the WebP renditions of an example (unsaved Rendition objects with
    their files stored, each name noted in `written`). Callers save them
    inside their transaction."""
    made = []
    for purpose in purposes:
        for width in rendition_widths(settings.RENDITION_WIDTHS[purpose], image.width):
            made.append(webp_rendition(example, purpose, resize_to_width(image, width), written=written))
    return made


def webp_rendition(example, purpose: str, picture: Image.Image, *, written: list[str]):
    """One picture as a WebP rendition under a new random token: the file is
    stored (its name noted in `written`), the Rendition is left unsaved for
    the caller's transaction."""
    data = encode_webp(picture)
    token = ids.new_token()
    rendition = Rendition(
        example=example,
        purpose=purpose,
        width=picture.width,
        height=picture.height,
        token=token,
        bytes=len(data),
    )
    storage.save(rendition.file, f"{token}.webp", data, written=written)
    return rendition


def rendition_set(example, purpose: str) -> dict | None:
    """src, srcset, width and height for an <img>, from prefetched renditions."""
    chosen = sorted((r for r in example.renditions.all() if r.purpose == purpose), key=lambda r: r.width)
    if not chosen:
        return None
    first = chosen[0]
    return {
        "token": first.token,
        "src": first.url,
        "srcset": ", ".join(f"{r.url} {r.width}w" for r in chosen),
        "width": first.width,
        "height": first.height,
        "largest": chosen[-1].url,
    }
