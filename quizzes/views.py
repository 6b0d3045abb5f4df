"""Quiz pages: list, start, the attempt (one question at a time), answer,
finish and results. Thin views: forms parse, services write, templates show."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from literacy import media
from literacy.models import Rendition, Technique, renditions_of
from quizzes import charts, services
from quizzes.forms import SURENESS, answer_form
from quizzes.models import Attempt, AttemptItem, Quiz

BASELINES = [
    {"label": "People judging StyleGAN2 faces, no training", "percent": 48.2},
    {"label": "The same task after training and feedback", "percent": 59.0},
]
BASELINE_SOURCE = "Nightingale & Farid (2022), PNAS 119(8) e2120481119"


def _session_key(request, *, create=False) -> str:
    if not request.session.session_key and create:
        request.session.save()
    return request.session.session_key or ""


def get_attempt_for_learner(request, public_id) -> Attempt:
    """The attempt if it belongs to this learner (account or session); 404 otherwise."""
    owner = services.learner_filter(user=request.user, session_key=_session_key(request))
    attempt = Attempt.objects.select_related("quiz").filter(owner, public_id=public_id).first()
    if attempt is None:
        raise Http404("No such attempt")
    return attempt


def _quiz_rendition_prefetches():
    return renditions_of(Rendition.Purpose.QUIZ, "example", "example_b")


def _items_with_media(attempt):
    return attempt.items.select_related("example", "example_b", "question").prefetch_related(
        *_quiz_rendition_prefetches()
    )


@require_GET
def quiz_list(request):
    quizzes = list(Quiz.objects.public().order_by("kind", "title"))
    owner = services.learner_filter(user=request.user, session_key=_session_key(request))
    mine = {}
    for attempt in Attempt.objects.filter(owner, quiz__in=quizzes).order_by("started_at"):
        mine.setdefault(attempt.quiz_id, []).append(attempt)
    rows = []
    for quiz in quizzes:
        attempts = mine.get(quiz.pk, [])
        finished = [a for a in attempts if a.finished_at]
        rows.append(
            {
                "quiz": quiz,
                "in_progress": next((a for a in reversed(attempts) if not a.finished_at), None),
                "last": finished[-1] if finished else None,
                "best": max((a.summary.get("accuracy") or 0 for a in finished), default=None),
            }
        )
    groups = [
        ("Start here", [r for r in rows if r["quiz"].key.startswith(("warm", "mixed"))]),
        ("By topic", [r for r in rows if r["quiz"].key.startswith("topic-")]),
        ("Measure what you learned", [r for r in rows if r["quiz"].kind in ("pretest", "posttest")]),
        (
            "More",
            [
                r
                for r in rows
                if not r["quiz"].key.startswith(("warm", "mixed", "topic-"))
                and r["quiz"].kind not in ("pretest", "posttest")
            ],
        ),
    ]
    return render(request, "quizzes/quiz_list.html", {"groups": [g for g in groups if g[1]]})


def _visible_quiz(request, public_id) -> Quiz:
    quiz = Quiz.objects.published().filter(public_id=public_id).first()
    if quiz is None or not (quiz.is_public or request.user.is_authenticated):
        raise Http404("No such quiz")
    return quiz


def _assignment_for(request, quiz, public_id):
    """The class assignment this quiz is being taken for, if any (students only)."""
    if not public_id:
        return None
    from classrooms.models import Assignment

    if not request.user.is_authenticated:
        raise Http404("Log in to do an assignment")
    assignment = Assignment.objects.filter(public_id=public_id, quiz=quiz).select_related("classroom").first()
    if assignment is None:
        raise Http404("No such assignment")
    return assignment


@require_GET
def quiz_detail(request, public_id):
    quiz = _visible_quiz(request, public_id)
    assignment = _assignment_for(request, quiz, request.GET.get("assignment"))
    owner = services.learner_filter(user=request.user, session_key=_session_key(request))
    attempts = Attempt.objects.filter(owner, quiz=quiz).order_by("-started_at")
    if assignment is not None:
        attempts = attempts.filter(assignment=assignment)
    attempts = list(attempts)
    allowed = assignment.attempts_allowed if assignment is not None else quiz.attempts_allowed
    blocked = ""
    if assignment is not None:
        from classrooms.services import assignment_can_start

        _ok, blocked = assignment_can_start(assignment=assignment, user=request.user)
    context = {
        "quiz": quiz,
        "assignment": assignment,
        "blocked": blocked,
        "attempts": attempts,
        "in_progress": next((a for a in attempts if not a.finished_at), None),
        "used_up": bool(allowed) and len(attempts) >= allowed,
        "allowed": allowed,
        "question_count": quiz.pool_size + quiz.questions.count(),
    }
    return render(request, "quizzes/quiz_detail.html", context)


@require_POST
def quiz_start(request, public_id):
    quiz = _visible_quiz(request, public_id)
    assignment = _assignment_for(request, quiz, request.POST.get("assignment"))
    back = quiz.get_absolute_url() + (f"?assignment={assignment.public_id}" if assignment else "")
    if assignment is not None:
        from classrooms.services import assignment_can_start

        ok, reason = assignment_can_start(assignment=assignment, user=request.user)
        if not ok:
            messages.error(request, reason)
            return redirect(back)
    try:
        attempt = services.attempt_start(
            quiz=quiz,
            user=request.user,
            session_key=_session_key(request, create=True),
            assignment=assignment,
            attempts_allowed=assignment.attempts_allowed if assignment else None,
        )
    except services.QuizError as exc:
        messages.error(request, exc.message)
        return redirect(back)
    return redirect("quizzes:attempt", public_id=attempt.public_id)


def _item_context(item: AttemptItem) -> dict:
    context = {"item": item}
    if item.question_id and item.kind == "multiple_choice":
        context["multi"] = sum(1 for c in item.question.choices if c.get("correct")) > 1
    if item.example_id:
        left, right = item.sides if item.kind == "which_is_real" else (item.example, None)
        context["image"] = media.rendition_set(left, "quiz")
        if right is not None:
            context["image_b"] = media.rendition_set(right, "quiz")
    return context


def _progress(attempt) -> dict:
    return {"total": attempt.item_count, "answered": attempt.answered_count}


@require_GET
def attempt_page(request, public_id):
    attempt = get_attempt_for_learner(request, public_id)
    if attempt.finished_at:
        return redirect("quizzes:attempt_results", public_id=attempt.public_id)
    items = list(_items_with_media(attempt))
    reveal_token = request.GET.get("reveal")
    revealed = next((i for i in items if i.token == reveal_token and i.is_answered), None)
    current = next((i for i in items if not i.is_answered), None)
    if current is not None and revealed is None:
        services.attempt_mark_shown(item=current)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "current": _item_context(current) if current else None,
        "revealed": _reveal_context(revealed) if revealed else None,
        "answered": sum(1 for i in items if i.is_answered),
        "total": len(items),
        "sureness": SURENESS,
    }
    return render(request, "quizzes/attempt.html", context)


def _reveal_context(item: AttemptItem) -> dict:
    context = _item_context(item)
    if item.kind == "which_is_real":
        context["real_side"] = item.correct_side()
        context["fake"] = item.example if item.example.label == "synthetic" else item.example_b
    context["example"] = item.example if item.kind != "which_is_real" else context["fake"]
    return context


@require_POST
def attempt_answer(request, public_id, token):
    # The hot path of a class answering at once: one read by the unique token
    # finds the item, its attempt, the quiz and the examples; whose it is, is
    # checked on the loaded row.
    try:
        item = AttemptItem.objects.for_answer().get(token=token)
    except AttemptItem.DoesNotExist:
        item = None
    if item is None or item.attempt.public_id != public_id:
        attempt = get_attempt_for_learner(request, public_id)
        return _refuse(request, attempt, "That question is not part of this attempt.", 404)
    if not item.attempt.belongs_to(user=request.user, session_key=_session_key(request)):
        raise Http404("No such attempt")
    attempt = item.attempt
    form = answer_form(item, request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return _refuse(request, attempt, message, 400, item=item)
    response_data, confidence = form.normalised()
    try:
        result = services.attempt_answer(
            item=item,
            response=response_data,
            confidence=confidence,
            user=request.user,
            session=request.session,
        )
    except services.QuizError as exc:
        return _refuse(request, attempt, exc.message, exc.status)
    feedback_now = attempt.quiz.feedback == Quiz.Feedback.EACH
    if not request.htmx:
        if feedback_now:
            return redirect(
                reverse("quizzes:attempt", args=[attempt.public_id]) + f"?reveal={result.item.token}"
            )
        return redirect("quizzes:attempt", public_id=attempt.public_id)
    progress = _progress(attempt)
    if feedback_now:
        prefetch_related_objects([result.item], *_quiz_rendition_prefetches())
        context = {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "revealed": _reveal_context(result.item),
            **progress,
        }
        return render(request, "quizzes/attempt.html#reveal", context)
    return _next_fragment(request, attempt, progress)


def _next_fragment(request, attempt, progress):
    current = _items_with_media(attempt).filter(answered_at__isnull=True).order_by("position").first()
    if current is not None:
        services.attempt_mark_shown(item=current)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "current": _item_context(current) if current else None,
        "sureness": SURENESS,
        "answered": progress["answered"],
        "total": progress["total"],
    }
    return render(request, "quizzes/attempt.html#question", context)


@require_GET
def attempt_next(request, public_id):
    """The next-question fragment (htmx "Next" after a reveal); the page otherwise."""
    attempt = get_attempt_for_learner(request, public_id)
    if not request.htmx or attempt.finished_at:
        return redirect("quizzes:attempt", public_id=attempt.public_id)
    return _next_fragment(request, attempt, _progress(attempt))


def _refuse(request, attempt, message, status, item=None):
    if request.htmx:
        response = render(
            request, "quizzes/attempt.html#refusal", {"message": message, "attempt": attempt}, status=status
        )
        response["HX-Retarget"] = "#quiz-alert"
        response["HX-Reswap"] = "innerHTML"
        return response
    context = {"message": message, "attempt": attempt}
    return render(request, "quizzes/refused.html", context, status=status)


@require_POST
def attempt_finish(request, public_id):
    attempt = get_attempt_for_learner(request, public_id)
    services.attempt_finish(attempt=attempt)
    url = reverse("quizzes:attempt_results", args=[attempt.public_id])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_GET
def attempt_results(request, public_id):
    attempt = get_attempt_for_learner(request, public_id)
    if not attempt.finished_at:
        return redirect("quizzes:attempt", public_id=attempt.public_id)
    summary = attempt.summary
    labels = dict(Technique.choices)
    bars = charts.accuracy_bars(summary.get("by_technique", {}), labels)
    weakest = charts.weakest(summary.get("by_technique", {}))
    review = list(_items_with_media(attempt)) if attempt.quiz.show_answers_after else []
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "s": summary,
        "bars": bars,
        "bars_height": 16 + 34 * len(bars),
        "points": charts.reliability_points(summary.get("reliability", [])),
        "weakest": weakest,
        "weakest_label": labels.get(weakest, weakest),
        "weakest_lesson": charts.TECHNIQUE_LESSON.get(weakest),
        "baselines": BASELINES,
        "baseline_source": BASELINE_SOURCE,
        "accuracy_percent": round(100 * summary["accuracy"]) if summary.get("accuracy") is not None else None,
        "overconfidence_points": (
            abs(round(100 * summary["overconfidence"])) if summary.get("overconfidence") is not None else None
        ),
        "review": [_reveal_context(i) for i in review],
    }
    return render(request, "quizzes/results.html", context)
