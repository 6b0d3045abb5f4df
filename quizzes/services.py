"""Quiz writes: starting, answering and finishing attempts, and moving an
anonymous learner's attempts into their account."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from literacy.models import Example, ExampleView
from quizzes import gates, kinds, scoring
from quizzes.models import Attempt, AttemptItem, Quiz

# A question's time limit is enforced with this much grace, in seconds: the
# answer's round trip (a phone on a school network) must not cost a learner
# who pressed Answer in time. Answers later than limit + grace count as
# "ran out of time".
QUESTION_TIME_GRACE_SECONDS = 2


class QuizError(Exception):
    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class AttemptClosed(QuizError):
    status = 409


class AnswerConflict(QuizError):
    status = 409


class NotAllowed(QuizError):
    status = 403


FINISHED = "This attempt is finished; its answers can no longer change."


@dataclass
class AnswerResult:
    item: AttemptItem
    repeated: bool


def _pool(quiz: Quiz):
    examples = Example.objects.published().judgeable()
    examples = examples.assessment() if quiz.is_graded else examples.study()
    filters = quiz.pool_filters or {}
    if filters.get("families"):
        examples = examples.filter(family__in=filters["families"])
    if filters.get("techniques"):
        examples = examples.filter(technique__in=filters["techniques"])
    if filters.get("difficulty"):
        lo, hi = filters["difficulty"]
        examples = examples.filter(difficulty__gte=lo, difficulty__lte=hi)
    if filters.get("item_set"):
        examples = examples.filter(item_set=filters["item_set"])
    return list(examples.order_by("pk"))


def _draw_items(quiz: Quiz, rng: random.Random) -> list[AttemptItem]:
    """Draw pool items kind by kind (cycling through the quiz's pool kinds),
    each kind choosing from the examples no earlier item used."""
    shuffled = _pool(quiz)
    rng.shuffle(shuffled)
    specs = [kinds.get(k) for k in (quiz.pool_kinds or ["real_or_synthetic"])]
    fallback = kinds.get("real_or_synthetic")
    used: set[int] = set()
    items: list[AttemptItem] = []
    for n in range(quiz.pool_size * 3):
        if len(items) >= quiz.pool_size:
            break
        spec = specs[n % len(specs)]
        # Each kind draws only the media it can show (pictures or recordings).
        free = [e for e in shuffled if e.pk not in used and e.media_kind in spec.media_kinds]
        drawn = spec.draw(free, rng, pool=[e for e in shuffled if e.media_kind in spec.media_kinds])
        if drawn is None and not spec.shows_media:
            # A kind with no media cannot come from a pool: judge an image instead.
            free = [e for e in shuffled if e.pk not in used and e.media_kind in fallback.media_kinds]
            spec, drawn = fallback, fallback.draw(free, rng, pool=shuffled)
        if drawn is None:
            continue
        used.update(e.pk for e in drawn.examples)
        items.append(
            AttemptItem(
                kind=spec.value, example=drawn.example, example_b=drawn.example_b, swapped=drawn.swapped
            )
        )
    return items


def _fixed_items(quiz: Quiz, rng: random.Random) -> list[AttemptItem]:
    items = []
    for question in quiz.questions.select_related("example", "example_b").order_by("position"):
        item = AttemptItem(
            kind=question.kind, question=question, example=question.example, example_b=question.example_b
        )
        question.spec.prepare(item, rng)
        items.append(item)
    return items


@transaction.atomic
def attempt_start(
    *,
    quiz: Quiz,
    user=None,
    session_key: str = "",
    within=None,
    rng: random.Random | None = None,
    attempts_allowed: int | None = None,
) -> Attempt:
    """Resume the learner's unfinished attempt, or start a new one with its
    items frozen (drawn from the pool, shuffled, sides randomised).

    `within` narrows the attempts that count (the ones to resume, and the
    ones against `attempts_allowed`) to a caller's context, such as one
    class assignment; by default every attempt of this learner at this quiz.
    A graded quiz (a test, a pre- or post-test) allows one attempt in all."""
    mine = Attempt.objects.for_learner(user=user, session_key=session_key).filter(quiz=quiz)
    if quiz.is_graded:
        # A graded quiz is taken once, however it was opened (on its own or
        # for an assignment): a second run would measure its answers, not skill.
        within, attempts_allowed = None, 1
    if within is not None:
        mine = mine & within
    unfinished = mine.filter(finished_at__isnull=True).order_by("-started_at").first()
    if unfinished is not None:
        if unfinished.deadline and timezone.now() > unfinished.deadline:
            attempt_finish(attempt=unfinished)
        else:
            return unfinished
    allowed = quiz.attempts_allowed if attempts_allowed is None else attempts_allowed
    if allowed and mine.count() >= allowed:
        raise NotAllowed(f"You have used all {allowed} attempt{'s' if allowed != 1 else ''} at this quiz.")
    rng = rng or random.Random()
    # A quiz can mix fixed questions (knowledge, chosen examples) with a pool.
    items = _fixed_items(quiz, rng) + (_draw_items(quiz, rng) if quiz.is_pool else [])
    if not items:
        raise QuizError("This quiz has no questions available yet. Ask your teacher, or try another quiz.")
    if quiz.shuffle:
        rng.shuffle(items)
    now = timezone.now()
    attempt = Attempt.objects.create(
        quiz=quiz,
        user=user if user is not None and user.is_authenticated else None,
        session_key="" if user is not None and user.is_authenticated else session_key,
        started_at=now,
        deadline=now + timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None,
        item_count=len(items),
    )
    for position, item in enumerate(items):
        item.attempt = attempt
        item.position = position
    AttemptItem.objects.bulk_create(items)
    return attempt


def _refuse_if_closed(attempt: Attempt, now, *, finish_expired: bool) -> None:
    """Refuse a change to an unanswered item that a gate from above forbids (a
    class assignment past its due date), or that comes after the attempt's
    time limit, before anything is written. An expired attempt is finished
    first where the caller's transaction lets the finish stand."""
    closed = gates.refusal(attempt)
    if closed:
        raise AttemptClosed(closed)
    if attempt.deadline and now > attempt.deadline:
        if finish_expired:
            attempt_finish(attempt=attempt)
        raise AttemptClosed("Time is up for this attempt; your answers so far have been saved.")


def _note_answered_example(item: AttemptItem, *, user, session) -> None:
    examples = [
        e for e in (item.example, item.example_b) if e is not None and e.use == Example.Use.ASSESSMENT
    ]
    if not examples:
        return
    if user is not None and user.is_authenticated:
        ExampleView.objects.bulk_create(
            [ExampleView(user=user, example=e) for e in examples], ignore_conflicts=True
        )
    elif session is not None:
        seen = list(session.get("answered_examples", []))
        seen += [e.pk for e in examples if e.pk not in seen]
        session["answered_examples"] = seen


def attempt_answer(*, item: AttemptItem, response: dict, confidence: int | None,
                   user=None, session=None) -> AnswerResult:  # fmt: skip
    """Store one answer to an item loaded with its attempt and quiz
    (AttemptItem.objects.for_answer). The first answer to an item counts: the
    same answer posted again returns the stored result; a different one is
    refused; nothing changes once the attempt is finished.

    Two conditional UPDATEs decide every race without a second read: the
    item takes the answer only if it has none yet, and the attempt counts it
    only while it is unfinished (attempt_finish locks the attempt before it
    reads the answers, so an answer is either in the summary or refused)."""
    attempt = item.attempt
    if attempt.finished_at is not None:
        raise AttemptClosed(FINISHED)
    if not item.is_answered:
        # A gate from above (a class assignment past its due date) refuses
        # before anything is written: no answer, no finish.
        now = timezone.now()
        _refuse_if_closed(attempt, now, finish_expired=True)
        limit = attempt.quiz.question_time_limit_seconds
        if (
            limit
            and item.shown_at
            and now > item.shown_at + timedelta(seconds=limit + QUESTION_TIME_GRACE_SECONDS)
        ):
            response, confidence = {"timed_out": True}, None
        is_correct = item.grade(response)
        with transaction.atomic():
            stored = AttemptItem.objects.filter(pk=item.pk, answered_at__isnull=True).update(
                response=response, confidence=confidence, is_correct=is_correct, answered_at=now
            )
            if stored:
                counted = Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
                    answered_count=F("answered_count") + 1
                )
                if not counted:  # finished meanwhile: roll the answer back
                    raise AttemptClosed(FINISHED)
                _note_answered_example(item, user=user, session=session)
                item.response, item.confidence, item.is_correct, item.answered_at = (
                    response, confidence, is_correct, now
                )  # fmt: skip
                attempt.answered_count += 1
                return AnswerResult(item=item, repeated=False)
        # Another request answered this item first: judge against what it stored.
        item.refresh_from_db(fields=["response", "confidence", "is_correct", "answered_at"])
    if item.response == response and item.confidence == confidence:
        return AnswerResult(item=item, repeated=True)
    raise AnswerConflict("You already answered this question; the first answer counts.")


# A learner's working on one question is bounded: a page of tools, not a log.
MAX_WORK_STEPS = 40


@transaction.atomic
def attempt_step(*, item: AttemptItem, record: dict) -> AttemptItem:
    """Keep one step of working on an unanswered item (a tool opened before
    deciding, as the kind recorded it), stamped with the time. The item row is
    locked so two steps sent at once both land; nothing is kept once the item
    is answered, the attempt finished or a gate closed it."""
    attempt = item.attempt
    if attempt.finished_at is not None:
        raise AttemptClosed(FINISHED)
    # Inside this transaction a finish would roll back with the refusal: the
    # next answer or page finishes an expired attempt.
    _refuse_if_closed(attempt, timezone.now(), finish_expired=False)
    locked = AttemptItem.objects.select_for_update().only("answered_at", "work").get(pk=item.pk)
    if locked.answered_at is not None:
        raise AnswerConflict("You already answered this question; the first answer counts.")
    work = list(locked.work or [])
    if len(work) >= MAX_WORK_STEPS:
        raise QuizError("That is as many steps as one question keeps: give your answer now.")
    work.append({**record, "at": timezone.now().isoformat(timespec="seconds")})
    AttemptItem.objects.filter(pk=item.pk).update(work=work)
    item.work = work
    return item


def attempt_mark_shown(*, item: AttemptItem) -> None:
    if item.shown_at is None:
        AttemptItem.objects.filter(pk=item.pk, shown_at__isnull=True).update(shown_at=timezone.now())


def attempt_summary_from_items(items) -> dict:
    return scoring.summarise([item.record() for item in items])


@transaction.atomic
def attempt_finish(*, attempt: Attempt) -> Attempt:
    # Lock the attempt first: an answer racing this finish either committed
    # before (and is read below) or waits and is then refused.
    locked = Attempt.objects.select_for_update().only("finished_at").get(pk=attempt.pk)
    if locked.finished_at is not None:
        attempt.finished_at = locked.finished_at
        return attempt
    items = list(attempt.items.select_related("example", "example_b", "question"))
    attempt.summary = attempt_summary_from_items(items)
    attempt.finished_at = timezone.now()
    attempt.save(update_fields=["summary", "finished_at"])
    return attempt


def attempt_excuse(*, item: AttemptItem) -> AttemptItem:
    """Skip an item a rule from above allows the learner to skip (a recording
    on an assignment where listening is optional: quizzes.gates.may_excuse).
    The item is marked excused and answered, with no answer and no grade, so
    the learner moves on and no score counts it. The same guarded UPDATEs as
    attempt_answer: the item only while it has no answer, the attempt's count
    only while it is unfinished. Skipping an item already skipped is a no-op."""
    attempt = item.attempt
    if attempt.finished_at is not None:
        raise AttemptClosed(FINISHED)
    if item.excused:
        return item
    if item.is_answered:
        raise AnswerConflict("You already answered this question; the first answer counts.")
    if not gates.may_excuse(attempt, item):
        raise NotAllowed("This question cannot be skipped here.")
    now = timezone.now()
    _refuse_if_closed(attempt, now, finish_expired=True)
    # Not around the finish above: a timed-out attempt stays finished.
    with transaction.atomic():
        stored = AttemptItem.objects.filter(pk=item.pk, answered_at__isnull=True).update(
            excused=True, answered_at=now, response={}, confidence=None, is_correct=None
        )
        if stored:
            counted = Attempt.objects.filter(pk=attempt.pk, finished_at__isnull=True).update(
                answered_count=F("answered_count") + 1
            )
            if not counted:  # finished meanwhile: roll the skip back
                raise AttemptClosed(FINISHED)
            item.excused, item.answered_at, item.response, item.confidence, item.is_correct = (
                True, now, {}, None, None
            )  # fmt: skip
            attempt.answered_count += 1
            return item
    # Answered or skipped by another request meanwhile.
    item.refresh_from_db(fields=["excused", "answered_at"])
    if item.excused:
        return item
    raise AnswerConflict("You already answered this question; the first answer counts.")


@transaction.atomic
def attempts_claim_session(*, session_key: str, user) -> int:
    """Move an anonymous learner's attempts into their account."""
    if not session_key or user is None or not user.is_authenticated:
        return 0
    attempts = Attempt.objects.filter(user__isnull=True, session_key=session_key)
    example_ids: set[int] = set()
    moved = attempts.update(user=user, session_key="")
    answered = AttemptItem.objects.filter(attempt__user=user, answered_at__isnull=False)
    for pair in answered.values_list("example_id", "example_b_id"):
        example_ids.update(pk for pk in pair if pk)
    assessment = Example.objects.filter(pk__in=example_ids, use=Example.Use.ASSESSMENT)
    ExampleView.objects.bulk_create(
        [ExampleView(user=user, example=e) for e in assessment], ignore_conflicts=True
    )
    return moved
