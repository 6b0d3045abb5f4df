"""Site-wide pages: home, about/credits, and the deployment health check."""

import secrets

from django.db import connection
from django.db.models import prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from config.forms import ShowcaseAnswerForm
from literacy import media
from literacy.families import PHOTOS
from literacy.models import Example, Label
from quizzes.models import Quiz
from shared.htmx import HtmxHttpRequest

# The ready-made quiz a visitor is offered first (quizzes/management/commands/seed_quizzes.py).
FIRST_QUIZ = "warm-up"


def _showcase(left, right, *, chosen=None):
    """The home page's pair as the template shows it. Until an answer is
    given, nothing in it depends on which side is real: the images are
    served by opaque token (/m/<token>.webp, no metadata, the same headers
    whatever the label) with neutral alt text, both sides at the same widths
    (an edit keeps its original's size)."""
    prefetch_related_objects([left, right], "renditions")
    sides = [
        {
            "value": value,
            "name": value.title(),
            "example": example,
            "image": media.rendition_set(example, "library"),
        }
        for value, example in (("left", left), ("right", right))
    ]
    showcase = {"sides": sides}
    if chosen:
        real = next(s for s in sides if s["example"].label == Label.REAL)
        edit = next(s for s in sides if s["example"].label != Label.REAL)
        showcase.update(chosen=chosen, real=real, edit=edit["example"], right=chosen == real["value"])
    return showcase


def _home(request, *, showcase, status=200, error="", partial=False):
    context = {
        "showcase": showcase,
        "error": error,
        "first_quiz": Quiz.objects.public().filter(key=FIRST_QUIZ).first(),
    }
    if partial:
        # htmx does not swap a 4xx reply: a refused pair comes back as the
        # pair's part with its message and a fresh pair, like any answer.
        return render(request, "home.html#showcase", context)
    return render(request, "home.html", context, status=status)


def _fresh_showcase():
    pair = Example.objects.showcase_pair(PHOTOS)
    if pair is None:
        return None
    original, edit = pair
    # Sides drawn per visit, so the answer is not the same for everyone.
    left, right = (original, edit) if secrets.randbelow(2) else (edit, original)
    return _showcase(left, right)


@require_GET
def home(request):
    """The first minute: a realistic pair to judge before anything else."""
    return _home(request, showcase=_fresh_showcase())


@require_POST
def home_answer(request: HtmxHttpRequest):
    """The answer to the home page's pair: the same page with a one-line
    reveal (the pair's part only, for htmx). Nothing is stored."""
    form = ShowcaseAnswerForm(request.POST)
    if not form.is_valid():
        error = "Choose one of the two photos: press “Left is real” or “Right is real”."
    else:
        tokens = [form.cleaned_data["left"], form.cleaned_data["right"]]
        pair = Example.objects.showcase_pair_shown(PHOTOS, tokens=tokens)
        if pair is not None:
            return _home(
                request, showcase=_showcase(*pair, chosen=form.cleaned_data["side"]), partial=request.htmx
            )
        error = "That pair is no longer on offer. Here is the current one: which photo is real?"
    return _home(request, showcase=_fresh_showcase(), status=400, error=error, partial=request.htmx)


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
