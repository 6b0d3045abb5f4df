import pytest

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
    # The opened tool appears in the verdict form after a reload of the form's page.
    page.reload()
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
    page.get_by_label("Cannot tell yet").check()
    page.get_by_label("Account history").check()
    page.get_by_label("Ask the sender another way").check()
    page.get_by_role("button", name="Give my verdict").click()
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
