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
