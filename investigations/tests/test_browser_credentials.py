import pytest

from investigations.cases import get_case, posted_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_content_credentials_tool_reads_a_case_with_htmx(
    browser, live_server, screenshot, assert_accessible, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    blocked = []
    page.on(
        "console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    page.goto(live_server.url + "/investigate/rocket-galaxy/")
    page.get_by_role("link", name="Content Credentials").click()
    result = page.locator("#tool-result")
    result.get_by_text("Ingredients: the pictures it was made from").wait_for()
    assert page.url == live_server.url + "/investigate/rocket-galaxy/"  # swapped in place
    text = result.inner_text()
    assert "The credentials are intact" in text and "test authority" in text
    # Nothing is wider than the screen on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, context="#tool-result")
    result.scroll_into_view_if_needed()
    screenshot(page, f"credentials-case-{width}")
    assert blocked == []
    context.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_check_a_file_reports_altered_credentials_without_javascript(browser, live_server, screenshot, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/investigate/check-a-file/")
    page.get_by_label("Image").set_input_files(str(posted_path(get_case("ela-trap"))))
    page.get_by_role("button", name="Check it").click()
    page.get_by_role("heading", name="Content Credentials").wait_for()
    section = page.locator("section", has=page.get_by_role("heading", name="Content Credentials"))
    assert "Validation failed" in section.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, f"credentials-check-file-{width}")
    context.close()
