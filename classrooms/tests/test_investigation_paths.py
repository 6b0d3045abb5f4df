"""Teachers see how the class checked: the tools each student opened before deciding,
verdict changes after a tool, and the most common wrong path."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from classrooms import analysis, services
from conftest import make_user
from investigations import graded
from investigations.cases import get_case
from quizzes.models import Attempt, AttemptItem, Question, Quiz

pytestmark = pytest.mark.django_db
CASE = "launch-pad"  # edited; the reverse search finds the original


def test_verdict_changes_count_only_between_chosen_verdicts():
    assert analysis.verdict_changes([], "edited") == 0
    assert analysis.verdict_changes(["", "generated"], "edited") == 1
    assert analysis.verdict_changes(["generated", "edited", "edited"], "generated") == 2
    assert analysis.verdict_changes(["", ""], "") == 0


def test_the_most_common_path_is_stable_on_ties():
    paths = [(("a",), "x"), (("b",), "x"), ((), "x"), (("b",), "x")]
    assert analysis.most_common_path(paths) == (("b",), "x", 2)
    assert analysis.most_common_path([(("b", "c"), "x"), ((), "y")]) == ((), "y", 1)
    assert analysis.most_common_path([]) is None


def _work(client, student, assignment, steps, answer):
    client.force_login(student)
    response = client.post(reverse("classrooms:assignment_start", args=[assignment.public_id]))
    attempt = Attempt.objects.get(public_id=response["Location"].rstrip("/").split("/")[-1])
    item = AttemptItem.objects.get(attempt=attempt)
    url = reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token])
    for step in steps:
        assert client.post(url, step).status_code == 302
    assert client.post(url, answer).status_code == 302
    client.post(reverse("quizzes:attempt_finish", args=[attempt.public_id]))


def _case_assignment(teacher, classroom):
    quiz = Quiz.objects.create(key="one-case", title="One case", shuffle=False)
    Question.objects.create(quiz=quiz, position=0, **graded.question(get_case(CASE)))
    now = timezone.now()
    return services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=quiz,
        opens_at=now - timedelta(days=1), due_at=now + timedelta(days=1),
    )  # fmt: skip


def test_the_assignment_page_shows_each_students_path(client, teacher, classroom, student):
    assignment = _case_assignment(teacher, classroom)
    second = make_user("second", display_name="Bea Second")
    third = make_user("third", display_name="Cai Third")
    for who in (second, third):
        services.student_enrol(classroom=classroom, user=who)
    # Right, after changing their mind once the reverse search answered.
    _work(client, student, assignment,
          [{"tool": "account_history", "verdict": "generated"}, {"tool": "reverse_search", "verdict": "generated"}],
          {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"]})  # fmt: skip
    # Two wrong the same way: no tool, "in context".
    for who in (second, third):
        _work(client, who, assignment, [], {"verdict": "in_context", "action": "share"})
    client.force_login(teacher)
    page = client.get(
        reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    ).content.decode()
    assert "How they checked" in page
    assert "1 of 3 right" in page and "1 changed their verdict after a tool" in page
    assert "2 decided without opening a tool" in page
    assert "Most common wrong path: no tool\n      → authentic and in context (2 students)" in page
    assert "Account history → Reverse image search" in page


def test_the_answers_csv_carries_the_path(client, teacher, classroom, student):
    assignment = _case_assignment(teacher, classroom)
    _work(client, student, assignment, [{"tool": "reverse_search"}],
          {"verdict": "edited", "action": "do_not_share", "pinned": ["reverse_search"]})  # fmt: skip
    client.force_login(teacher)
    body = client.get(reverse("classrooms:export_answers", args=[classroom.public_id])).content.decode()
    assert "Edited; opened Reverse image search; pinned Reverse image search; do not share it" in body
