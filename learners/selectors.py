"""Reads that span the apps for one learner: their assignments across their
classes, and everything the site keeps about them (the data download)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, Enrolment, Extension
from classrooms.selectors import assignment_due_for, is_late, last_answer_at
from literacy.models import LessonProgress
from quizzes.models import Attempt
from quizzes.selectors import best_attempt


def student_assignments(user) -> list[dict]:
    """A student's open assignments across their classes: to do, done, done
    late (started or answered after the due date), late (past due, still
    open to late work) or closed (past due, no late work)."""
    enrolments = Enrolment.objects.filter(student=user).values_list("classroom_id", flat=True)
    assignments = list(
        Assignment.objects.filter(
            classroom_id__in=list(enrolments),
            classroom__archived_at__isnull=True,
            opens_at__lte=timezone.now(),
        )
        .select_related("quiz", "lesson", "classroom")
        .prefetch_related(Prefetch("extensions", queryset=Extension.objects.filter(student=user)))
        .order_by("due_at")
    )
    attempts = defaultdict(list)
    for assignment_id, *row in (
        Attempt.objects.filter(user=user, assignment_link__assignment__in=assignments)
        .annotate(last_answer=last_answer_at())
        .values_list(
            "assignment_link__assignment_id", "finished_at", "summary__accuracy", "started_at", "last_answer"
        )
        .order_by()
    ):
        attempts[assignment_id].append(row)
    lessons_done = dict(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "lesson_id", "completed_at"
        )
    )
    now = timezone.now()
    rows = []
    for a in assignments:
        due = assignment_due_for(a, user)
        if a.quiz_id:
            # The attempt that counts is the best finished one (as the teacher sees it).
            best = best_attempt([r for r in attempts[a.pk] if r[0]], accuracy=lambda r: r[1] or 0)
            done = best is not None
            late = done and is_late(due=due, started_at=best[2], last_answer_at=best[3])
        else:
            completed = lessons_done.get(a.lesson_id)
            done = completed is not None
            late = done and due is not None and completed > due
        if done:
            state = "done late" if late else "done"
        elif due and now > due:
            # Past the due date: still open, marked late, or closed.
            state = "late" if a.late_accepted or not a.quiz_id else "closed"
        else:
            state = "to do"
        url = (
            reverse("classrooms:assignment_take", args=[a.public_id])
            if a.quiz_id
            else a.lesson.get_absolute_url()
        )
        rows.append({"assignment": a, "due": due, "state": state, "url": url})
    return rows


def user_data_export(*, user) -> dict:
    """Everything the site keeps about this person, as plain data."""
    attempts = Attempt.objects.filter(user=user).select_related("quiz").prefetch_related("items__example")
    return {
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "role": user.role,
            "joined": user.date_joined.isoformat(),
        },
        "classes": [e.classroom.name for e in user.enrolments.select_related("classroom")],
        "lessons": [
            {
                "lesson": p.lesson.title,
                "started_at": p.started_at.isoformat(),
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
                "check_results": p.check_results,
            }
            for p in LessonProgress.objects.filter(user=user).select_related("lesson")
        ],
        "attempts": [
            {
                "quiz": a.quiz.title,
                "started_at": a.started_at.isoformat(),
                "finished_at": a.finished_at.isoformat() if a.finished_at else None,
                "summary": a.summary,
                # Only the questions the learner has seen: an unanswered item
                # of an attempt in progress names nothing yet.
                "answers": [
                    {
                        "position": i.position + 1,
                        "kind": i.kind,
                        "example": i.example.public_id if i.example_id and i.is_answered else None,
                        "response": i.response,
                        "how_likely_synthetic": i.confidence,
                        "correct": i.is_correct,
                        "skipped_listening_optional": i.excused,
                        # The steps taken before answering (an investigation's tools).
                        "working": i.work,
                        "answered_at": i.answered_at.isoformat() if i.answered_at else None,
                    }
                    for i in a.items.all()
                ],
            }
            for a in attempts
        ],
    }
