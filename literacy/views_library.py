"""The example library: gallery, example pages with tells and forensics, credits."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from literacy import audio, forensics, media
from literacy.forms import LibraryFilterForm
from literacy.models import Example, Rendition

PAGE_SIZE = 24


def _library_renditions():
    return Prefetch(
        "renditions",
        queryset=Rendition.objects.filter(
            purpose__in=[Rendition.Purpose.LIBRARY, Rendition.Purpose.ELA, Rendition.Purpose.SPECTROGRAM]
        ),
    )


def get_example_for_user(request, public_id: str) -> Example:
    """The example if this person may see it with its label; 404 otherwise
    (an unanswered assessment item does not even admit it exists)."""
    example = (
        Example.objects.visible_in_library_to(request.user, request.session)
        .filter(public_id=public_id)
        .select_related("derived_from")
        .prefetch_related(_library_renditions())
        .first()
    )
    if example is None:
        raise Http404("No such example")
    return example


@require_GET
def library(request):
    visible = Example.objects.visible_in_library_to(request.user, request.session)
    families = sorted(visible.order_by().values_list("family", flat=True).distinct())
    form = LibraryFilterForm(request.GET or None, families=families)
    examples = visible
    if form.is_bound and form.is_valid():
        examples = form.filter(examples)
    # Today's realistic examples first; the early, small models after them.
    examples = examples.order_by("era", "difficulty", "family", "pk").prefetch_related(_library_renditions())
    page = Paginator(examples, PAGE_SIZE).get_page(request.GET.get("page"))
    cards = [{"example": e, "image": _card_picture(e)} for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "cards": cards, "query": query.urlencode()}
    template = "literacy/library.html#results" if request.htmx else "literacy/library.html"
    return render(request, template, context)


def _card_picture(example) -> dict | None:
    """A picture's library rendition, or a recording's spectrogram."""
    if example.media_kind == Example.MediaKind.AUDIO:
        return audio.spectrogram_set(example)
    return media.rendition_set(example, "library")


@require_GET
def example_detail(request, public_id):
    example = get_example_for_user(request, public_id)
    if example.media_kind == Example.MediaKind.AUDIO:
        return _recording_detail(request, example)
    view = request.GET.get("view", "image")
    if view not in {"image", "ela"}:
        view = "image"
    ela = forensics.ela_of(example) if view == "ela" else None
    parent = None
    if example.derived_from_id:
        parent = (
            Example.objects.visible_in_library_to(request.user, request.session)
            .filter(pk=example.derived_from_id)
            .prefetch_related(_library_renditions())
            .first()
        )
    context = {
        "example": example,
        "image": media.rendition_set(example, "library"),
        "show_tells": request.GET.get("tells") == "1",
        "view": view,
        "ela": ela,
        "parent": parent,
        "parent_image": media.rendition_set(parent, "library") if parent else None,
        "metadata_rows": _metadata_rows(example.original_metadata),
    }
    return render(request, "literacy/example_detail.html", context)


def _recording_detail(request, example):
    """A recording's page: the player, the transcript, the spectrogram with the tells as
    time ranges, provenance and the original file's tags."""
    parent = None
    if example.derived_from_id:
        parent = (
            Example.objects.visible_in_library_to(request.user, request.session)
            .filter(pk=example.derived_from_id)
            .prefetch_related(_library_renditions())
            .first()
        )
    metadata = example.original_metadata or {}
    rows = [("format", str(metadata.get("format", ""))), ("duration", f"{metadata.get('duration_s', '?')} s")]
    rows += [(f"Tag {key}", value) for key, value in sorted((metadata.get("tags") or {}).items())]
    context = {
        "example": example,
        "sound": audio.sound_of(example),
        "spectrogram": audio.spectrogram_set(example),
        "spans": audio.tell_spans(example),
        "show_tells": request.GET.get("tells") == "1",
        "parent": parent,
        "parent_sound": audio.sound_of(parent) if parent else None,
        "metadata_rows": rows,
    }
    return render(request, "literacy/recording_detail.html", context)


def _metadata_rows(metadata: dict) -> list[tuple[str, str]]:
    rows = []
    for key in ("format", "mode", "width", "height", "dpi", "icc_profile", "xmp"):
        if key in metadata:
            value = metadata[key]
            if isinstance(value, bool):
                value = "present" if value else "none"
            rows.append((key.replace("_", " "), str(value)))
    for key, value in sorted(metadata.get("exif", {}).items()):
        rows.append((f"EXIF {key}", value))
    for key, value in sorted(metadata.get("text", {}).items()):
        rows.append((f"Text {key}", value))
    return rows


@require_GET
def credits(request):
    sources = (
        Example.objects.published()
        .values("source", "author", "licence", "licence_url", "attribution", "noncommercial")
        .annotate(count=Count("pk"))
        .order_by("licence", "source", "author")
    )
    noncommercial = Example.objects.published().filter(noncommercial=True).count()
    return render(request, "literacy/credits.html", {"sources": sources, "noncommercial": noncommercial})
