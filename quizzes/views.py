"""Quiz pages: list, start, the attempt (one question at a time), answer,
finish and results. Thin views: forms parse (through the question kind),
services write, selectors read, templates show."""

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from literacy import storage
from literacy.models import Technique
from quizzes import charts, gates, kinds, selectors, services
from quizzes.kinds.real_or_synthetic import SURENESS
from quizzes.models import AttemptItem, Quiz
from quizzes.scoring import MIN_CALIBRATION_ITEMS
from shared.htmx import HtmxHttpRequest

BASELINES = [
    {"label": "People judging StyleGAN2 faces, no training", "percent": 48.2},
    {"label": "The same task after training and feedback", "percent": 59.0},
]
BASELINE_SOURCE = "Nightingale & Farid (2022), PNAS 119(8) e2120481119"


def session_key(request, *, create=False) -> str:
    if not request.session.session_key and create:
        request.session.save()
    return request.session.session_key or ""


def get_attempt_for_learner(request, public_id):
    """The attempt if it belongs to this learner (account or session); 404 otherwise."""
    attempt = selectors.get_attempt_for_learner(
        public_id=public_id, user=request.user, session_key=session_key(request)
    )
    if attempt is None:
        raise Http404("No such attempt")
    return attempt


def get_visible_quiz(request, public_id) -> Quiz:
    quiz = Quiz.objects.published().filter(public_id=public_id).first()
    if quiz is None or not (quiz.is_public or request.user.is_authenticated):
        raise Http404("No such quiz")
    return quiz


@require_GET
def quiz_list(request):
    quizzes = selectors.available_quizzes(Quiz.objects.public().order_by("kind", "title"))
    attempts = selectors.learner_attempts(user=request.user, session_key=session_key(request))
    rows = selectors.quiz_list_rows(quizzes=quizzes, attempts=attempts)
    firsts = ("warm", "which", "spot", "check", "mixed")
    starts = (*firsts, "topic-")

    def first_order(row):
        return next(i for i, prefix in enumerate(firsts) if row["quiz"].key.startswith(prefix))

    prepost = ("pretest", "posttest")
    groups = [
        # The warm-up first: the quiz the home page offers a newcomer.
        ("Start here", sorted((r for r in rows if r["quiz"].key.startswith(firsts)), key=first_order)),
        ("By topic", [r for r in rows if r["quiz"].key.startswith("topic-")]),
        ("Measure what you learned", [r for r in rows if r["quiz"].kind in prepost]),
        ("More", [r for r in rows if not r["quiz"].key.startswith(starts) and r["quiz"].kind not in prepost]),
    ]
    return render(request, "quizzes/quiz_list.html", {"groups": [g for g in groups if g[1]]})


@require_GET
def quiz_detail(request, public_id):
    quiz = get_visible_quiz(request, public_id)
    attempts = selectors.learner_attempts(user=request.user, session_key=session_key(request))
    context = selectors.quiz_overview(
        quiz=quiz,
        attempts=list(attempts.filter(quiz=quiz).order_by("-started_at")),
        allowed=quiz.attempts_allowed,
    )
    context["start_url"] = reverse("quizzes:quiz_start", args=[quiz.public_id])
    return render(request, "quizzes/quiz_detail.html", context)


@require_POST
def quiz_start(request, public_id):
    quiz = get_visible_quiz(request, public_id)
    try:
        attempt = services.attempt_start(
            quiz=quiz, user=request.user, session_key=session_key(request, create=True)
        )
    except services.QuizError as exc:
        messages.error(request, exc.message)
        return redirect(quiz.get_absolute_url())
    return redirect("quizzes:attempt", public_id=attempt.public_id)


def _progress(attempt) -> dict:
    return {"total": attempt.item_count, "answered": attempt.answered_count}


@require_GET
def attempt_page(request, public_id):
    attempt = get_attempt_for_learner(request, public_id)
    if attempt.finished_at:
        return redirect("quizzes:attempt_results", public_id=attempt.public_id)
    items = list(selectors.items_with_media(attempt))
    revealed = None
    if attempt.quiz.feedback == Quiz.Feedback.EACH:
        # Answers are shown only where the quiz gives feedback as you go.
        reveal_token = request.GET.get("reveal")
        revealed = next((i for i in items if i.token == reveal_token and i.is_answered), None)
    # Closed to answers (an assignment past its due date): no question is
    # shown, so none starts its clock; the answers given can still be finished.
    closed = gates.refusal(attempt)
    current = None if closed else next((i for i in items if not i.is_answered), None)
    if current is not None and revealed is None:
        services.attempt_mark_shown(item=current)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "current": selectors.item_context(current) if current else None,
        "revealed": selectors.reveal_context(revealed) if revealed else None,
        "answered": sum(1 for i in items if i.is_answered),
        "total": len(items),
        "sureness": SURENESS,
        "closed": closed,
    }
    return render(request, "quizzes/attempt.html", context)


def _owned_item(request, public_id, token) -> AttemptItem | None:
    """The item with this token if it belongs to this attempt and this learner."""
    return selectors.item_for_learner(
        public_id=public_id, token=token, user=request.user, session_key=session_key(request)
    )


@require_GET
def attempt_media(request, public_id, token, slot, width):
    """One image of one attempt item, for its learner only. The address is
    the item's own, and the response is private: a shared cache keeps nothing."""
    item = _owned_item(request, public_id, token)
    rendition = selectors.item_rendition(item, slot, width) if item is not None else None
    if rendition is None:
        raise Http404("No such image")
    return storage.stream(
        rendition.file, cache_control="private, max-age=86400", range_header=request.headers.get("Range", "")
    )


@require_POST
def attempt_answer(request: HtmxHttpRequest, public_id, token):
    # The hot path of a class answering at once: one read by the unique token
    # finds the item, its attempt, the quiz and the examples; whose it is, is
    # checked on the loaded row.
    item = AttemptItem.objects.for_answer().by_token(token)
    if item is None or item.attempt.public_id != public_id:
        attempt = get_attempt_for_learner(request, public_id)
        return _refuse(request, attempt, "That question is not part of this attempt.", 404)
    if not item.attempt.belongs_to(user=request.user, session_key=session_key(request)):
        raise Http404("No such attempt")
    attempt = item.attempt
    try:
        step = item.spec.step(item, request.POST)
    except kinds.BadStep as exc:
        return _refuse(request, attempt, str(exc), 400)
    if step is not None:
        return _take_step(request, item, step)
    form = item.spec.form(item, request.POST)
    if not form.is_valid():
        message = " ".join(e for errors in form.errors.values() for e in errors)
        return _refuse(request, attempt, message, 400)
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
        url = reverse("quizzes:attempt", args=[attempt.public_id])
        return redirect(url + f"?reveal={result.item.token}" if feedback_now else url)
    progress = _progress(attempt)
    if feedback_now:
        prefetch_related_objects([result.item], *selectors.quiz_rendition_prefetches())
        context = {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "revealed": selectors.reveal_context(result.item),
            **progress,
        }
        return render(request, "quizzes/attempt.html#reveal", context)
    return _next_fragment(request, attempt, progress, gate_passed=not result.repeated)


def _take_step(request: HtmxHttpRequest, item, step: dict) -> HttpResponse:
    """A step of working (a tool opened before answering): kept, then the same
    question is shown again with what the step found."""
    attempt = item.attempt
    try:
        services.attempt_step(item=item, record=step)
    except services.QuizError as exc:
        return _refuse(request, attempt, exc.message, exc.status)
    if not request.htmx:
        return redirect(reverse("quizzes:attempt", args=[attempt.public_id]) + f"#latest-{item.token}")
    prefetch_related_objects([item], *selectors.quiz_rendition_prefetches())
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "current": selectors.item_context(item),
        "sureness": SURENESS,
        "stepped": True,
        **_progress(attempt),
    }
    return render(request, "quizzes/attempt.html#question", context)


def _next_fragment(request, attempt, progress, *, gate_passed=False):
    # After an answer the service has just asked the gates: no second query.
    # Every item answered (the count each answer raises): nothing to ask or read.
    done = attempt.answered_count >= attempt.item_count
    closed = "" if gate_passed or done else gates.refusal(attempt)
    current = (
        None
        if closed or done
        else selectors.items_with_media(attempt).filter(answered_at__isnull=True).order_by("position").first()
    )
    if current is not None:
        services.attempt_mark_shown(item=current)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "current": selectors.item_context(current) if current else None,
        "sureness": SURENESS,
        "closed": closed,
        **progress,
    }
    return render(request, "quizzes/attempt.html#question", context)


@require_GET
def attempt_next(request: HtmxHttpRequest, public_id):
    """The next-question fragment (htmx "Next" after a reveal); the page otherwise."""
    attempt = get_attempt_for_learner(request, public_id)
    if not request.htmx or attempt.finished_at:
        return redirect("quizzes:attempt", public_id=attempt.public_id)
    return _next_fragment(request, attempt, _progress(attempt))


def _refuse(request: HtmxHttpRequest, attempt, message, status) -> HttpResponse:
    context = {"message": message, "attempt": attempt}
    if request.htmx:
        response = render(request, "quizzes/attempt.html#refusal", context, status=status)
        return reswap(retarget(response, "#quiz-alert"), "innerHTML")
    return render(request, "quizzes/refused.html", context, status=status)


@require_POST
def attempt_excuse(request: HtmxHttpRequest, public_id, token):
    """Skip a question the learner is allowed to skip (a recording, on an
    assignment where listening is optional), then on to the next one."""
    item = _owned_item(request, public_id, token)
    if item is None:
        raise Http404("No such question")
    try:
        services.attempt_excuse(item=item)
    except services.QuizError as exc:
        return _refuse(request, item.attempt, exc.message, exc.status)
    if not request.htmx:
        return redirect("quizzes:attempt", public_id=item.attempt.public_id)
    return _next_fragment(request, item.attempt, _progress(item.attempt))


@require_POST
def attempt_finish(request: HtmxHttpRequest, public_id):
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
    labels = {**dict(Technique.choices), **charts.REAL_LABELS}
    bars = charts.accuracy_bars(summary.get("by_technique", {}), labels)
    weakest = charts.weakest(summary.get("by_technique", {}))
    review = list(selectors.items_with_media(attempt)) if attempt.quiz.show_answers_after else []
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "s": summary,
        "bars": bars,
        "bars_height": 16 + 34 * len(bars),
        "points": charts.reliability_points(summary.get("reliability", [])),
        "weakest": weakest,
        "fooled_most": charts.fooled_most(weakest, labels),
        "weakest_lesson": charts.TECHNIQUE_LESSON.get(weakest),
        "baselines": BASELINES,
        "baseline_source": BASELINE_SOURCE,
        "accuracy_percent": round(100 * summary["accuracy"]) if summary.get("accuracy") is not None else None,
        "rated_answers": sum(row["count"] for row in summary.get("reliability", [])),
        "min_rated": MIN_CALIBRATION_ITEMS,
        "overconfidence_points": (
            abs(round(100 * summary["overconfidence"])) if summary.get("overconfidence") is not None else None
        ),
        "review": [selectors.reveal_context(i) for i in review],
    }
    return render(request, "quizzes/results.html", context)
