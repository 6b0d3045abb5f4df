"""Counterbalanced pre-test and post-test: half the class takes form B first,
nobody sits the same form twice, and the class report reads gains by the
test's place in the course, with a verdict that tells learning from a shift
in bias."""

import pytest
from django.urls import reverse

from classrooms import services
from classrooms.models import Assignment, Enrolment
from conftest import make_user
from quizzes import services as quiz_services
from quizzes.models import Quiz
from quizzes.tests.factories import make_pool_quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms():
    form_a = make_pool_quiz(2, kind=Quiz.Kind.PRETEST, use="assessment", title="Skills check: form A")
    form_b = make_pool_quiz(2, kind=Quiz.Kind.POSTTEST, use="assessment", title="Skills check: form B")
    form_a.pair = form_b
    form_a.save(update_fields=["pair"])
    return form_a, form_b


def _students(classroom, n):
    people = []
    for i in range(n):
        s = make_user(f"cb-{i}", role="student")
        Enrolment.objects.create(classroom=classroom, student=s)
        people.append(s)
    return people


def _sit(assignment, student, summary=None):
    attempt = services.assignment_attempt_start(assignment=assignment, user=student)
    quiz_services.attempt_finish(attempt=attempt)
    if summary:
        attempt.summary.update(summary)
        attempt.save(update_fields=["summary"])
    return attempt


def test_half_the_class_takes_form_b_first_and_everyone_takes_the_other_form_after(teacher, classroom, forms):
    form_a, form_b = forms
    students = _students(classroom, 4)
    pre = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=form_a, counterbalanced=True
    )
    post = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=form_b, counterbalanced=True
    )
    first = {s.pk: _sit(pre, s).quiz for s in students}
    assert sorted(q.pk for q in first.values()) == sorted([form_a.pk, form_a.pk, form_b.pk, form_b.pk])
    for s in students:
        second = _sit(post, s).quiz
        assert second != first[s.pk]


def test_without_counterbalancing_everyone_starts_on_the_assigned_form_and_resumes_it(
    teacher, classroom, student, forms
):
    form_a, form_b = forms
    pre = services.assignment_create(classroom=classroom, created_by=teacher, quiz=form_a)
    attempt = services.assignment_attempt_start(assignment=pre, user=student)
    assert attempt.quiz == form_a
    assert services.assignment_attempt_start(assignment=pre, user=student) == attempt
    quiz_services.attempt_finish(attempt=attempt)
    # Form A assigned again after the course, by mistake: the student gets the
    # form not yet taken instead of the same questions twice.
    again = services.assignment_create(classroom=classroom, created_by=teacher, quiz=form_a)
    assert services.assignment_attempt_start(assignment=again, user=student).quiz == form_b


def test_a_student_sees_the_test_by_its_place_in_the_course_not_the_form(
    client, teacher, classroom, student, forms
):
    _form_a, form_b = forms
    services.assignment_create(classroom=classroom, created_by=teacher, quiz=form_b, counterbalanced=True)
    client.force_login(student)
    html = client.get(reverse("learners:dashboard")).content.decode()
    assert "Skills check: after the course" in html and "form B" not in html


def test_only_a_pre_or_post_test_can_be_counterbalanced(client, teacher, classroom):
    practice = make_pool_quiz(2)
    client.force_login(teacher)
    response = client.post(
        reverse("classrooms:assignment_create", args=[classroom.public_id]),
        {"quiz": practice.pk, "attempts_allowed": "1", "counterbalanced": "on"},
        follow=True,
    )
    assert not Assignment.objects.exists()
    assert "Only a pre-test or a post-test can be counterbalanced." in response.content.decode()


def test_the_report_pairs_by_place_in_the_course_and_names_a_shift_in_bias(client, teacher, classroom, forms):
    form_a, form_b = forms
    students = _students(classroom, 4)
    pre = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=form_a, counterbalanced=True
    )
    post = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=form_b, counterbalanced=True
    )
    # Same sensitivity before and after; afterwards everyone leans to "synthetic".
    for i, s in enumerate(students):
        wobble = (-0.05, 0.05, -0.02, 0.02)[i]
        _sit(pre, s, {"accuracy": 0.6, "d_prime": 0.5 + wobble, "criterion": 0.0 + wobble, "brier": 0.25})
        _sit(post, s, {"accuracy": 0.62, "d_prime": 0.5 - wobble, "criterion": -0.6 + wobble, "brier": 0.25})
    client.force_login(teacher)
    html = client.get(reverse("classrooms:classroom_detail", args=[classroom.public_id])).content.decode()
    assert "What the class learned" in html
    assert 'data-verdict="bias"' in html and "students now call more images synthetic" in html
    assert "4 students with both tests" in html
