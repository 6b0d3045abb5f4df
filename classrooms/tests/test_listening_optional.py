"""Listening optional: a teacher marks an assignment so that a learner who
cannot hear may skip each recording question. The skip is offered only
there, only on questions that need hearing; it moves the learner on with and
without htmx; and a skipped question counts in no score, report or export."""

import pytest
from django.urls import reverse

from classrooms import exports, reports, services
from classrooms.models import Assignment
from literacy.tests.factories import make_example
from quizzes.models import Attempt, AttemptItem
from quizzes.tests.factories import make_quiz
from quizzes.tests.test_voice_kinds import EDIT_SPAN, make_recording, right_answer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reuse_audio_work")]
HX = {"HX-Request": "true"}
SKIP = "I can't listen to this: skip it"
VOICE_KINDS = ["voice_real_or_synth", "voice_which_is_real", "voice_where_edited"]


@pytest.fixture
def voices():
    for group in ("sentence-1", "sentence-2"):
        make_recording(f"real-{group}", group=group)
        make_recording(f"tts-{group}", label="synthetic", technique="tts", group=group)
    make_recording("cut", label="synthetic", technique="cut", tells=[EDIT_SPAN])


def _assign(teacher, classroom, *, listening_optional=True, pool_kinds=("voice_real_or_synth",), size=2):
    quiz = make_quiz(pool_size=size, pool_kinds=list(pool_kinds), pool_filters={"families": ["voices"]})
    return services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=quiz, listening_optional=listening_optional
    )


def _start(client, student, assignment) -> Attempt:
    client.force_login(student)
    response = client.post(reverse("classrooms:assignment_start", args=[assignment.public_id]))
    assert response.status_code == 302 and "/attempt/" in response["Location"]
    return Attempt.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])


def _current(attempt) -> AttemptItem:
    return attempt.items.filter(answered_at__isnull=True).select_related("example", "example_b").first()


def _skip_url(attempt, item):
    return reverse("quizzes:attempt_excuse", args=[attempt.public_id, item.token])


def _page(client, attempt) -> str:
    return client.get(reverse("quizzes:attempt", args=[attempt.public_id])).content.decode()


def test_it_is_off_by_default_and_a_checkbox_when_assigning(client, teacher, classroom):
    assert Assignment._meta.get_field("listening_optional").default is False
    client.force_login(teacher)
    page = client.get(reverse("classrooms:classroom_detail", args=[classroom.public_id])).content.decode()
    assert 'type="checkbox" name="listening_optional"' in page
    assert "Learners who cannot hear may skip recordings" in page
    quiz = make_quiz(pool_size=2)
    url = reverse("classrooms:assignment_create", args=[classroom.public_id])
    client.post(url, {"quiz": quiz.pk, "attempts_allowed": "1"})
    client.post(url, {"quiz": quiz.pk, "attempts_allowed": "1", "listening_optional": "on"})
    assignments = list(classroom.assignments.order_by("pk"))
    assert [a.listening_optional for a in assignments] == [False, True]
    detail = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignments[1].public_id])
    assert "listening optional" in client.get(detail).content.decode()


@pytest.mark.parametrize("kind", VOICE_KINDS)
def test_each_voice_question_offers_the_skip_where_listening_is_optional(client, teacher, classroom, student,
                                                                        voices, kind):  # fmt: skip
    attempt = _start(client, student, _assign(teacher, classroom, pool_kinds=[kind], size=1))
    item = _current(attempt)
    assert item.kind == kind
    page = _page(client, attempt)
    assert SKIP in page and f'formaction="{_skip_url(attempt, item)}"' in page and "formnovalidate" in page
    # The transcript stays on the page beside the button.
    assert "a test sentence" in page


def test_a_student_skips_without_javascript_and_moves_on(client, teacher, classroom, student, voices):
    attempt = _start(client, student, _assign(teacher, classroom))
    first = _current(attempt)
    response = client.post(_skip_url(attempt, first))
    assert response.status_code == 302
    assert response["Location"] == reverse("quizzes:attempt", args=[attempt.public_id])
    first.refresh_from_db()
    attempt.refresh_from_db()
    assert first.excused and first.answered_at is not None and first.is_correct is None
    assert attempt.answered_count == 1
    page = _page(client, attempt)
    second = _current(attempt)
    assert "1 of 2 answered" in page and second.token in page and first.token not in page


def test_with_htmx_the_skip_returns_the_next_question(client, teacher, classroom, student, voices):
    attempt = _start(client, student, _assign(teacher, classroom))
    first = _current(attempt)
    response = client.post(_skip_url(attempt, first), headers=HX)
    assert response.status_code == 200
    fragment = response.content.decode()
    second = _current(attempt)
    assert "<html" not in fragment and "1 of 2 answered" in fragment
    assert _skip_url(attempt, second) in fragment and "Question " in fragment


def test_the_skip_is_neither_offered_nor_taken_elsewhere(client, teacher, classroom, student, voices):
    # An assignment without the option.
    attempt = _start(client, student, _assign(teacher, classroom, listening_optional=False))
    item = _current(attempt)
    assert SKIP not in _page(client, attempt)
    for headers in ({}, HX):
        response = client.post(_skip_url(attempt, item), headers=headers)
        assert response.status_code == 403 and "cannot be skipped" in response.content.decode()
    # A question that needs no hearing, on an assignment with the option.
    make_example(family="voices")
    make_example(family="voices", label="synthetic")
    pictures = _start(client, student, _assign(teacher, classroom, pool_kinds=["real_or_synthetic"]))
    picture = _current(pictures)
    assert picture.kind == "real_or_synthetic" and SKIP not in _page(client, pictures)
    assert client.post(_skip_url(pictures, picture)).status_code == 403
    # Practice on one's own, outside any class.
    client.logout()
    quiz = make_quiz(pool_size=1, pool_kinds=["voice_real_or_synth"], pool_filters={"families": ["voices"]})
    response = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    practice = Attempt.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])
    assert SKIP not in _page(client, practice)
    assert client.post(_skip_url(practice, _current(practice))).status_code == 403
    # Someone else's attempt: not found.
    assert client.post(_skip_url(attempt, item)).status_code == 404
    assert not AttemptItem.objects.filter(excused=True).exists()


def test_a_skip_after_answering_is_refused(client, teacher, classroom, student, voices):
    attempt = _start(client, student, _assign(teacher, classroom))
    item = _current(attempt)
    url = reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token])
    client.post(url, right_answer(item), headers=HX)
    response = client.post(_skip_url(attempt, item), headers=HX)
    assert response.status_code == 409
    item.refresh_from_db()
    assert item.is_correct is True and not item.excused


def test_a_skipped_question_counts_in_no_score_report_or_export(client, teacher, classroom, student, voices):
    assignment = _assign(teacher, classroom)
    attempt = _start(client, student, assignment)
    skipped = _current(attempt)
    client.post(_skip_url(attempt, skipped))
    answered = _current(attempt)
    url = reverse("quizzes:attempt_answer", args=[attempt.public_id, answered.token])
    client.post(url, right_answer(answered))
    client.post(reverse("quizzes:attempt_finish", args=[attempt.public_id]))
    attempt.refresh_from_db()
    # Counted as a wrong answer, the skip would halve the accuracy.
    assert attempt.summary["accuracy"] == 1.0 and attempt.summary["total"] == 1
    assert (
        "Skipped" in client.get(reverse("quizzes:attempt_results", args=[attempt.public_id])).content.decode()
    )
    # The class's item analysis: the skipped recording has no answers.
    analysis = reports.item_analysis(assignment)
    assert analysis["summary"]["total"] == 1 and analysis["summary"]["accuracy"] == 1.0
    by_example = {row["item"].example_id: row["n"] for row in analysis["rows"]}
    assert by_example[skipped.example_id] == 0 and by_example[answered.example_id] == 1
    # The CSV of answers says what happened.
    rows = {row[3]: row for row in exports.answers_rows(classroom)}
    answer, correct = exports.ANSWERS_HEADER.index("Answer given"), exports.ANSWERS_HEADER.index("Correct")
    assert rows[skipped.position + 1][answer] == "skipped: listening optional"
    assert rows[skipped.position + 1][correct] == "" and rows[answered.position + 1][correct] == "yes"
    # The teacher's view of the attempt.
    client.force_login(teacher)
    page = client.get(
        reverse("classrooms:student_attempt", args=[classroom.public_id, student.pk, attempt.public_id])
    ).content.decode()
    assert "skipped, not scored" in page and "skipped: listening optional" in page


def test_a_teacher_turns_listening_optional_on_after_assigning_and_the_next_question_offers_the_skip(
    client, teacher, classroom, student, voices
):
    assignment = _assign(teacher, classroom, listening_optional=False)
    attempt = _start(client, student, assignment)
    assert SKIP not in _page(client, attempt)
    client.force_login(teacher)
    detail = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    settings_url = reverse("classrooms:assignment_settings", args=[classroom.public_id, assignment.public_id])
    assert f'action="{settings_url}"' in client.get(detail).content.decode()
    response = client.post(settings_url, {"listening_optional": "on"}, follow=True)
    assert "Saved: late work not accepted; listening optional." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.listening_optional and not assignment.late_accepted
    client.force_login(student)
    assert SKIP in _page(client, attempt)
    # Unticking both boxes turns both off again.
    client.force_login(teacher)
    client.post(settings_url, {})
    assignment.refresh_from_db()
    assert not assignment.listening_optional and not assignment.late_accepted


def test_a_student_cannot_change_an_assignments_settings(client, teacher, classroom, student, voices):
    assignment = _assign(teacher, classroom, listening_optional=False)
    client.force_login(student)
    url = reverse("classrooms:assignment_settings", args=[classroom.public_id, assignment.public_id])
    response = client.post(url, {"listening_optional": "on", "late_accepted": "on"})
    assert response.status_code in (403, 404)
    assignment.refresh_from_db()
    assert not assignment.listening_optional and not assignment.late_accepted


def test_a_lesson_assignment_has_no_settings_to_change(client, teacher, classroom):
    from django.core.management import call_command

    from literacy.models import Lesson

    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assignment = services.assignment_create(
        classroom=classroom, created_by=teacher, lesson=Lesson.objects.first()
    )
    client.force_login(teacher)
    url = reverse("classrooms:assignment_settings", args=[classroom.public_id, assignment.public_id])
    response = client.post(url, {"listening_optional": "on"}, follow=True)
    assert "Only a quiz&#x27;s assignment has these settings." in response.content.decode()
    assignment.refresh_from_db()
    assert not assignment.listening_optional
