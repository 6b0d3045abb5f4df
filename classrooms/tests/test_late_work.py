"""Due dates that mean something: past a student's due date (their extension's
if they have one) an assignment takes no starts and no answers unless the
teacher accepts late work, and late work is marked late for the teacher, the
student and in both CSV exports."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classrooms import exports, services
from classrooms.models import Assignment, Extension
from classrooms.selectors import PAST_DUE, PAST_DUE_ANSWER
from conftest import make_user
from quizzes.models import Attempt, AttemptItem
from quizzes.tests.factories import make_pool_quiz

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def _assign(teacher, classroom, *, late_accepted=False, due_in=timedelta(hours=1), **fields) -> Assignment:
    now = timezone.now()
    return services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2),
        opens_at=now - timedelta(days=2), due_at=now + due_in, late_accepted=late_accepted, **fields,
    )  # fmt: skip


def _start(client, student, assignment) -> Attempt:
    client.force_login(student)
    response = client.post(reverse("classrooms:assignment_start", args=[assignment.public_id]))
    assert response.status_code == 302 and "/attempt/" in response["Location"], response["Location"]
    return Attempt.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def _pass_due(assignment, *, by=timedelta(minutes=5)):
    """Move the due date into the past; the work done so far moves back
    further, so it stays in time (as if done ten minutes ago)."""
    earlier = timedelta(minutes=10)
    attempts = Attempt.objects.filter(assignment_link__assignment=assignment)
    for attempt in attempts:
        Attempt.objects.filter(pk=attempt.pk).update(started_at=attempt.started_at - earlier)
        for item in attempt.items.filter(answered_at__isnull=False):
            AttemptItem.objects.filter(pk=item.pk).update(answered_at=item.answered_at - earlier)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - by)


def _answer(client, attempt, item, **kwargs):
    url = reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token])
    return client.post(url, {"choice": item.example.label, "sure": "80"}, **kwargs)


def _unanswered(attempt):
    return attempt.items.filter(answered_at__isnull=True).select_related("example").order_by("position")


def test_late_work_is_off_by_default_and_a_checkbox_when_assigning(client, teacher, classroom):
    assert Assignment._meta.get_field("late_accepted").default is False
    client.force_login(teacher)
    page = client.get(reverse("classrooms:classroom_detail", args=[classroom.public_id])).content.decode()
    assert 'type="checkbox" name="late_accepted"' in page and "Accept late work" in page
    quiz = make_pool_quiz(2)
    url = reverse("classrooms:assignment_create", args=[classroom.public_id])
    client.post(url, {"quiz": quiz.pk, "attempts_allowed": "1"})
    client.post(url, {"quiz": quiz.pk, "attempts_allowed": "1", "late_accepted": "on"})
    assert list(classroom.assignments.order_by("pk").values_list("late_accepted", flat=True)) == [False, True]


def test_the_admin_shows_whether_late_work_is_accepted(client, teacher, classroom):
    assignment = _assign(teacher, classroom)
    admin = make_user("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:classrooms_assignment_change", args=[assignment.pk])).content.decode()
    assert 'name="late_accepted"' in page


@pytest.mark.parametrize("htmx", [True, False])
def test_an_answer_after_the_due_date_is_refused_and_changes_nothing(
    client, teacher, classroom, student, htmx
):
    assignment = _assign(teacher, classroom)
    attempt = _start(client, student, assignment)
    first, second = _unanswered(attempt)
    assert _answer(client, attempt, first).status_code == 302  # in time
    _pass_due(assignment)
    response = _answer(client, attempt, second, headers=HX if htmx else {})
    assert response.status_code == 409
    assert PAST_DUE_ANSWER in response.content.decode()
    second.refresh_from_db()
    attempt.refresh_from_db()
    assert second.answered_at is None and second.response in ({}, None)
    assert attempt.answered_count == 1 and attempt.finished_at is None


def test_a_timed_attempt_past_its_due_date_is_not_finished_by_a_refused_answer(
    client, teacher, classroom, student
):
    assignment = _assign(teacher, classroom)
    attempt = _start(client, student, assignment)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    _pass_due(assignment)
    response = _answer(client, attempt, _unanswered(attempt).first(), headers=HX)
    assert response.status_code == 409 and PAST_DUE_ANSWER in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.finished_at is None and attempt.answered_count == 0


def test_a_start_after_the_due_date_is_refused_with_a_message(client, teacher, classroom, student):
    assignment = _assign(teacher, classroom)
    _pass_due(assignment)
    client.force_login(student)
    response = client.post(reverse("classrooms:assignment_start", args=[assignment.public_id]), follow=True)
    assert PAST_DUE in response.content.decode()
    assert not Attempt.objects.filter(user=student).exists()


def test_resuming_after_the_due_date_shows_the_message_and_no_question(client, teacher, classroom, student):
    assignment = _assign(teacher, classroom)
    attempt = _start(client, student, assignment)
    _pass_due(assignment)
    html = client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()
    assert PAST_DUE_ANSWER in html and "No more answers" in html and 'name="choice"' not in html
    # Showing nothing starts no question's clock.
    assert not AttemptItem.objects.filter(attempt=attempt, shown_at__isnull=False).exists()
    # The answers given in time can still be finished and scored.
    client.post(reverse("quizzes:attempt_finish", args=[attempt.public_id]))
    attempt.refresh_from_db()
    assert attempt.finished_at is not None


def test_an_extension_keeps_answers_and_starts_open_for_that_student_only(
    client, teacher, classroom, student
):
    other = make_user("finn", role="student")
    classroom.enrolments.create(student=other)
    assignment = _assign(teacher, classroom)
    attempt = _start(client, student, assignment)
    _pass_due(assignment)
    Extension.objects.create(
        assignment=assignment, student=student, due_at=timezone.now() + timedelta(hours=1)
    )
    assert _answer(client, attempt, _unanswered(attempt).first()).status_code == 302
    client.force_login(other)
    client.post(reverse("classrooms:assignment_start", args=[assignment.public_id]))
    assert not Attempt.objects.filter(user=other).exists()


def test_late_work_when_accepted_is_taken_and_marked_late_everywhere(client, teacher, classroom, student):
    on_time = make_user("gina", role="student", display_name="Gina")
    classroom.enrolments.create(student=on_time)
    assignment = _assign(teacher, classroom, late_accepted=True)
    early = _start(client, on_time, assignment)
    for item in _unanswered(early):
        _answer(client, early, item)
    client.post(reverse("quizzes:attempt_finish", args=[early.public_id]))
    _pass_due(assignment)
    late = _start(client, student, assignment)
    for item in _unanswered(late):
        assert _answer(client, late, item).status_code == 302
    client.post(reverse("quizzes:attempt_finish", args=[late.public_id]))
    late.refresh_from_db()
    assert late.finished_at is not None and late.answered_count == 2

    # The student's dashboard.
    dashboard = client.get(reverse("learners:dashboard")).content.decode()
    assert "Done late" in dashboard
    client.force_login(on_time)
    assert "Done late" not in client.get(reverse("learners:dashboard")).content.decode()

    # The teacher's assignment page: Charlie late, Gina not.
    client.force_login(teacher)
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    status = client.get(url).context["status"]
    late_by_name = {r["student"].name: r["late"] for r in status["rows"]}
    assert late_by_name == {"Charlie": True, "Gina": False} and status["late"] == 1
    assert 'class="badge warn">Late</span>' in client.get(url).content.decode()

    # Both CSV exports.
    results = _csv(client, "export_results", classroom)
    late_column = results[0].index("Late")
    assert {r[0]: r[late_column] for r in results[1:]} == {"Charlie": "yes", "Gina": ""}
    answers = _csv(client, "export_answers", classroom)
    late_column = answers[0].index("Late")
    assert sorted((r[0], r[late_column]) for r in answers[1:]) == [
        ("Charlie", "yes"), ("Charlie", "yes"), ("Gina", ""), ("Gina", ""),
    ]  # fmt: skip


def test_finishing_after_the_due_date_with_every_answer_in_time_is_not_late(
    client, teacher, classroom, student
):
    assignment = _assign(teacher, classroom)
    attempt = _start(client, student, assignment)
    for item in _unanswered(attempt):
        _answer(client, attempt, item)
    _pass_due(assignment)
    client.post(reverse("quizzes:attempt_finish", args=[attempt.public_id]))
    assert "Done late" not in client.get(reverse("learners:dashboard")).content.decode()
    rows = exports.results_rows(classroom)
    assert rows[0][exports.RESULTS_HEADER.index("Late")] == ""


def test_an_extension_decides_lateness_on_the_teachers_page(client, teacher, classroom, student):
    assignment = _assign(teacher, classroom, late_accepted=True)
    _pass_due(assignment)
    Extension.objects.create(
        assignment=assignment, student=student, due_at=timezone.now() + timedelta(hours=1)
    )
    attempt = _start(client, student, assignment)
    for item in _unanswered(attempt):
        _answer(client, attempt, item)
    client.post(reverse("quizzes:attempt_finish", args=[attempt.public_id]))
    client.force_login(teacher)
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    (row,) = client.get(url).context["status"]["rows"]
    assert row["state"] == "finished" and row["late"] is False


def _csv(client, name, classroom):
    body = client.get(reverse(f"classrooms:{name}", args=[classroom.public_id])).content.decode("utf-8")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def test_the_start_page_shows_the_students_own_due_date_and_says_late_work_is_marked(
    client, teacher, classroom, student
):
    assignment = _assign(teacher, classroom, late_accepted=True)
    _pass_due(assignment)
    client.force_login(student)
    url = reverse("classrooms:assignment_take", args=[assignment.public_id])
    assert "it is marked late" in client.get(url).content.decode()
    extended = timezone.now() + timedelta(days=3)
    Extension.objects.create(assignment=assignment, student=student, due_at=extended)
    html = client.get(url).content.decode()
    assert "it is marked late" not in html
    assert f"due {timezone.localtime(extended):%-d %b, %H:%M}" in html


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(("late_accepted", "queries"), [(False, 9), (True, 8)])
def test_the_due_date_gate_costs_at_most_one_query_per_answer_whatever_the_size(
    client, teacher, classroom, student, size, late_accepted, queries, django_assert_num_queries
):
    now = timezone.now()
    assignment = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(size), late_accepted=late_accepted,
        opens_at=now - timedelta(days=1), due_at=now + timedelta(hours=1),
    )  # fmt: skip
    attempt = _start(client, student, assignment)
    item = _unanswered(attempt).first()
    # Session, user, the item with its attempt, quiz, examples, assignment
    # link and assignment; the student's extension (none when late work is
    # accepted: the gate needs no due date); the savepoint pair around the
    # two guarded UPDATEs; the example's renditions.
    with django_assert_num_queries(queries):
        response = _answer(client, attempt, item, headers=HX)
    assert response.status_code == 200 and "Right!" in response.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_the_dashboard_poll_makes_a_fixed_number_of_queries_before_and_after_the_due_date(
    client, teacher, classroom, size, django_assert_num_queries
):
    assignment = _assign(teacher, classroom, late_accepted=True)
    for n in range(size):
        pupil = make_user(f"poll{size}-{n}", role="student")
        classroom.enrolments.create(student=pupil)
        attempt = _start(client, pupil, assignment)
        _answer(client, attempt, _unanswered(attempt).first())
    client.force_login(teacher)
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    # Session, user, class, assignment, its extensions, the roster, the
    # attempts (with each one's last answer once a due date has passed).
    with django_assert_num_queries(7):
        response = client.get(url, headers=HX)
    assert response.status_code == 200 and response.context["status"]["started"] == size
    assert response.context["status"]["late"] == 0
    _pass_due(assignment)
    with django_assert_num_queries(7):
        response = client.get(url, headers=HX)
    assert response.status_code == 200 and response.context["status"]["late"] == 0


def test_an_answer_after_a_students_earlier_due_date_is_late_while_the_class_is_still_in_time(
    client, teacher, classroom, student
):
    # The class's due date is an hour away; this student's extension moved
    # theirs back to five minutes ago, after they started but before their
    # last answer: late by that answer alone.
    assignment = _assign(teacher, classroom, late_accepted=True)
    attempt = _start(client, student, assignment)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - timedelta(minutes=10))
    Extension.objects.create(
        assignment=assignment, student=student, due_at=timezone.now() - timedelta(minutes=5)
    )
    _answer(client, attempt, _unanswered(attempt).first())
    client.force_login(teacher)
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    (row,) = client.get(url, headers=HX).context["status"]["rows"]
    assert row["state"] == "started" and row["late"] is True
    # Without the extension nobody's due date has passed: nothing is late.
    Extension.objects.all().delete()
    (row,) = client.get(url, headers=HX).context["status"]["rows"]
    assert row["late"] is False
