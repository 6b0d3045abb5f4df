import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

from literacy.models import Lesson

pytestmark = pytest.mark.django_db
BUDGET = 60 * 1024


def _compressed_scripts(html: str) -> int:
    total = 0
    for src in re.findall(r'<script[^>]+src="([^"]+)"', html):
        path = finders.find(src.removeprefix(settings.STATIC_URL))
        assert path, src
        total += len(gzip.compress(Path(path).read_bytes(), 9))
    return total


def test_a_lesson_page_ships_under_60_kb_of_compressed_javascript(client):
    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for lesson in Lesson.objects.in_course():
        html = client.get(lesson.get_absolute_url()).content.decode()
        assert _compressed_scripts(html) < BUDGET, lesson.slug


def test_a_quiz_page_ships_under_60_kb_of_compressed_html_css_and_js(client):
    from quizzes.tests.factories import make_pool_quiz

    quiz = make_pool_quiz(2)
    start = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    html = client.get(start["Location"]).content.decode()
    total = len(gzip.compress(html.encode(), 9)) + _compressed_scripts(html)
    for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', html):
        total += len(
            gzip.compress(Path(finders.find(href.removeprefix(settings.STATIC_URL))).read_bytes(), 9)
        )
    assert total < BUDGET
