"""Library writes that touch several rows: examples with their files and renditions."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from literacy import forensics, media
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
}


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged_media: int = 0


def example_set_media(*, example: Example, image: media.InspectedImage) -> None:
    """Store the private original, its metadata, and fresh renditions."""
    extension = media.ALLOWED_FORMATS[image.format]
    # The original's stored name is random too: the media folder says nothing.
    example.original.save(f"{ids.new_token()}.{extension}", ContentFile(image.data), save=False)
    example.sha256 = image.sha256
    example.width, example.height = image.width, image.height
    example.original_format = image.format
    example.original_metadata = image.metadata
    example.save()
    old = list(example.renditions.all())
    for rendition in old:
        rendition.file.delete(save=False)
    example.renditions.all().delete()
    normalised = media.open_normalised(image.data)
    for rendition in media.build_renditions(example, normalised):
        rendition.save()
    forensics.build_ela_rendition(example, normalised).save()


def example_ensure_ela(*, example: Example) -> bool:
    """Make the ELA rendition of an example imported before ELA was made at
    import time (re-importing a pack fills the gap). True if one was made."""
    if example.renditions.filter(purpose=Rendition.Purpose.ELA).exists():
        return False
    with example.original.open("rb") as handle:
        normalised = media.open_normalised(handle.read())
    forensics.build_ela_rendition(example, normalised).save()
    return True


@transaction.atomic
def examples_import_pack(*, pack: Pack, progress=None) -> ImportReport:
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
            example_set_media(example=example, image=entry.image)
        else:
            report.unchanged_media += 1
            example.save()
            example_ensure_ela(example=example)
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
    image = media.inspect_image(data, name=name)
    example_set_media(example=example, image=image)
    return example


def example_delete_files(*, example: Example) -> None:
    for rendition in Rendition.objects.filter(example=example):
        rendition.file.delete(save=False)
    if example.original:
        example.original.delete(save=False)
