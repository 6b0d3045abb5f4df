"""Quiz writes: starting, answering and finishing attempts, and moving an
anonymous learner's attempts into their account."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from literacy.models import Example, ExampleView, Technique
from quizzes import scoring
from quizzes.models import Attempt, AttemptItem, QuestionKind, Quiz

# Techniques whose tells mark changed pixels: ground truth for spot questions.
SPOTTABLE = [
    Technique.FACE_SWAP,
    Technique.SPLICE,
    Technique.OBJECT_REMOVAL,
    Technique.CLONE,
    Technique.RETOUCH,
]


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


@dataclass
class AnswerResult:
    item: AttemptItem
    repeated: bool


def learner_filter(*, user=None, session_key: str = "") -> Q:
    if user is not None and user.is_authenticated:
        return Q(user=user)
    return Q(user__isnull=True, session_key=session_key or "-no-session-")


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
    examples = _pool(quiz)
    kinds = quiz.pool_kinds or [QuestionKind.REAL_OR_SYNTHETIC]
    used: set[int] = set()
    items: list[AttemptItem] = []
    shuffled = examples[:]
    rng.shuffle(shuffled)
    for n in range(quiz.pool_size * 3):
        if len(items) >= quiz.pool_size:
            break
        kind = kinds[n % len(kinds)]
        free = [e for e in shuffled if e.pk not in used]
        if kind == QuestionKind.SPOT:
            candidates = [e for e in free if e.technique in SPOTTABLE and e.tells]
            if candidates:
                example = candidates[0]
                used.add(example.pk)
                items.append(AttemptItem(kind=kind, example=example))
        elif kind == QuestionKind.WHICH_IS_REAL:
            for fake in (e for e in free if e.label == "synthetic"):
                real = next((e for e in free if e.label == "real" and e.family == fake.family), None)
                if real:
                    used.update({fake.pk, real.pk})
                    items.append(
                        AttemptItem(kind=kind, example=real, example_b=fake, swapped=rng.random() < 0.5)
                    )
                    break
        elif free:
            example = free[0]
            used.add(example.pk)
            items.append(AttemptItem(kind=QuestionKind.REAL_OR_SYNTHETIC, example=example))
    return items


def _fixed_items(quiz: Quiz, rng: random.Random) -> list[AttemptItem]:
    items = []
    for question in quiz.questions.select_related("example", "example_b").order_by("position"):
        item = AttemptItem(
            kind=question.kind, question=question, example=question.example, example_b=question.example_b
        )
        if question.kind == QuestionKind.WHICH_IS_REAL:
            item.swapped = rng.random() < 0.5
        items.append(item)
    return items


def attempts_used(*, quiz: Quiz, user=None, session_key: str = "", assignment=None) -> int:
    attempts = Attempt.objects.filter(learner_filter(user=user, session_key=session_key), quiz=quiz)
    if assignment is not None:
        attempts = attempts.filter(assignment=assignment)
    return attempts.count()


@transaction.atomic
def attempt_start(
    *,
    quiz: Quiz,
    user=None,
    session_key: str = "",
    assignment=None,
    rng: random.Random | None = None,
    attempts_allowed: int | None = None,
) -> Attempt:
    """Resume the learner's unfinished attempt, or start a new one with its
    items frozen (drawn from the pool, shuffled, sides randomised)."""
    mine = Attempt.objects.filter(learner_filter(user=user, session_key=session_key), quiz=quiz)
    if assignment is not None:
        mine = mine.filter(assignment=assignment)
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
        assignment=assignment,
        started_at=now,
        deadline=now + timedelta(seconds=quiz.time_limit_seconds) if quiz.time_limit_seconds else None,
        item_count=len(items),
    )
    for position, item in enumerate(items):
        item.attempt = attempt
        item.position = position
    AttemptItem.objects.bulk_create(items)
    return attempt


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
        raise AttemptClosed("This attempt is finished; its answers can no longer change.")
    if not item.is_answered:
        now = timezone.now()
        if attempt.deadline and now > attempt.deadline:
            attempt_finish(attempt=attempt)
            raise AttemptClosed("Time is up for this attempt; your answers so far have been saved.")
        limit = attempt.quiz.question_time_limit_seconds
        if limit and item.shown_at and now > item.shown_at + timedelta(seconds=limit + 2):
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
                    raise AttemptClosed("This attempt is finished; its answers can no longer change.")
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
