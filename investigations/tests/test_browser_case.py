import pytest
from django.core.management import call_command

from conftest import ARTIFACTS
from literacy.models import Lesson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = "/investigate/launch-pad/"


def test_a_case_is_played_to_the_end_without_javascript(browser, live_server, screenshot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + CASE)
    page.get_by_role("link", name="Reverse image search").click()
    assert "tool=reverse_search" in page.url
    assert "Earlier copy" in page.locator("#tool-result").inner_text()
    page.get_by_label("Edited").check()
    page.get_by_label("Reverse image search").check()
    page.get_by_label("Do not share it").check()
    page.get_by_role("button", name="Give my verdict").click()
    assert "Right verdict" in page.locator(".feedback").inner_text()
    assert "Your pinned evidence supports the verdict." in page.content()
    screenshot(page, "investigation-no-js")
    context.close()


def test_a_case_is_played_with_htmx_swapping_the_tool_result(page, live_server, csp_errors, screenshot):
    page.goto(live_server.url + CASE)
    page.get_by_role("link", name="Account history").click()
    page.locator("#tool-result h3", has_text="Account history").wait_for()
    assert page.url == live_server.url + CASE  # swapped in place, no navigation
    # The opened tool appears in the verdict form at once, without a reload.
    page.get_by_label("Account history").wait_for()
    page.get_by_label("Wholly generated").check()
    page.get_by_label("Account history").check()
    page.get_by_label("Share it", exact=True).check()
    page.get_by_role("button", name="Give my verdict").click()
    feedback = page.locator(".feedback").inner_text()
    assert "Not this time" in feedback and "Edited" in feedback
    screenshot(page, "investigation-js")
    assert csp_errors == []


VOICE_CASE = "/investigate/grandson-crash/"


def test_a_voice_message_case_is_played_to_the_end_without_javascript(browser, live_server, screenshot):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + VOICE_CASE)
    # The recording plays from the page (no script needed), and its transcript is there to read.
    audio = page.locator("article.post audio[controls]")
    src = audio.get_attribute("src")
    fetched = context.request.get(live_server.url + src)
    assert fetched.ok and fetched.headers["content-type"] == "audio/mpeg" and len(fetched.body()) > 10_000
    assert "nine hundred euros" in page.locator("article.post figcaption").inner_text()
    assert page.locator("article.post img").count() == 0
    # The picture tool says it cannot help; the account's history can.
    page.get_by_role("link", name="Reverse image search").click()
    assert "works on pictures only" in page.locator("#tool-result").inner_text()
    page.get_by_role("link", name="Account history").click()
    assert "not in your contacts" in page.locator("#tool-result").inner_text()
    _give_verdict(
        page, verdict="Cannot tell yet", pinned="Account history", action="Ask the sender another way"
    )
    feedback = page.locator(".feedback").inner_text()
    assert "Right verdict" in feedback and "Your pinned evidence supports the verdict." in feedback
    assert "Call back on the number you already have" in feedback
    screenshot(page, "investigation-voice-no-js")
    context.close()


def test_the_browser_can_play_a_voice_message(page, live_server, csp_errors):
    page.goto(live_server.url + VOICE_CASE)
    # The browser decodes the MP3 far enough to know its length: the recording plays under the page's CSP.
    duration = page.locator("article.post audio").evaluate(
        """audio => new Promise((done, failed) => {
            if (audio.readyState >= 1) { done(audio.duration); return; }
            audio.addEventListener("loadedmetadata", () => done(audio.duration));
            audio.addEventListener("error", () => failed(audio.error && audio.error.code));
            audio.load();
        })"""
    )
    assert 8 <= duration <= 20
    assert csp_errors == []


def _lesson_9(live_server) -> str:
    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url + Lesson.objects.get(number=9).get_absolute_url()


def _widget_picture(widget, name):
    """The widget alone: the lesson around it is long."""
    ARTIFACTS.mkdir(exist_ok=True)
    widget.screenshot(path=str(ARTIFACTS / f"{name}.jpg"), type="jpeg", quality=80)


def _give_verdict(scope, *, verdict, pinned, action):
    scope.get_by_label(pinned).check()
    scope.get_by_label(verdict).check()
    scope.get_by_label(action).check()
    scope.get_by_role("button", name="Give my verdict").click()


def test_lesson_9_holds_a_live_case_on_a_phone_with_javascript(browser, live_server, csp_errors):
    lesson = _lesson_9(live_server)
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(lesson)
    widget = page.locator("[data-widget=lateral-reading]")
    widget.get_by_role("link", name="Account history").click()
    widget.locator("#tool-result").get_by_role("heading", name="Account history").wait_for()
    # Ticked evidence stays ticked when the next tool redraws the list.
    widget.get_by_label("Account history").check()
    widget.get_by_role("link", name="Reverse image search").click()
    widget.get_by_label("Reverse image search").wait_for()
    assert "Earlier copy" in widget.locator("#tool-result").inner_text()
    assert widget.get_by_label("Account history").is_checked()
    assert page.url == lesson  # the learner never left the lesson
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _widget_picture(widget, "lesson-09-live-case-360")
    _give_verdict(
        widget, verdict="Authentic but miscaptioned", pinned="Reverse image search", action="Do not share it"
    )
    feedback = page.locator(".feedback").inner_text()
    assert "Right verdict" in feedback and "Your pinned evidence supports the verdict." in feedback
    assert csp_errors == []
    context.close()


def test_lesson_9_holds_a_live_case_on_a_desktop_without_javascript(browser, live_server):
    lesson = _lesson_9(live_server)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(lesson)
    widget = page.locator("[data-widget=lateral-reading]")
    widget.get_by_role("link", name="Reverse image search").click()
    assert "check_tool=reverse_search" in page.url and page.url.startswith(lesson)
    widget = page.locator("[data-widget=lateral-reading]")
    assert "Earlier copy" in widget.locator("#tool-result").inner_text()
    _widget_picture(widget, "lesson-09-live-case-1280-no-js")
    _give_verdict(
        widget, verdict="Authentic but miscaptioned", pinned="Reverse image search", action="Do not share it"
    )
    assert "Right verdict" in page.locator(".feedback").inner_text()
    context.close()
