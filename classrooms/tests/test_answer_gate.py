"""The due-date gate quizzes asks before every answer gives the same verdict
whether the attempt was loaded with the assignment link it reads (as an
answer's item is: quizzes.gates.attempt_relations) or without it, and the
loaded attempt costs no query outside a class or where late work is accepted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classrooms import services
from classrooms.models import Extension
from classrooms.selectors import PAST_DUE_ANSWER, attempt_answer_gate
from quizzes import gates
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptItem
from quizzes.tests.factories import make_pool_quiz

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


def _loaded(attempt) -> Attempt:
    """The attempt as an answer loads it: through its item."""
    return AttemptItem.objects.for_answer().filter(attempt=attempt).order_by("position").first().attempt


def _plain(attempt) -> Attempt:
    return Attempt.objects.get(pk=attempt.pk)


def _assigned_attempt(teacher, classroom, student, *, due_in, late_accepted=False, extended_by=None):
    now = timezone.now()
    assignment = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2), late_accepted=late_accepted,
        opens_at=now - timedelta(days=1), due_at=now + HOUR,
    )  # fmt: skip
    attempt = services.assignment_attempt_start(assignment=assignment, user=student)
    assignment.due_at = now + due_in
    assignment.save(update_fields=["due_at"])
    if extended_by is not None:
        Extension.objects.create(assignment=assignment, student=student, due_at=now + extended_by)
    return attempt


def test_the_gate_asks_for_the_assignment_link_to_be_loaded_with_an_answer():
    assert "assignment_link__assignment" in gates.attempt_relations()


@pytest.mark.parametrize(
    ("due_in", "late_accepted", "extended_by", "refused"),
    [
        (HOUR, False, None, False),  # in time
        (-HOUR, False, None, True),  # past due
        (-HOUR, True, None, False),  # past due, late work accepted
        (-HOUR, False, HOUR, False),  # past due, extended to an hour from now
        (HOUR, False, -HOUR, True),  # in time for the class, this student's date moved back
    ],
)
def test_the_gate_gives_one_verdict_however_the_attempt_was_loaded(
    teacher, classroom, student, due_in, late_accepted, extended_by, refused
):
    attempt = _assigned_attempt(
        teacher, classroom, student, due_in=due_in, late_accepted=late_accepted, extended_by=extended_by
    )
    expected = PAST_DUE_ANSWER if refused else ""
    assert attempt_answer_gate(_loaded(attempt)) == expected
    assert attempt_answer_gate(_plain(attempt)) == expected


def test_a_loaded_attempt_outside_a_class_or_with_late_work_accepted_costs_the_gate_no_query(
    teacher, classroom, student, learner, django_assert_num_queries
):
    practice = quiz_services.attempt_start(quiz=make_pool_quiz(2), user=learner)
    accepted = _assigned_attempt(teacher, classroom, student, due_in=-HOUR, late_accepted=True)
    due = _assigned_attempt(teacher, classroom, student, due_in=-HOUR)
    loaded = [_loaded(a) for a in (practice, accepted, due)]
    with django_assert_num_queries(0):
        assert attempt_answer_gate(loaded[0]) == "" and attempt_answer_gate(loaded[1]) == ""
    # An assignment that refuses late work: the student's extension, once.
    with django_assert_num_queries(1):
        assert attempt_answer_gate(loaded[2]) == PAST_DUE_ANSWER
    # Loaded without the link: the one query the gate has always made.
    plain = _plain(practice)
    with django_assert_num_queries(1):
        assert attempt_answer_gate(plain) == ""
