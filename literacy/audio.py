"""The media pipeline for sound (ffmpeg, from the imageio-ffmpeg wheel).

Every recording that enters the library passes `inspect_audio`: its format
is read from its bytes, never its name; it is decoded in full (a file ffmpeg
cannot decode to the end is refused); its size and duration are bounded; what
its container said about itself (tags, encoder) is read once for the forensic
view. Learners get renditions only: constant-bitrate MP3 (the one codec every
current browser plays), 16 kHz mono, no tags and no encoder header, under
random names, and a spectrogram picture as the forensic view. Both are made
when the example is imported, never while a page is served.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from PIL import Image

from literacy import storage
from literacy.media import MediaError, check_size, webp_rendition
from literacy.models import Rendition
from shared import ids

RATE = 16000
BITRATE = "48k"
SPECTROGRAM_SIZE = (800, 240)
FFMPEG_TIMEOUT_S = 60


@dataclass
class InspectedAudio:
    format: str
    duration: float
    sha256: str
    data: bytes
    pcm: bytes  # 16-bit mono samples at RATE, decoded once
    metadata: dict = field(default_factory=dict)

    # The image importer's fields, so a pack entry can hold either.
    width: int = 0
    height: int = 0


def sniff(data: bytes) -> str | None:
    """The audio container a file's bytes start with (None when it is not one we take)."""
    if data[:3] == b"ID3" or (len(data) > 1 and data[0] == 0xFF and data[1] & 0xE0 == 0xE0):
        return "MP3"
    if data[:4] == b"OggS":
        return "OGG"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "WAV"
    if data[:4] == b"fLaC":
        return "FLAC"
    if data[:4] == b"\x1a\x45\xdf\xa3":
        return "WEBM"
    if data[4:8] == b"ftyp" and data[8:11] in (b"M4A", b"mp4", b"iso", b"das"):
        return "M4A"
    return None


@cache
def ffmpeg() -> str:
    configured = getattr(settings, "DLL_FFMPEG", "")
    if configured:
        return configured
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(args: list[str], data: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the wheel's ffmpeg; arguments built here, data on stdin)
        [ffmpeg(), "-hide_banner", "-nostdin", "-v", "error", *args],
        input=data,
        capture_output=True,
        timeout=FFMPEG_TIMEOUT_S,
        check=False,
    )


_CONTAINER = {
    "MP3": "mp3",
    "OGG": "ogg",
    "WAV": "wav",
    "FLAC": "flac",
    "WEBM": "matroska,webm",
    "M4A": "mov,mp4,m4a",
}


def _read_metadata(data: bytes, fmt: str) -> dict:
    """The tags a file carries (title, artist, encoder...), shown in the forensic view."""
    # bitexact: the ffmetadata writer then adds no encoder tag of its own.
    done = _run(
        [
            "-f",
            _CONTAINER[fmt].split(",")[0],
            "-i",
            "pipe:0",
            "-fflags",
            "+bitexact",
            "-f",
            "ffmetadata",
            "pipe:1",
        ],
        data,
    )
    tags = {}
    for line in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        key, sep, value = line.partition("=")
        if sep and not key.startswith(("[", ";")):
            tags[key.strip()[:60]] = value.strip()[:200]
    return tags


def inspect_audio(data: bytes, *, name: str = "file") -> InspectedAudio:
    """Validate an imported or uploaded recording and decode it once."""
    check_size(data, name=name)
    fmt = sniff(data)
    if fmt is None:
        raise MediaError(
            f"{name}: this is not an MP3, Ogg, WAV, FLAC, WebM or M4A recording (checked by its content)."
        )
    limit_s = settings.MEDIA_MAX_AUDIO_SECONDS
    try:
        done = _run(
            ["-xerror", "-f", _CONTAINER[fmt].split(",")[0], "-i", "pipe:0", "-t", str(limit_s + 1),
             "-map", "0:a:0", "-ac", "1", "-ar", str(RATE), "-f", "s16le", "pipe:1"],
            data,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise MediaError(f"{name}: the recording took too long to decode.") from exc
    pcm = done.stdout
    if done.returncode != 0 or len(pcm) < 2 * RATE // 10:
        raise MediaError(f"{name}: the recording could not be decoded; it may be corrupt or truncated.")
    duration = len(pcm) / 2 / RATE
    if duration > limit_s:
        raise MediaError(f"{name}: the recording is longer than {limit_s} seconds.")
    metadata = {"format": fmt, "duration_s": round(duration, 2), "tags": _read_metadata(data, fmt)}
    return InspectedAudio(
        format=fmt,
        duration=duration,
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        pcm=pcm,
        metadata=metadata,
    )


def encode_mp3(pcm: bytes) -> bytes:
    """16 kHz mono samples -> constant-bitrate MP3 with no tags: the same bytes per second for
    every clip, so a file's size says only how long it is. The first frame is LAME's Info
    header (the same for every clip), whose encoder delay and padding let players start and
    stop on the exact sample, so a tell's time in the pack is its time in the player."""
    done = _run(
        ["-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0", "-map_metadata", "-1",
         "-fflags", "+bitexact", "-flags:a", "+bitexact", "-c:a", "libmp3lame", "-b:a", BITRATE, "-id3v2_version", "0", "-f", "mp3", "pipe:1"],
        pcm,
    )  # fmt: skip
    if done.returncode != 0 or not done.stdout:
        raise MediaError("The recording could not be re-encoded.")
    return done.stdout


def spectrogram(pcm: bytes) -> Image.Image:
    """A spectrogram picture (time left to right, 0 to 8 kHz bottom to top, log intensity)."""
    width, height = SPECTROGRAM_SIZE
    done = _run(
        ["-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0", "-lavfi",
         f"showspectrumpic=s={width}x{height}:legend=0:color=viridis:scale=log:fscale=lin",
         "-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "pipe:1"],
        pcm,
    )  # fmt: skip
    if done.returncode != 0 or not done.stdout:
        raise MediaError("The spectrogram could not be drawn.")
    with Image.open(io.BytesIO(done.stdout)) as picture:
        return picture.convert("RGB")


def build_renditions(example, audio: InspectedAudio, *, written: list[str]) -> list:
    """The MP3 renditions (library and quiz, separate files and tokens) and the spectrogram
    picture of a recording: unsaved Rendition objects with their files stored (names noted in
    `written`). Callers save them inside their transaction."""
    made = []
    sound = encode_mp3(audio.pcm)
    for purpose in (Rendition.Purpose.LIBRARY, Rendition.Purpose.QUIZ):
        token = ids.new_token()
        rendition = Rendition(
            example=example, purpose=purpose, width=0, height=0, token=token, bytes=len(sound)
        )
        storage.save(rendition.file, f"{token}.mp3", sound, written=written)
        made.append(rendition)
    made.append(
        webp_rendition(example, Rendition.Purpose.SPECTROGRAM, spectrogram(audio.pcm), written=written)
    )
    return made


def _first(example, purpose: str):
    return next((r for r in example.renditions.all() if r.purpose == purpose), None)


def spectrogram_set(example) -> dict | None:
    """The spectrogram as an <img> source (the shape of media.rendition_set), from prefetched renditions."""
    picture = _first(example, Rendition.Purpose.SPECTROGRAM)
    if picture is None:
        return None
    return {"src": picture.url, "srcset": f"{picture.url} {picture.width}w", "width": picture.width,
            "height": picture.height, "largest": picture.url}  # fmt: skip


def sound_of(example, purpose: str = Rendition.Purpose.LIBRARY):
    """The example's MP3 rendition for this purpose, from prefetched renditions (or None)."""
    return next((r for r in example.renditions.all() if r.purpose == purpose and r.is_audio), None)


def tell_spans(example) -> list[dict]:
    """The example's tells that are spans of time, with their place on the timeline as
    fractions of the recording (for the overlay on the spectrogram)."""
    duration = float((example.original_metadata or {}).get("duration_s") or 0)
    spans = []
    for n, tell in enumerate(example.tells or [], start=1):
        if tell.get("shape") != "span" or duration <= 0:
            continue
        start, end = max(0.0, float(tell["start"])), min(duration, float(tell["end"]))
        spans.append({"n": n, "start": start, "end": end, "note": tell.get("note", ""),
                      "x": start / duration, "w": max(0.0, end - start) / duration})  # fmt: skip
    return spans
