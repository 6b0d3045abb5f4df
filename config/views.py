"""Site-wide pages: home, about/credits, and the deployment health check."""

from django.db import connection
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from literacy import media
from literacy.families import PHOTOS
from literacy.models import Example


@require_GET
def home(request):
    """The first minute: a realistic pair to judge before anything else."""
    pair = Example.objects.showcase_pair(PHOTOS)
    context = {}
    if pair is not None:
        original, edit = pair
        prefetch_related_objects([original, edit], "renditions")
        # The same page for everyone: the side is fixed per pair, not per visit.
        left, right = (edit, original) if int(edit.sha256[:2] or "0", 16) % 2 else (original, edit)
        context["showcase"] = {
            "sides": [
                {"name": "Left", "image": media.rendition_set(left, "library")},
                {"name": "Right", "image": media.rendition_set(right, "library")},
            ],
            "real_side": "left" if left is original else "right",
            "edit": edit,
        }
    return render(request, "home.html", context)


@require_GET
def about(request):
    return render(request, "about.html")


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
