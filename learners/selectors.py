"""Reads that span the apps for one learner: their assignments across their
classes, and everything the site keeps about them (the data download)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from classrooms.models import Assignment, Enrolment, Extension
from classrooms.selectors import assignment_due_for
from literacy.models import LessonProgress
from quizzes.models import Attempt


def student_assignments(user) -> list[dict]:
    """A student's open assignments across their classes: to do, late, done."""
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
    done_quiz = set(
        Attempt.objects.filter(
            user=user, assignment_link__assignment__in=assignments, finished_at__isnull=False
        ).values_list("assignment_link__assignment_id", flat=True)
    )
    done_lessons = set(
        LessonProgress.objects.filter(user=user, completed_at__isnull=False).values_list(
            "lesson_id", flat=True
        )
    )
    now = timezone.now()
    rows = []
    for a in assignments:
        due = assignment_due_for(a, user)
        done = a.pk in done_quiz if a.quiz_id else a.lesson_id in done_lessons
        state = "done" if done else "late" if due and now > due else "to do"
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
                        "answered_at": i.answered_at.isoformat() if i.answered_at else None,
                    }
                    for i in a.items.all()
                ],
            }
            for a in attempts
        ],
    }
