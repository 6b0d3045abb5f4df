"""Lesson writes: loading the course, and learners' progress.

Signed-in learners' progress is a LessonProgress row; anonymous learners keep
the same shape in session["lesson_progress"] = {slug: {"started_at",
"completed_at", "check_results"}} until they sign up, when
`lesson_progress_claim_session` moves it into their account.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from literacy.lessons import LessonFile, render_markdown
from literacy.models import RETIRED_LESSON_NUMBER, GlossaryTerm, Lesson, LessonProgress

SESSION_KEY = "lesson_progress"
JUDGE_SESSION = "judge_game"


@transaction.atomic
def lessons_load(*, lessons: list[LessonFile], glossary: list[dict]) -> dict:
    report = {"created": 0, "updated": 0}
    # Numbers may be swapped between files: park the existing ones first so the
    # unique constraint on number never trips half-way.
    existing = {lesson.slug: lesson for lesson in Lesson.objects.all()}
    for offset, lesson in enumerate(existing.values(), start=1):
        lesson.number = RETIRED_LESSON_NUMBER + offset
        lesson.save(update_fields=["number"])
    for item in lessons:
        m = item.meta
        lesson = existing.get(m["slug"]) or Lesson(slug=m["slug"])
        report["updated" if lesson.pk else "created"] += 1
        lesson.number = m["number"]
        lesson.title = m["title"]
        lesson.summary = m.get("summary", "")
        lesson.minutes = m["minutes"]
        lesson.objectives = m["objectives"]
        lesson.terms = m.get("terms") or []
        lesson.interactive = m.get("interactive") or []
        lesson.examples = m.get("examples") or []
        lesson.checks = m["checks"]
        lesson.sources = m["sources"]
        lesson.body_html = render_markdown(item.core, m["sources"])
        lesson.deeper_html = render_markdown(item.deeper, m["sources"]) if item.deeper else ""
        lesson.teacher_notes_html = render_markdown(item.teacher, m["sources"])
        lesson.source_path = item.path.name
        lesson.source_sha256 = item.sha256
        lesson.save()
    loaded = {item.meta["slug"] for item in lessons}
    # A lesson whose file was removed keeps its learners' progress: it stays
    # parked at a retired number, out of the course, rather than deleted.
    report["retired"] = sorted(set(existing) - loaded)
    for item in glossary:
        GlossaryTerm.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "term": item["term"],
                "definition": item["definition"],
                "see_also": item.get("see_also") or [],
            },
        )
    return report


def _session_store(session) -> dict:
    return session.setdefault(SESSION_KEY, {})


def lesson_state(
    *, lesson: Lesson, user=None, session=None, progress: LessonProgress | None = None, lookup: bool = True
) -> dict:
    """{"started": bool, "complete": bool, "results": {...}, "answered": n, "total": m}.

    Pass `progress` with lookup=False when the caller fetched it already (lists)."""
    if user is not None and user.is_authenticated:
        if progress is None and lookup:
            progress = LessonProgress.objects.filter(user=user, lesson=lesson).first()
        results = progress.check_results if progress else {}
        started = progress is not None
        complete = bool(progress and progress.completed_at)
    else:
        record = (session or {}).get(SESSION_KEY, {}).get(lesson.slug, {})
        results = record.get("check_results", {})
        started = bool(record)
        complete = bool(record.get("completed_at"))
    check_ids = [c["id"] for c in lesson.checks]
    answered = sum(1 for cid in check_ids if cid in results)
    return {
        "started": started,
        "complete": complete,
        "results": results,
        "answered": answered,
        "total": len(check_ids),
        "correct": sum(1 for cid in check_ids if results.get(cid, {}).get("correct")),
    }


def lesson_start(*, lesson: Lesson, user=None, session=None) -> None:
    now = timezone.now()
    if user is not None and user.is_authenticated:
        LessonProgress.objects.get_or_create(user=user, lesson=lesson, defaults={"started_at": now})
    elif session is not None:
        store = _session_store(session)
        if lesson.slug not in store:
            store[lesson.slug] = {"started_at": now.isoformat(), "completed_at": None, "check_results": {}}
            session.modified = True


def grade_check(check: dict, chosen: list[int]) -> bool:
    correct = {i for i, c in enumerate(check["choices"]) if c.get("correct")}
    return set(chosen) == correct


def _record(results: dict, check_id: str, chosen: list[int], correct: bool, now: datetime) -> None:
    previous = results.get(check_id)
    results[check_id] = {
        "chosen": chosen,
        "correct": correct,
        # First-try correctness is kept for statistics; the latest answer shows.
        "first_correct": previous["first_correct"] if previous else correct,
        "tries": (previous.get("tries", 1) + 1) if previous else 1,
        "answered_at": now.isoformat(),
    }


@transaction.atomic
def lesson_check_answer(*, lesson: Lesson, check: dict, chosen: list[int], user=None, session=None) -> dict:
    """Record an answer to a check question; the lesson is complete when every
    check has an answer."""
    now = timezone.now()
    correct = grade_check(check, chosen)
    check_ids = {c["id"] for c in lesson.checks}
    if user is not None and user.is_authenticated:
        progress, _ = LessonProgress.objects.select_for_update().get_or_create(
            user=user, lesson=lesson, defaults={"started_at": now}
        )
        _record(progress.check_results, check["id"], chosen, correct, now)
        if progress.completed_at is None and check_ids <= set(progress.check_results):
            progress.completed_at = now
        progress.save()
    else:
        store = _session_store(session)
        record = store.setdefault(
            lesson.slug, {"started_at": now.isoformat(), "completed_at": None, "check_results": {}}
        )
        _record(record["check_results"], check["id"], chosen, correct, now)
        if not record.get("completed_at") and check_ids <= set(record["check_results"]):
            record["completed_at"] = now.isoformat()
        session.modified = True
    return {"correct": correct}


@transaction.atomic
def lesson_progress_claim_session(*, session, user) -> int:
    """Move anonymous lesson progress into the account (merging with what is
    there: an answer already in the account wins). Returns lessons moved."""
    store = session.get(SESSION_KEY) or {}
    if not store:
        return 0
    lessons = {lesson.slug: lesson for lesson in Lesson.objects.filter(slug__in=list(store))}
    moved = 0
    for slug, record in store.items():
        lesson = lessons.get(slug)
        if lesson is None:
            continue
        started = _parse_time(record.get("started_at")) or timezone.now()
        progress, _ = LessonProgress.objects.select_for_update().get_or_create(
            user=user, lesson=lesson, defaults={"started_at": started}
        )
        for check_id, result in (record.get("check_results") or {}).items():
            progress.check_results.setdefault(check_id, result)
        completed = _parse_time(record.get("completed_at"))
        if progress.completed_at is None and completed:
            progress.completed_at = completed
        progress.started_at = min(progress.started_at, started)
        progress.save()
        moved += 1
    session[SESSION_KEY] = {}
    session.modified = True
    return moved


def _parse_time(value):
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# Be the discriminator: the learner's verdicts live in their session.


def judge_answers(*, session) -> dict[str, str]:
    return dict(session.get(JUDGE_SESSION, {}))


def judge_answer(*, session, index: int, verdict: str) -> None:
    """Record a verdict on one digit; the first answer counts."""
    answers = judge_answers(session=session)
    answers.setdefault(str(index), verdict)
    session[JUDGE_SESSION] = answers


def judge_restart(*, session) -> None:
    session[JUDGE_SESSION] = {}
