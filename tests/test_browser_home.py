import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_navigation_is_accessible(page, live_server, assert_accessible, csp_errors, screenshot):
    page.goto(live_server.url + "/")
    assert page.title().startswith("Deepfake Literacy Lab")
    assert_accessible(page)

    # The skip link is the first thing a keyboard reaches, and it works.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Follow the navigation to every section it offers and audit each page.
    hrefs = page.eval_on_selector_all(
        ".site-nav a, .site-footer a", "els => els.map(e => e.getAttribute('href'))"
    )
    assert "/about/" in hrefs
    for href in hrefs:
        response = page.goto(live_server.url + href)
        assert response.status == 200, href
        assert_accessible(page)
    assert csp_errors == []


def test_home_page_fits_a_360_pixel_phone(browser, live_server, assert_accessible, screenshot):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(live_server.url + "/")
    # Nothing overflows sideways on a small phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
    screenshot(page, "home-360")
    context.close()


def test_home_page_in_dark_mode_is_accessible(browser, live_server, assert_accessible, screenshot):
    context = browser.new_context(color_scheme="dark", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert_accessible(page)
    screenshot(page, "home-dark")
    context.close()
