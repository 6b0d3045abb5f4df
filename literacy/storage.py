"""Media files through Django's storage API only, on the local disk or in an
S3-compatible bucket (settings.STORAGES["default"]; docs/deploying.md).

Writes: a service that stores files notes each name it wrote; if the service
fails, those files are deleted again, and files a replaced row no longer needs
are deleted only once the new rows are committed. A failure of the store
becomes `MediaStoreError`, whose message a person can act on.

Reads: the app streams every file it serves (`stream`); it never redirects to
a signed URL into the bucket. A quiz image's address is its attempt item's own
(quizzes:attempt_media) and a library image's is its rendition's token; a
redirect would hand the browser the object's name in the bucket, one name per
rendition whatever the attempt, which learners could match across attempts
and against the labelled reveal. Streaming also keeps the bucket off the
public network and the Content-Security-Policy at 'self'. Renditions are small
(WebP, at most 1024 pixels wide), so passing them through costs little.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse

log = logging.getLogger(__name__)

UNAVAILABLE = (
    "The media store did not answer, so nothing was saved. Try again in a minute; "
    "if it keeps happening, the media store needs attention."
)


class MediaStoreError(RuntimeError):
    """The media store failed (down, refused, timed out): nothing was kept."""

    def __init__(self, message: str = UNAVAILABLE):
        super().__init__(message)
        self.message = message


def store_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a storage backend raises when the store itself fails:
    OSError for a folder (full disk, no permission), botocore's for a bucket
    (connection refused, timeouts, 5xx and access errors)."""
    errors: tuple[type[BaseException], ...] = (OSError,)
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is in requirements.txt
        return errors
    return (*errors, BotoCoreError, ClientError)


def save(field_file, name: str, data: bytes, *, written: list[str]) -> None:
    """Write `data` under `name` through the field's storage and note the
    stored name in `written`; a failing store raises MediaStoreError."""
    try:
        field_file.save(name, ContentFile(data), save=False)
    except store_errors() as exc:
        log.warning("media store write failed for %s: %r", name, exc)
        raise MediaStoreError() from exc
    written.append(field_file.name)


def read(field_file) -> bytes:
    """A stored file's bytes; a failing store raises MediaStoreError."""
    try:
        with field_file.open("rb") as handle:
            return handle.read()
    except FileNotFoundError:
        raise
    except store_errors() as exc:
        log.warning("media store read failed for %s: %r", field_file.name, exc)
        raise MediaStoreError() from exc


def delete_quietly(names: list[str]) -> list[str]:
    """Delete stored files by name; returns those that could not be deleted
    (the store is down): `prune_media` removes them later."""
    left = []
    for name in names:
        try:
            default_storage.delete(name)
        except store_errors() as exc:
            log.warning("media store delete failed for %s: %r", name, exc)
            left.append(name)
    return left


@contextlib.contextmanager
def undone_on_failure() -> Iterator[list[str]]:
    """Collect the names written inside the block; if the block raises, the
    rows roll back with its transaction and these files are deleted too, so
    no row points at a missing file and no file outlives a failed write."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        delete_quietly(written)
        raise


def delete_after_commit(names: list[str]) -> None:
    """Delete files that rows being replaced pointed at, once the new rows
    are committed (a rollback brings the old rows back, with their files)."""
    if names:
        transaction.on_commit(lambda: delete_quietly(list(names)))


def stream(field_file, *, cache_control: str, range_header: str = "") -> HttpResponse:
    """A response with the file's bytes, from whichever store holds it: 404
    when the file is missing, 503 when the store does not answer. The response
    names no file (no Content-Disposition), so it carries only the bytes.
    Recordings (.mp3) also answer a byte range: a browser's player seeks with
    one, and without it cannot jump to a time."""
    if field_file.name.endswith(".mp3"):
        return _sound(field_file, cache_control=cache_control, range_header=range_header)
    try:
        # FileResponse reads the size at once, so a bucket's download happens here.
        response = FileResponse(field_file.open("rb"), content_type="image/webp")
    except FileNotFoundError as exc:
        raise Http404("Missing media") from exc
    except store_errors() as exc:
        log.warning("media store read failed for %s: %r", field_file.name, exc)
        response = HttpResponse("The media store did not answer.", status=503, content_type="text/plain")
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    del response["Content-Disposition"]
    response["Cache-Control"] = cache_control
    return response


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def _sound(field_file, *, cache_control: str, range_header: str) -> HttpResponse:
    """A recording, whole or one byte range of it (recordings are small: at most a minute of
    48 kbit/s MP3, so the bytes are read at once)."""
    try:
        data = read(field_file)
    except FileNotFoundError as exc:
        raise Http404("Missing media") from exc
    except MediaStoreError:
        response = HttpResponse("The media store did not answer.", status=503, content_type="text/plain")
        response["Retry-After"] = "10"
        response["Cache-Control"] = "no-store"
        return response
    size = len(data)
    match = _RANGE.match(range_header.strip()) if range_header else None
    if match and (match.group(1) or match.group(2)):
        if match.group(1):
            start = int(match.group(1))
            end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
        else:  # the last N bytes
            start, end = max(0, size - int(match.group(2))), size - 1
        if start > end or start >= size:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        response = HttpResponse(data[start : end + 1], status=206, content_type="audio/mpeg")
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = HttpResponse(data, content_type="audio/mpeg")
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = cache_control
    return response
