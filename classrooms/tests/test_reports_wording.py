"""What a teacher reads about answers: the CSV in teachers' words with the
question's text, which-is-real answers as the image chosen, and an item
analysis that shows something useful from the first finished attempt."""

import csv
import io

import pytest
from django.urls import reverse

from classrooms import services
from classrooms.models import Enrolment
from conftest import make_user
from literacy.tests.factories import make_example
from quizzes import services as quiz_services
from quizzes.kinds.which_is_real import correct_side
from quizzes.models import Question
from quizzes.tests.factories import make_fixed_quiz, make_quiz

pytestmark = pytest.mark.django_db

LONG_CHOICE = (
    "A photograph whose caption places it in another country and another year than where it was taken"
)


def _answer_all(student, assignment, *, real_side_right=True):
    attempt = services.assignment_attempt_start(assignment=assignment, user=student)
    for item in attempt.items.for_answer().order_by("position"):
        if item.kind == "multiple_choice":
            response = {"choices": [i for i, c in enumerate(item.question.choices) if not c["correct"]][:1]}
        elif item.kind == "which_is_real":
            side = correct_side(item)
            response = {"side": side if real_side_right else ("left" if side == "right" else "right")}
        elif item.kind == "real_or_synthetic":
            response = {"choice": "real"}
        else:
            response = {"x": 0.9, "y": 0.9}
        confidence = 30 if item.kind == "real_or_synthetic" else None
        quiz_services.attempt_answer(item=item, response=response, confidence=confidence, user=student)
    quiz_services.attempt_finish(attempt=attempt)
    return attempt


def _csv(client, classroom):
    body = client.get(reverse("classrooms:export_answers", args=[classroom.public_id])).content.decode()
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    return rows


def test_the_answers_csv_gives_question_text_answer_text_and_the_right_answer(
    client, teacher, student, classroom
):
    quiz = make_fixed_quiz(title="Every kind")
    Question.objects.filter(quiz=quiz, kind="multiple_choice").update(
        choices=[{"text": LONG_CHOICE, "correct": False}, {"text": "GAN", "correct": True}]
    )
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)
    _answer_all(student, assignment, real_side_right=False)
    client.force_login(teacher)
    rows = {r["Question type"]: r for r in _csv(client, classroom)}
    mc = rows["Multiple choice"]
    assert mc["Question"] == "Which are generative models?"
    assert mc["Answer given"] == LONG_CHOICE and mc["Right answer"] == "GAN" and mc["Correct"] == "no"
    assert rows["Which is real"]["Answer given"] == "chose the generated one"
    assert rows["Which is real"]["Right answer"] == "the real one"
    assert rows["Real or synthetic"]["Question"] == "Is this image real or synthetic?"
    assert rows["Real or synthetic"]["Right answer"] == "synthetic"
    assert [r["Question number"] for r in _csv(client, classroom)] == ["1", "2", "3", "4"]


def test_answers_are_shown_whole_on_the_teachers_pages(client, teacher, student, classroom):
    quiz = make_fixed_quiz(title="Every kind")
    Question.objects.filter(quiz=quiz, kind="multiple_choice").update(
        choices=[{"text": LONG_CHOICE, "correct": False}, {"text": "GAN", "correct": True}]
    )
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)
    attempt = _answer_all(student, assignment)
    client.force_login(teacher)
    detail = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    one = reverse("classrooms:student_attempt", args=[classroom.public_id, student.pk, attempt.public_id])
    for url in (detail + "?items=all", one):
        html = client.get(url).content.decode()
        assert LONG_CHOICE in html, url
        assert "Which are generative models?" in html


def test_which_is_real_answers_are_tallied_by_the_image_chosen_not_the_side(client, teacher, classroom):
    quiz = make_quiz(title="Pairs")
    real = make_example(family="pair", size=(48, 32))
    fake = make_example(label="synthetic", family="pair", size=(48, 32))
    Question.objects.create(quiz=quiz, position=0, kind="which_is_real", example=real, example_b=fake)
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)
    for n in range(4):
        s = make_user(f"pair-{n}", role="student")
        Enrolment.objects.create(classroom=classroom, student=s)
        _answer_all(s, assignment, real_side_right=n < 3)
    client.force_login(teacher)
    html = client.get(
        reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    )
    text = html.content.decode()
    assert "chose the real one (3)" in text and "chose the generated one (1)" in text
    assert "left side" not in text and "right side" not in text


def test_the_item_analysis_says_what_to_do_before_anyone_finishes(client, teacher, student, classroom):
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=make_fixed_quiz())
    client.force_login(teacher)
    html = client.get(
        reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    ).content.decode()
    assert "No finished attempts yet" in html and "1 student has not started" in html
    assert "join code and login cards" in html
