"""Two investigate questions played end to end in a quiz, on a phone with JavaScript and on a
desktop without it; axe (with JavaScript on) finds nothing on the question, the feedback or the results."""

import pytest
from django.urls import reverse

from investigations import graded
from investigations.cases import get_case
from quizzes.models import Question, Quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITED, FACE = "launch-pad", "dr-lena-varga"
PHONE = {"width": 360, "height": 740}


def _quiz():
    quiz = Quiz.objects.create(key="two-cases", title="Two cases", shuffle=False)
    for position, key in enumerate((EDITED, FACE)):
        Question.objects.create(quiz=quiz, position=position, **graded.question(get_case(key)))
    return quiz


def _play(page, live_server, quiz, assert_accessible, screenshot, *, js: bool):
    def audit():
        # axe runs in the page, so only where JavaScript runs (the same pages are audited with it on).
        if js:
            assert_accessible(page)

    page.goto(live_server.url + reverse("quizzes:quiz_detail", args=[quiz.public_id]))
    page.get_by_role("button", name="Start").first.click()
    # Case 1: an edited photograph; the reverse search finds the original.
    page.get_by_label("Wholly generated").check()
    page.get_by_role("button", name="Reverse image search").click()
    result = page.locator(".tool-result", has_text="Reverse image search")
    result.wait_for()
    assert "Earlier copy" in result.inner_text()
    assert page.get_by_label("Wholly generated").is_checked()  # the verdict held is kept
    if js:
        # The newest result takes the focus, so a screen reader reads it next. The focus moves once htmx has
        # settled the swap, a moment after the result appears: wait for it (this fails if it never moves).
        page.wait_for_function("() => document.activeElement?.classList.contains('tool-result')")
    audit()
    screenshot(page, f"investigate-kind-tool-{'js' if js else 'no-js'}")
    page.get_by_label("Edited").check()
    page.get_by_label("Reverse image search").check()
    page.get_by_label("Do not share it").check()
    page.get_by_role("button", name="Give my verdict").click()
    page.get_by_role("heading", name="Right!").wait_for()
    assert "An expert's path" in page.content()
    audit()
    page.get_by_role("link", name="Next").click()
    # Case 2: a generated face with an invented expert's name.
    page.get_by_role("button", name="Account history").click()
    page.locator(".tool-result", has_text="Account history").wait_for()
    page.get_by_label("Wholly generated").check()
    page.get_by_label("Account history").check()
    page.get_by_label("Report it").check()
    page.get_by_role("button", name="Give my verdict").click()
    page.get_by_role("heading", name="Right!").wait_for()
    page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Finish and see my results").click()
    page.get_by_role("heading", name="Question by question").wait_for()
    audit()


def test_two_cases_on_a_phone_with_javascript(browser, live_server, assert_accessible, screenshot):
    quiz = _quiz()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    blocked = []
    page.on(
        "console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    _play(page, live_server, quiz, assert_accessible, screenshot, js=True)
    assert blocked == []
    screenshot(page, "investigate-kind-phone-js")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_two_cases_on_a_desktop_without_javascript(browser, live_server, assert_accessible, screenshot):
    quiz = _quiz()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _play(page, live_server, quiz, assert_accessible, screenshot, js=False)
    screenshot(page, "investigate-kind-desktop-no-js")
    context.close()
