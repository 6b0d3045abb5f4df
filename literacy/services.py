"""Library writes that touch several rows: examples with their files and renditions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from literacy import audio, forensics, media, storage
from literacy.models import Example, Rendition
from literacy.packs import Pack, as_bool
from shared import ids

FIELD_MAP = {
    "title": "title",
    "label": "label",
    "technique": "technique",
    "family": "family",
    "use": "use",
    "explanation": "explanation",
    "caption": "caption",
    "true_context": "true_context",
    "generator": "generator",
    "camera": "camera",
    "source": "source",
    "author": "author",
    "licence": "licence",
    "licence_url": "licence_url",
    "attribution": "attribution",
    "tells": "tells",
    "made": "made",
    "set": "item_set",
    "lineage": "lineage",
    "source_group": "source_group",
    "transcript": "transcript",
}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged_media: int = 0


def example_set_media(
    *, example: Example, image: media.InspectedImage | audio.InspectedAudio, written: list[str]
) -> None:
    """Store the private original, its metadata, and fresh renditions.

    Every file is written (and its name noted in `written`) before any row
    changes, so a store that fails part-way leaves the rows as they were; the
    files the old rows pointed at are deleted once the new rows are committed.
    The renditions are made here, once, by whichever server imports the
    example; every other server reads them from the shared store."""
    replaced = []
    if example.pk:
        replaced = [r.file.name for r in example.renditions.all()]
        if example.original:
            replaced.append(example.original.name)
    if isinstance(image, audio.InspectedAudio):
        _example_set_audio(example=example, recording=image, written=written, replaced=replaced)
        return
    example.media_kind = Example.MediaKind.IMAGE
    normalised = media.open_normalised(image.data)
    extension = media.ALLOWED_FORMATS[image.format]
    # The original's stored name is random too: the media folder says nothing.
    storage.save(example.original, f"{ids.new_token()}.{extension}", image.data, written=written)
    renditions = media.build_renditions(example, normalised, written=written)
    renditions.append(forensics.build_ela_rendition(example, normalised, written=written))
    example.sha256 = image.sha256
    example.width, example.height = image.width, image.height
    example.original_format = image.format
    example.original_metadata = image.metadata
    example.save()
    example.renditions.all().delete()
    for rendition in renditions:
        rendition.save()
    storage.delete_after_commit(replaced)


def _example_set_audio(
    *, example: Example, recording: audio.InspectedAudio, written: list[str], replaced: list[str]
) -> None:
    """A recording: the private original with its tags read once, MP3 renditions and the
    spectrogram, all written before any row changes (as for a picture)."""
    storage.save(
        example.original, f"{ids.new_token()}.{recording.format.lower()}", recording.data, written=written
    )
    renditions = audio.build_renditions(example, recording, written=written)
    example.media_kind = Example.MediaKind.AUDIO
    example.sha256 = recording.sha256
    example.width = example.height = 0
    example.original_format = recording.format
    example.original_metadata = recording.metadata
    example.save()
    example.renditions.all().delete()
    for rendition in renditions:
        rendition.save()
    storage.delete_after_commit(replaced)


def example_ensure_ela(*, example: Example, written: list[str] | None = None) -> bool:
    """Make the ELA rendition of an example imported before ELA was made at
    import time (re-importing a pack fills the gap). True if one was made."""
    if written is None:
        with storage.undone_on_failure() as written_here:
            return example_ensure_ela(example=example, written=written_here)
    if example.media_kind == Example.MediaKind.AUDIO:
        return False  # error levels are a picture's forensic view; a recording has its spectrogram
    if example.renditions.filter(purpose=Rendition.Purpose.ELA).exists():
        return False
    normalised = media.open_normalised(storage.read(example.original))
    forensics.build_ela_rendition(example, normalised, written=written).save()
    return True


@transaction.atomic
def examples_import_pack(*, pack: Pack, progress=None) -> ImportReport:
    """Import every entry or none: a failure (of the store too) rolls back
    the rows and deletes the files written so far."""
    with storage.undone_on_failure() as written:
        return _import_entries(pack=pack, progress=progress, written=written)


def _import_entries(*, pack: Pack, progress, written: list[str]) -> ImportReport:
    report = ImportReport()
    existing = {e.key: e for e in Example.objects.filter(key__in=[e.fields["key"] for e in pack.entries])}
    by_key: dict[str, Example] = {}
    for n, entry in enumerate(pack.entries, start=1):
        fields = entry.fields
        example = existing.get(fields["key"]) or Example(key=fields["key"])
        is_new = example.pk is None
        for source_name, attr in FIELD_MAP.items():
            default = [] if attr == "tells" else {} if attr == "made" else ""
            setattr(example, attr, fields.get(source_name, default) or default)
        example.difficulty = int(fields["difficulty"])
        example.noncommercial = as_bool(fields.get("noncommercial"))
        example.era = fields.get("era") or Example.Era.CURRENT
        example.status = fields.get("status", Example.Status.PUBLISHED)
        if is_new or example.sha256 != entry.image.sha256 or not example.original:
            example_set_media(example=example, image=entry.image, written=written)
        else:
            report.unchanged_media += 1
            example.save()
            example_ensure_ela(example=example, written=written)
        by_key[example.key] = example
        if is_new:
            report.created += 1
        else:
            report.updated += 1
        if progress:
            progress(n, len(pack.entries))
    # Second pass: links between examples, once every key exists.
    parents = {e.fields["key"]: e.fields.get("derived_from") for e in pack.entries}
    missing = {p for p in parents.values() if p and p not in by_key}
    by_key.update({e.key: e for e in Example.objects.filter(key__in=missing)})
    for key, parent in parents.items():
        example = by_key[key]
        target = by_key.get(parent) if parent else None
        if example.derived_from_id != (target.pk if target else None):
            example.derived_from = target
            example.save(update_fields=["derived_from"])
    return report


@transaction.atomic
def examples_withdraw_noncommercial(*, pack: Pack) -> int:
    """Drop a pack's entries whose lineage has a non-commercial link, and take
    any already imported out of the library (back to draft). Returns how many."""
    left_out = [e for e in pack.entries if as_bool(e.fields.get("noncommercial"))]
    keys = [e.fields["key"] for e in left_out]
    Example.objects.filter(key__in=keys).update(status=Example.Status.DRAFT)
    pack.entries = [e for e in pack.entries if not as_bool(e.fields.get("noncommercial"))]
    return len(left_out)


@transaction.atomic
def example_create_from_upload(*, example: Example, data: bytes, name: str) -> Example:
    """Admin upload path: the same validation and derivatives as an import."""
    image = (
        audio.inspect_audio(data, name=name) if audio.sniff(data) else media.inspect_image(data, name=name)
    )
    with storage.undone_on_failure() as written:
        example_set_media(example=example, image=image, written=written)
    return example


def example_delete_files(*, example: Example) -> None:
    names = [r.file.name for r in Rendition.objects.filter(example=example)]
    if example.original:
        names.append(example.original.name)
    storage.delete_quietly(names)


MEDIA_FOLDERS = ("originals", "r")


def media_prune_orphans(*, older_than: timedelta, dry_run: bool = False) -> list[str]:
    """Delete stored files that no row points at and that are older than
    `older_than` (younger ones may belong to an import still in progress):
    what a write left behind when the store failed before it could undo it.
    Returns the names found (and deleted, unless `dry_run`)."""
    referenced = set(Rendition.objects.values_list("file", flat=True))
    referenced |= set(Example.objects.values_list("original", flat=True))
    cutoff = timezone.now() - older_than
    orphans = []
    for folder in MEDIA_FOLDERS:
        try:
            _dirs, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        for file_name in files:
            name = f"{folder}/{file_name}"
            if name not in referenced and default_storage.get_modified_time(name) < cutoff:
                orphans.append(name)
    if not dry_run:
        storage.delete_quietly(orphans)
    return orphans
