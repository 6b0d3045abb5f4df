"""Lesson 9's lateral-reading widget is a live practice case: the post, working tools and the verdict form
inside the lesson, without JavaScript and with htmx."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from investigations import lesson
from investigations.cases import get_case
from literacy.models import Lesson

pytestmark = pytest.mark.django_db

CASE = lesson.LESSON_CASES[0]


@pytest.fixture
def lesson_9(db):
    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Lesson.objects.get(number=9).get_absolute_url()


def detail(key):
    return reverse("investigations:case_detail", args=[key])


def test_lesson_9_shows_a_recaptioned_post_with_working_tools_and_a_verdict_form(client, lesson_9):
    case = get_case(CASE)
    page = client.get(lesson_9).content.decode()
    assert case["verdict"] == "miscaptioned"
    assert escape(case["post"]["caption"]) in page
    assert reverse("investigations:case_image", args=[CASE]) in page
    assert 'href="?check_tool=reverse_search#tool-result"' in page
    assert f'action="{reverse("investigations:case_answer", args=[CASE])}"' in page
    # Nothing before the answer says what the post is.
    assert escape(case["teacher_note"]) not in page and "Old picture, new story" not in page
    assert "What the checks found in this example" not in page  # the old worked example
    # Its sections sit under the widget's h3, inside the lesson's h2.
    assert '<h4 id="tools-heading">Tools</h4>' in page and '<h4 id="verdict-heading">' in page
    assert f'hx-get="{detail(CASE)}?tool=reverse_search&amp;level=4"' in page


def test_a_tool_opened_in_the_lesson_shows_its_result_there_and_counts_on_the_case_page(client, lesson_9):
    page = client.get(lesson_9, {"check_tool": "reverse_search"}).content.decode()
    assert "Earlier copy" in page and "<h5>Reverse image search</h5>" in page
    assert 'name="pinned" value="reverse_search"' in page
    # The verdict, given on the case page, may pin the tool opened in the lesson.
    feedback = client.post(
        reverse("investigations:case_answer", args=[CASE]),
        {"verdict": "miscaptioned", "action": "do_not_share", "pinned": ["reverse_search"]},
    ).content.decode()
    assert "Right verdict" in feedback and "Your pinned evidence supports the verdict." in feedback


def test_an_unknown_tool_in_the_lesson_gets_a_message_and_opens_nothing(client, lesson_9):
    response = client.get(lesson_9, {"check_tool": "<script>"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is no such tool." in page
    assert "You have not opened a tool yet." in page
    assert "<script>" not in page.split("There is no such tool.")[0][-200:]


def test_a_case_on_a_graded_form_is_never_the_lesson_case(client, lesson_9, monkeypatch):
    monkeypatch.setattr(lesson, "graded_case_keys", lambda: {CASE})
    page = client.get(lesson_9).content.decode()
    assert escape(get_case(CASE)["post"]["caption"]) not in page
    assert escape(get_case(lesson.LESSON_CASES[1])["post"]["caption"]) in page


def test_without_a_practice_case_the_lesson_keeps_its_worked_example(client, lesson_9, monkeypatch):
    monkeypatch.setattr(lesson, "LESSON_CASES", ())
    page = client.get(lesson_9).content.decode()
    assert "What the checks found in this example" in page


def test_with_htmx_a_tool_redraws_the_pinned_evidence_keeping_what_was_ticked(client):
    client.get(detail(CASE), {"tool": "account_history"})
    response = client.get(
        detail(CASE),
        {"tool": "reverse_search", "pinned": ["account_history"]},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body and 'id="tool-result"' in body
    assert 'id="pinned-evidence" hx-swap-oob="true"' in body
    assert 'value="account_history" checked' in body
    assert 'value="reverse_search">' in body  # the tool just opened, not ticked yet


def test_a_result_asked_for_by_the_lesson_keeps_the_lessons_heading_levels(client):
    lesson_reply = client.get(
        detail(CASE), {"tool": "fact_checks", "level": "4"}, headers={"HX-Request": "true"}
    )
    page_reply = client.get(
        detail(CASE), {"tool": "fact_checks", "level": "9"}, headers={"HX-Request": "true"}
    )
    assert "<h5>Search fact-checks and news</h5>" in lesson_reply.content.decode()
    assert (
        "<h3>Search fact-checks and news</h3>" in page_reply.content.decode()
    )  # any other level: the page's own
