"""What an MP3 file says about itself: its stream (MPEG version, sample rate, channels, bitrate, length),
the encoder named in it, and its tags (ID3v2 and ID3v1).

Plain Python, no Django, no decoder: the headers are read from the bytes (ISO/IEC 11172-3 and 13818-3
frame headers; the Xing/Info frame of variable-bitrate files; ID3v2.3/2.4 and ID3v1 tags). Like a
picture's EXIF, tags are a claim written into the file that anyone can remove or write, and nothing
in a container says whether a person or a program made the voice.
"""

from __future__ import annotations

import re

MAX_TAGS = 20
MAX_VALUE = 120
VERSIONS = {0b00: "MPEG-2.5", 0b10: "MPEG-2", 0b11: "MPEG-1"}
LAYERS = {0b01: "Layer III", 0b10: "Layer II", 0b11: "Layer I"}
# Layer III bitrates in kbit/s by index (index 0 is "free", 15 is invalid).
BITRATES_V1 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
BITRATES_V2 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
RATES = {"MPEG-1": (44100, 48000, 32000), "MPEG-2": (22050, 24000, 16000), "MPEG-2.5": (11025, 12000, 8000)}
CHANNELS = ("stereo", "joint stereo", "two channels", "mono")
# ID3v2 frames worth naming (the text frames a recorder, an editor or a generator may fill in).
FRAMES = {
    "TIT2": "Title",
    "TPE1": "Artist",
    "TALB": "Album",
    "TDRC": "Recorded",
    "TYER": "Year",
    "TENC": "Encoded by",
    "TSSE": "Encoder settings",
    "TCON": "Genre",
    "COMM": "Comment",
    "TXXX": "Custom text",
    "APIC": "Attached picture",
}
# The version string an encoder leaves in the first frames: "LAME3.100", "LAME4.1 (alpha 0)", "Lavf61.7.100".
ENCODER = re.compile(rb"(?:LAME|Lavf|Lavc)[0-9][0-9.]*(?: \([a-z]+ ?[0-9]*\))?")


def _syncsafe(data: bytes) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def _text(value: bytes) -> str:
    """An ID3 text frame's value: a first byte naming the encoding, then the text."""
    encoding, body = (value[0], value[1:]) if value else (0, b"")
    codec = {0: "latin-1", 1: "utf-16", 2: "utf-16-be", 3: "utf-8"}.get(encoding, "latin-1")
    text = body.decode(codec, "replace").replace("\x00", " ").strip()
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def id3v2(data: bytes) -> tuple[list[tuple[str, str]], int]:
    """The ID3v2 tag at the start of the file, as (name, value) rows, and its length in bytes."""
    if len(data) < 10 or data[:3] != b"ID3":
        return [], 0
    major, size = data[3], _syncsafe(data[6:10])
    end = min(len(data), 10 + size)
    rows, at = [], 10
    while at + 10 <= end and len(rows) < MAX_TAGS:
        frame_id = data[at : at + 4]
        if not frame_id.strip(b"\x00") or not frame_id.isalnum():
            break
        raw = data[at + 4 : at + 8]
        length = _syncsafe(raw) if major >= 4 else int.from_bytes(raw, "big")
        value = data[at + 10 : at + 10 + length]
        name = frame_id.decode("ascii")
        shown = "(a picture)" if name == "APIC" else _text(value) if name[0] in "TC" else f"({length} bytes)"
        rows.append((FRAMES.get(name, name), shown))
        at += 10 + length
    return rows, end


def id3v1(data: bytes) -> list[tuple[str, str]]:
    if len(data) < 128 or data[-128:-125] != b"TAG":
        return []
    tag = data[-128:]
    fields = (("Title", tag[3:33]), ("Artist", tag[33:63]), ("Album", tag[63:93]), ("Year", tag[93:97]))
    return [(name, value.decode("latin-1").strip("\x00 ")) for name, value in fields if value.strip(b"\x00 ")]


def frame_header(data: bytes, start: int) -> tuple[int, dict] | None:
    """The first MPEG audio frame header from `start`: its offset and fields, or None."""
    at = data.find(b"\xff", start)
    while 0 <= at < len(data) - 4:
        b1, b2, b3 = data[at + 1], data[at + 2], data[at + 3]
        version, layer = VERSIONS.get((b1 >> 3) & 0b11), LAYERS.get((b1 >> 1) & 0b11)
        bitrate_index, rate_index = b2 >> 4, (b2 >> 2) & 0b11
        if b1 & 0xE0 == 0xE0 and version and layer and 0 < bitrate_index < 15 and rate_index < 3:
            table = BITRATES_V1 if version == "MPEG-1" else BITRATES_V2
            return at, {
                "version": version,
                "layer": layer,
                "bitrate": table[bitrate_index] if layer == "Layer III" else None,
                "rate": RATES[version][rate_index],
                "channels": CHANNELS[b3 >> 6],
            }
        at = data.find(b"\xff", at + 1)
    return None


def xing_frames(data: bytes, at: int, header: dict) -> tuple[int, str] | None:
    """The frame count and bitrate mode of a Xing (variable) or Info (constant) first frame, if it is one."""
    mono = header["channels"] == "mono"
    side = (17 if mono else 32) if header["version"] == "MPEG-1" else (9 if mono else 17)
    tag = at + 4 + side
    kind = data[tag : tag + 4]
    if kind in (b"Xing", b"Info") and len(data) >= tag + 12 and data[tag + 7] & 1:
        return int.from_bytes(data[tag + 8 : tag + 12], "big"), "variable" if kind == b"Xing" else "constant"
    return None


def read(data: bytes) -> dict:
    """The stream, the encoder and the tags of an MP3 file (format "unknown" when no frame is found)."""
    tags, start = id3v2(data)
    tags += id3v1(data)
    found = frame_header(data, start)
    if found is None:
        return {"audio": True, "format": "unknown", "bytes": len(data), "tags": tags, "encoder": ""}
    at, header = found
    audio_bytes = len(data) - at - (128 if data[-128:-125] == b"TAG" else 0)
    xing = xing_frames(data, at, header)
    samples = 1152 if header["version"] == "MPEG-1" else 576  # per Layer III frame
    if xing:
        duration, mode = xing[0] * samples / header["rate"], xing[1]
    else:
        # No Xing/Info frame: a constant bitrate, so the length follows from the size.
        duration, mode = audio_bytes * 8 / ((header["bitrate"] or 1) * 1000), "constant"
    encoder = ENCODER.search(data[at : at + 4096])
    return {
        "audio": True,
        "format": f"MP3 ({header['version']} {header['layer']})",
        "rate": header["rate"],
        "channels": header["channels"],
        "bitrate": header["bitrate"],
        "bitrate_mode": mode,
        "duration_s": round(duration, 1),
        "bytes": len(data),
        "tags": tags[:MAX_TAGS],
        "encoder": encoder.group().decode("ascii").strip() if encoder else "",
    }
