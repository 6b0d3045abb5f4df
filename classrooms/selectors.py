"""Classroom reads with a name: permission-checked fetches that raise 404,
and the rules of an assignment's dates."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from classrooms.models import (
    Assignment,
    AssignmentAttempt,
    Classroom,
    CoTeacherInvitation,
    Enrolment,
    Extension,
)
from quizzes.models import Attempt, AttemptItem, Quiz

PAST_DUE = "This assignment is past its due date. Ask your teacher for an extension."
PAST_DUE_ANSWER = (
    "This assignment is past its due date, so no more answers are taken. Ask your teacher for an extension."
)


def get_classroom_for_teacher(user, public_id) -> Classroom:
    """A class this teacher owns or co-teaches; 404 for anyone else."""
    # get(), not first(): the id is unique, and first() would add an ORDER BY
    # that Django compiles (at some CPU cost) on every teacher page.
    try:
        return Classroom.objects.taught_by(user).select_related("owner").get(public_id=public_id)
    except Classroom.DoesNotExist:
        raise Http404("No such class") from None


def get_classroom_for_owner(user, public_id) -> Classroom:
    """A class this teacher owns: 404 for a stranger, 403 for a co-teacher
    (who sees the class but may not choose who else does)."""
    classroom = get_classroom_for_teacher(user, public_id)
    if classroom.owner_id != user.pk:
        raise PermissionDenied("Only the class's owner manages its teachers.")
    return classroom


def invitations_for(user):
    """The invitations to co-teach waiting for this teacher's reply."""
    return (
        CoTeacherInvitation.objects.pending()
        .filter(invitee=user, invitee__role="teacher")
        .select_related("classroom__owner", "invited_by")
    )


def get_invitation_for_invitee(user, public_id) -> CoTeacherInvitation:
    """An invitation waiting for this teacher's reply; 404 for anyone else."""
    invitation = invitations_for(user).filter(public_id=public_id).first()
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


def get_invitation_for_class(classroom, public_id) -> CoTeacherInvitation:
    invitation = classroom.invitations.filter(public_id=public_id).first()
    if invitation is None:
        raise Http404("No such invitation")
    return invitation


def get_assignment_for_teacher(classroom, public_id) -> Assignment:
    try:
        return (
            Assignment.objects.filter(classroom=classroom)
            .select_related("quiz", "lesson")
            .prefetch_related("extensions")
            .get(public_id=public_id)  # unique: no ORDER BY (see get_classroom_for_teacher)
        )
    except Assignment.DoesNotExist:
        raise Http404("No such assignment") from None


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
    if due and now > due and not assignment.late_accepted:
        return PAST_DUE
    return ""


# What the answer gate reads of an attempt, loaded with it where quizzes reads
# an item to answer (quizzes.gates.register(..., loads=...)).
ANSWER_GATE_LOADS = ("assignment_link__assignment",)


def attempt_answer_gate(attempt) -> str:
    """Why an attempt may not take answers now because of the assignment it
    was made for (past the student's due date, late work not accepted); ""
    when it may. Registered with quizzes.gates, so every answer asks it. No
    query for an anonymous learner's attempt (only students do assignments).
    Loaded with ANSWER_GATE_LOADS, as an answer's item is: none for an attempt
    made outside a class or where late work is accepted, else one for the
    student's extension. Loaded without: one."""
    if attempt.user_id is None:
        return ""
    if Attempt.assignment_link.related.is_cached(attempt):
        link = getattr(attempt, "assignment_link", None)  # cached, None when there is no link
        if link is None or link.assignment.late_accepted:
            return ""
        extended = Extension.objects.filter(assignment_id=link.assignment_id, student_id=attempt.user_id)
        # At most one row (one extension per student and assignment).
        due = next(iter(extended.values_list("due_at", flat=True)), None) or link.assignment.due_at
    else:
        extended = Extension.objects.filter(assignment=OuterRef("pk"), student_id=attempt.user_id)
        try:
            assignment = (
                Assignment.objects.annotate(extended_to=Subquery(extended.values("due_at")[:1]))
                .only("due_at", "late_accepted")
                .get(attempt_links__attempt_id=attempt.pk)  # one link per attempt
            )
        except Assignment.DoesNotExist:
            return ""
        if assignment.late_accepted:
            return ""
        due = assignment.extended_to or assignment.due_at
    if due and timezone.now() > due:
        return PAST_DUE_ANSWER
    return ""


def listening_optional_excusal(attempt, item) -> bool:
    """May this item be skipped because the assignment the attempt was made
    for makes listening optional, and the item needs hearing? Registered with
    quizzes.gates: no query for an item that needs no hearing or for an
    anonymous learner's attempt (only students do assignments), one otherwise."""
    if not item.spec.needs_hearing or attempt.user_id is None:
        return False
    return Assignment.objects.filter(attempt_links__attempt_id=attempt.pk, listening_optional=True).exists()


def is_late(*, due, started_at, last_answer_at) -> bool:
    """Late work: started, or answered at least once, after the student's due
    date. An attempt finished after the due date with every answer in time is
    not late (pressing Finish adds no work)."""
    if due is None:
        return False
    return started_at > due or (last_answer_at is not None and last_answer_at > due)


def last_answer_at(attempt: str = "pk"):
    """An annotation: when the last answer of an attempt was given (`attempt`
    names the attempt's key in the outer query)."""
    answered = AttemptItem.objects.filter(attempt=OuterRef(attempt), answered_at__isnull=False)
    return Subquery(answered.order_by("-answered_at").values("answered_at")[:1])


def due_dates(classroom) -> dict:
    """(assignment id, student id) -> the due date of each extension in a class."""
    extensions = Extension.objects.filter(assignment__classroom=classroom)
    return {(a, s): due for a, s, due in extensions.values_list("assignment_id", "student_id", "due_at")}


def assignment_attempts(assignment: Assignment):
    """Every attempt made for this assignment."""
    return Attempt.objects.filter(assignment_link__assignment=assignment)


def student_assignment_attempts(assignment: Assignment, user):
    return assignment_attempts(assignment).filter(user=user)


def assignment_of(attempt) -> Assignment | None:
    link = AssignmentAttempt.objects.filter(attempt=attempt).select_related("assignment").first()
    return link.assignment if link else None


def test_form_for(assignment: Assignment, user):
    """Which form of the pre-test/post-test pair this student takes for an
    assignment. A student never sits the same form twice in a class: after
    one form comes the other, whichever the teacher assigned. Without
    counterbalancing the first form is the one assigned; with it, each
    student starting first gets the form fewer classmates have started, so
    half the class takes each form first and any difference between the two
    forms cancels out of the class's gain."""
    quiz = assignment.quiz
    if quiz is None or quiz.kind not in (Quiz.Kind.PRETEST, Quiz.Kind.POSTTEST):
        return quiz
    other = quiz.pair or Quiz.objects.filter(pair=quiz).first()
    if other is None:
        return quiz
    forms = {quiz.pk: quiz, other.pk: other}
    links = AssignmentAttempt.objects.filter(
        assignment__classroom_id=assignment.classroom_id, attempt__user=user, attempt__quiz_id__in=forms
    )
    mine = links.filter(assignment=assignment).values_list("attempt__quiz_id", flat=True).first()
    if mine is not None:
        return forms[mine]
    taken = set(links.values_list("attempt__quiz_id", flat=True))
    if len(taken) == 1:
        (done,) = taken
        return other if done == quiz.pk else quiz
    if not assignment.counterbalanced:
        return quiz
    started = Counter(
        AssignmentAttempt.objects.filter(assignment=assignment).values_list("attempt__quiz_id", flat=True)
    )
    return other if started[other.pk] < started[quiz.pk] else quiz


def class_manages_account(classroom, student) -> bool:
    """The one rule for managing an account: a class's teachers reset the
    password and issue the login card of a student account only if this
    class made it (classrooms.Enrolment.manages_account)."""
    return Enrolment.objects.filter(
        classroom=classroom, student=student, manages_account=True, student__role=User.Role.STUDENT
    ).exists()


def managed_students(classroom):
    """The student accounts this class made (see class_manages_account)."""
    return User.objects.students().filter(enrolments__classroom=classroom, enrolments__manages_account=True)
