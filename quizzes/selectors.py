"""Quiz reads with a name: a learner's attempts, the best of them, a quiz's
overview for its start page, and what a results or attempt page shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from django.db.models import Count
from django.urls import reverse

from literacy.models import Example, Rendition, renditions_of
from quizzes import gates
from quizzes.models import Attempt, AttemptItem, Question, Quiz


def accuracy_of(attempt) -> float:
    return (attempt.summary or {}).get("accuracy") or 0


def best_attempt(attempts: Iterable, *, accuracy: Callable = accuracy_of):
    """The finished attempt with the highest accuracy (the one reports show),
    or None. `accuracy` reads it from whatever rows the caller holds."""
    return max(attempts, key=accuracy, default=None)


def learner_attempts(*, user=None, session_key: str = ""):
    return Attempt.objects.for_learner(user=user, session_key=session_key)


def get_attempt_for_learner(*, public_id: str, user=None, session_key: str = "") -> Attempt | None:
    """With its quiz and what the gates read (quizzes.gates.attempt_relations);
    no ORDER BY, as the public id is unique."""
    attempts = (
        learner_attempts(user=user, session_key=session_key)
        .select_related("quiz", *gates.attempt_relations())
        .filter(public_id=public_id)
    )
    return next(iter(attempts.order_by()[:1]), None)


def item_for_learner(*, public_id: str, token: str, user=None, session_key: str = ""):
    """An attempt item by its token, if it belongs to this attempt and this
    learner (account or session); None otherwise."""
    item = AttemptItem.objects.for_answer().by_token(token)
    if item is None or item.attempt.public_id != public_id:
        return None
    if not item.attempt.belongs_to(user=user, session_key=session_key):
        return None
    return item


def graded_setups(kind: str) -> list[dict]:
    """The set-up of every question of this kind on a graded quiz (a kind's
    app keeps what a graded form uses out of practice)."""
    graded = Question.objects.filter(kind=kind).exclude(quiz__kind=Quiz.Kind.PRACTICE)
    return list(graded.values_list("setup", flat=True))


def quiz_overview(*, quiz: Quiz, attempts: list, allowed: int) -> dict:
    """What a quiz's start page shows, given the learner's attempts that count."""
    return {
        "quiz": quiz,
        "attempts": attempts,
        "in_progress": next((a for a in attempts if not a.finished_at), None),
        "used_up": bool(allowed) and len(attempts) >= allowed,
        "allowed": allowed,
        "question_count": quiz.pool_size + quiz.questions.count(),
    }


def available_quizzes(quizzes) -> list[Quiz]:
    """The quizzes that can be taken with the examples loaded: one with fixed
    questions, or a pool whose families are in the library (a which-face-is-
    real quiz needs a real-faces pack, which the starter pack does not hold)."""
    quizzes = list(quizzes.annotate(question_count=Count("questions")))
    families = set(Example.objects.published().values_list("family", flat=True).distinct())
    available = []
    for quiz in quizzes:
        wanted = set((quiz.pool_filters or {}).get("families") or [])
        if quiz.question_count or (quiz.is_pool and (not wanted or wanted & families)):
            available.append(quiz)
    return available


def quiz_list_rows(*, quizzes: list[Quiz], attempts) -> list[dict]:
    mine: dict[int, list] = {}
    for attempt in attempts.filter(quiz__in=quizzes).order_by("started_at"):
        mine.setdefault(attempt.quiz_id, []).append(attempt)
    rows = []
    for quiz in quizzes:
        attempts_here = mine.get(quiz.pk, [])
        finished = [a for a in attempts_here if a.finished_at]
        best = best_attempt(finished)
        rows.append(
            {
                "quiz": quiz,
                "in_progress": next((a for a in reversed(attempts_here) if not a.finished_at), None),
                "last": finished[-1] if finished else None,
                "best": accuracy_of(best) if best else None,
            }
        )
    return rows


def quiz_rendition_prefetches():
    return renditions_of(Rendition.Purpose.QUIZ, "example", "example_b")


def items_with_media(attempt):
    return attempt.items.select_related("example", "example_b", "question").prefetch_related(
        *quiz_rendition_prefetches()
    )


def item_image(item, slot: int, example) -> dict | None:
    """src, srcset, width and height of one image of an attempt item, under
    URLs of this item's own (/quizzes/attempt/<id>/media/<token>/<slot>/<width>.webp):
    the same picture in two attempts has two addresses, and none is shared
    with the library, so an address learned once names nothing next time."""
    chosen = sorted(
        (r for r in example.renditions.all() if r.purpose == Rendition.Purpose.QUIZ), key=lambda r: r.width
    )
    if not chosen:
        return None
    name = "quizzes:attempt_sound" if chosen[0].is_audio else "quizzes:attempt_media"
    urls = [
        (reverse(name, args=[item.attempt.public_id, item.token, slot, r.width]), r.width) for r in chosen
    ]
    return {
        "src": urls[0][0],
        "srcset": ", ".join(f"{url} {width}w" for url, width in urls),
        "width": chosen[0].width,
        "height": chosen[0].height,
        "largest": urls[-1][0],
    }


def item_rendition(item, slot: int, width: int):
    """The quiz rendition behind one per-item image URL, or None."""
    shown = item.spec.media(item)
    if not 0 <= slot < len(shown):
        return None
    return (
        Rendition.objects.filter(example=shown[slot], purpose=Rendition.Purpose.QUIZ, width=width)
        .only("file")
        .first()
    )


def item_context(item) -> dict:
    """A question as the attempt page shows it: its kind and its images."""
    spec = item.spec
    images = [item_image(item, slot, e) for slot, e in enumerate(spec.media(item))]
    context = {"item": item, "spec": spec, "images": images, **spec.question_context(item)}
    # May the learner skip it (quizzes.gates)? A callable, which the template
    # calls only where it reads it (the question partials of kinds that need
    # hearing): reveals, reviews and other kinds ask no rule and cost no query.
    context["may_skip"] = partial(gates.may_excuse, item.attempt, item)
    if images:
        context["image"] = images[0]
    if len(images) > 1:
        context["image_b"] = images[1]
    return context


def reveal_context(item) -> dict:
    """An answered question with its answer: the example whose tells and
    explanation are shown, and where it sits in the images."""
    context = item_context(item)
    example = item.spec.reveal_example(item)
    context["example"] = example
    context.update(item.spec.reveal_context(item))
    shown = item.spec.media(item)
    context["example_image"] = (
        context["images"][shown.index(example)] if example is not None and example in shown else None
    )
    return context
