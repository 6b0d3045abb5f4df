import pytest
from django.core.management import call_command

from literacy.models import Lesson

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_lesson_passes_axe_and_fits_a_phone(browser, live_server, assert_accessible, screenshot):
    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    for lesson in Lesson.objects.in_course():
        page.goto(live_server.url + lesson.get_absolute_url())
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, lesson.slug
        if lesson.number in (3, 8):
            screenshot(page, f"lesson-{lesson.number:02d}-360")
    context.close()
