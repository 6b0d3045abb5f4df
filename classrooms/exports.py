"""CSV exports of a class: one row per student and assignment (results), and
one row per answer (answers). Rows are built here; the views only send them."""

from __future__ import annotations

from collections.abc import Iterator

from classrooms import reports
from classrooms.models import AssignmentAttempt
from classrooms.selectors import due_dates, is_late, last_answer_at
from literacy.models import LessonProgress
from quizzes import kinds
from quizzes.models import AttemptItem
from quizzes.selectors import best_attempt

RESULTS_HEADER = [
    "Student", "Username", "Assignment", "Type", "Status", "Late", "Attempts", "Best accuracy (%)", "d prime",
    "Brier score", "False-alarm rate (%)", "Finished at",
]  # fmt: skip
ANSWERS_HEADER = [
    "Student", "Quiz", "Attempt", "Question number", "Question", "Question type", "Example", "Right answer",
    "Answer given",
    "How likely synthetic (%)", "Correct", "Answered at", "Late",
]  # fmt: skip


def _pct(value):
    return "" if value is None else round(100 * value, 1)


def _rounded(value, places):
    return "" if value is None else round(value, places)


def results_rows(classroom) -> list[list]:
    enrolments = reports.roster(classroom)
    assignments = list(classroom.assignments.select_related("quiz", "lesson").order_by("opens_at"))
    links = (
        AssignmentAttempt.objects.filter(assignment__classroom=classroom)
        .select_related("attempt")
        .annotate(last_answer=last_answer_at("attempt_id"))
    )
    by_key: dict[tuple, list] = {}
    for link in links.only(
        "assignment_id", "attempt__user_id", "attempt__started_at", "attempt__finished_at", "attempt__summary"
    ):
        link.attempt.last_answer = link.last_answer
        by_key.setdefault((link.assignment_id, link.attempt.user_id), []).append(link.attempt)
    extended = due_dates(classroom)
    progress = {
        (p.user_id, p.lesson_id): p
        for p in LessonProgress.objects.filter(user__in=[e.student for e in enrolments])
    }
    rows = []
    for assignment in assignments:
        for enrolment in enrolments:
            student = enrolment.student
            due = extended.get((assignment.pk, student.pk), assignment.due_at)
            if assignment.quiz_id:
                mine = by_key.get((assignment.pk, student.pk), [])
                finished = [a for a in mine if a.finished_at]
                best = best_attempt(finished)
                s = best.summary if best else {}
                status = "finished" if finished else "started" if mine else "not started"
                # As on the assignment page: the work that counts, started or answered after the due date.
                late = any(
                    is_late(due=due, started_at=a.started_at, last_answer_at=a.last_answer)
                    for a in ([best] if best else mine)
                )
                rows.append([
                    student.name, student.username, str(assignment.quiz), "quiz", status, "yes" if late else "",
                    len(mine),
                    _pct(s.get("accuracy")), _rounded(s.get("d_prime"), 2), _rounded(s.get("brier"), 3),
                    _pct(s.get("false_alarm_rate")), best.finished_at.isoformat() if best else "",
                ])  # fmt: skip
            else:
                p = progress.get((student.pk, assignment.lesson_id))
                status = "complete" if p and p.completed_at else "started" if p else "not started"
                late = bool(p and p.completed_at and due and p.completed_at > due)
                rows.append([
                    student.name, student.username, str(assignment.lesson), "lesson", status, "yes" if late else "",
                    "", "", "", "", "",
                    p.completed_at.isoformat() if p and p.completed_at else "",
                ])  # fmt: skip
    return rows


def answers_rows(classroom) -> Iterator[list]:
    items = (
        AttemptItem.objects.filter(attempt__assignment_link__assignment__classroom=classroom)
        .select_related(
            "attempt__user", "attempt__quiz", "attempt__assignment_link__assignment", "example", "example_b",
            "question",
        )
        .order_by("attempt__user__display_name", "attempt__started_at", "position")
    )  # fmt: skip
    extended = due_dates(classroom)
    for item in items.iterator(chunk_size=2000):
        assignment = item.attempt.assignment_link.assignment
        due = extended.get((assignment.pk, item.attempt.user_id), assignment.due_at)
        yield [
            item.attempt.user.name if item.attempt.user else "", str(item.attempt.quiz), item.attempt.public_id,
            item.position + 1, kinds.question_text(item), item.get_kind_display(),
            item.example.public_id if item.example_id else "",
            kinds.right_answer_text(item), kinds.answer_text(item),
            "" if item.confidence is None else item.confidence,
            "" if item.is_correct is None else ("yes" if item.is_correct else "no"),
            item.answered_at.isoformat() if item.answered_at else "",
            "yes" if due and item.answered_at and item.answered_at > due else "",
        ]  # fmt: skip
