"""Classroom reads with a name: permission-checked fetches that raise 404,
and the rules of an assignment's dates."""

from __future__ import annotations

from django.http import Http404
from django.utils import timezone

from classrooms.models import Assignment, AssignmentAttempt, Classroom, Enrolment
from quizzes.models import Attempt


def get_classroom_for_teacher(user, public_id) -> Classroom:
    """A class this teacher owns or co-teaches; 404 for anyone else."""
    classroom = Classroom.objects.taught_by(user).filter(public_id=public_id).select_related("owner").first()
    if classroom is None:
        raise Http404("No such class")
    return classroom


def get_assignment_for_teacher(classroom, public_id) -> Assignment:
    assignment = (
        Assignment.objects.filter(classroom=classroom, public_id=public_id)
        .select_related("quiz", "lesson")
        .prefetch_related("extensions")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment")
    return assignment


def get_enrolled_student(classroom, student_id) -> Enrolment:
    enrolment = (
        Enrolment.objects.filter(classroom=classroom, student_id=student_id).select_related("student").first()
    )
    if enrolment is None:
        raise Http404("No such student in this class")
    return enrolment


def get_quiz_assignment_for_student(user, public_id) -> Assignment:
    """A quiz assignment of a class this student is enrolled in; 404 otherwise."""
    if not user.is_authenticated:
        raise Http404("Log in to do an assignment")
    assignment = (
        Assignment.objects.filter(
            public_id=public_id, quiz__isnull=False, classroom__enrolments__student=user
        )
        .select_related("classroom", "quiz")
        .prefetch_related("extensions")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment")
    return assignment


def assignment_due_for(assignment: Assignment, user):
    """The due date for this student: their extension's, or the assignment's."""
    extension = next((e for e in assignment.extensions.all() if e.student_id == user.pk), None)
    return extension.due_at if extension else assignment.due_at


def assignment_gate(*, assignment: Assignment, user) -> str:
    """Why this student may not start (or resume) this assignment now: "" when they may."""
    if not Enrolment.objects.filter(classroom=assignment.classroom, student=user).exists():
        return "This assignment is for another class."
    now = timezone.now()
    if assignment.opens_at > now:
        return f"This assignment opens on {timezone.localtime(assignment.opens_at):%d %b at %H:%M}."
    due = assignment_due_for(assignment, user)
    if due and now > due:
        return "This assignment is past its due date. Ask your teacher for an extension."
    return ""


def assignment_attempts(assignment: Assignment):
    """Every attempt made for this assignment."""
    return Attempt.objects.filter(assignment_link__assignment=assignment)


def student_assignment_attempts(assignment: Assignment, user):
    return assignment_attempts(assignment).filter(user=user)


def assignment_of(attempt) -> Assignment | None:
    link = AssignmentAttempt.objects.filter(attempt=attempt).select_related("assignment").first()
    return link.assignment if link else None
