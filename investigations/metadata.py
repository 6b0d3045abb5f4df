"""What a picture file says about itself: its format, size, EXIF tags and other embedded blocks.

Plain Python (Pillow), no Django. Metadata is a claim written into the file: anyone can remove it,
and anyone can write it. Most sites strip it on upload, so a file without it proves nothing, and a
file with it proves only what someone (or some software) wrote there.
"""

import io

from PIL import ExifTags, Image

MAX_ROWS = 40
MAX_VALUE = 120
# Sub-blocks of EXIF worth reading: camera settings and the capture time live in the Exif block,
# a location in the GPS block (shown as "recorded", never as coordinates, to keep the page short).
EXIF_IFD = ExifTags.IFD.Exif
GPS_IFD = ExifTags.IFD.GPSInfo
SKIPPED_TAGS = {"MakerNote", "ExifOffset", "GPSInfo", "PrintImageMatching", "UserComment"}


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1", "replace").strip("\x00 ")
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def exif_rows(image: Image.Image) -> list[tuple[str, str]]:
    """The file's EXIF tags in plain names, the main block and then the camera block."""
    exif = image.getexif()
    rows = []
    blocks = [exif.items(), exif.get_ifd(EXIF_IFD).items()]
    for block in blocks:
        for tag, value in block:
            name = ExifTags.TAGS.get(tag, f"Tag {tag}")
            if name not in SKIPPED_TAGS:
                rows.append((name, _text(value)))
    if exif.get_ifd(GPS_IFD):
        rows.append(("GPS", "a location is recorded"))
    return rows[:MAX_ROWS]


def other_blocks(image: Image.Image) -> list[str]:
    """Embedded blocks besides EXIF, named, not shown: they are where software leaves its traces."""
    found = []
    info = image.info
    if info.get("icc_profile"):
        found.append("a colour profile (ICC)")
    if info.get("xmp") or info.get("XML:com.adobe.xmp"):
        found.append("XMP metadata (often written by editing or generating software)")
    if info.get("comment"):
        found.append(f"a comment: {_text(info['comment'])}")
    if image.format == "PNG":
        chunks = [key for key, value in info.items() if isinstance(value, str) and key != "XML:com.adobe.xmp"]
        if chunks:
            found.append(f"PNG text fields: {', '.join(sorted(chunks))}")
    if any(marker == "APP11" for marker, _data in getattr(image, "applist", [])):
        found.append("a Content Credentials (C2PA) block: the Content Credentials tool reads it")
    return found


def read(data: bytes) -> dict:
    """Format, size in pixels and bytes, EXIF rows and other blocks of one image file."""
    with Image.open(io.BytesIO(data)) as image:
        return {
            "format": image.format or "unknown",
            "width": image.width,
            "height": image.height,
            "bytes": len(data),
            "exif": exif_rows(image),
            "other": other_blocks(image),
        }
