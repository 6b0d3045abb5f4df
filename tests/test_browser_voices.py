"""Voices in a real browser (Debian's Chromium): each of the three recording
question kinds answered with JavaScript and without it, axe on the library
clip page and the voice question pages, and the text route past a recording
(skip where the teacher made listening optional) at a phone's width."""

import re

import pytest
from django.urls import reverse

from classrooms import services as class_services
from classrooms.models import Classroom, Enrolment
from conftest import make_user
from quizzes.kinds.which_is_real import correct_side
from quizzes.models import Attempt, AttemptItem
from quizzes.tests.factories import make_quiz
from quizzes.tests.test_voice_kinds import EDIT_SPAN, make_recording

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reuse_audio_work"),
]

VOICE_KINDS = ["voice_real_or_synth", "voice_which_is_real", "voice_where_edited"]
MODES = {"js": True, "nojs": False}
PHONE = {"width": 360, "height": 760}
SKIP = "I can't listen to this: skip it (your teacher allows this)"


def _voices():
    """Two sentences, each read by a person and by a synthesiser, and a cut."""
    for group in ("sentence-1", "sentence-2"):
        make_recording(f"real-{group}", group=group)
        make_recording(f"tts-{group}", label="synthetic", technique="tts", group=group)
    return make_recording(
        "cut", label="synthetic", technique="cut", tells=[EDIT_SPAN], seconds=1.2
    )  # the library clip page shows its tell


def _voice_quiz(kinds=VOICE_KINDS, size=3, **fields):
    return make_quiz(pool_size=size, pool_kinds=list(kinds), pool_filters={"families": ["voices"]}, **fields)


def _current(attempt_filter) -> AttemptItem:
    return (
        AttemptItem.objects.filter(**attempt_filter, answered_at__isnull=True)
        .select_related("example", "example_b")
        .order_by("position")
        .first()
    )


def _answer_right(page, item):
    """Answer the voice question on screen, rightly, by its kind."""
    form = page.locator("form.question")
    if item.kind == "voice_real_or_synth":
        form.get_by_label(
            "A real person" if item.example.label == "real" else "Synthetic", exact=True
        ).check()
        form.get_by_label("80 %", exact=True).check()
    elif item.kind == "voice_which_is_real":
        first = correct_side(item) == "left"
        form.get_by_label("The first recording" if first else "The second recording", exact=True).check()
    else:
        form.get_by_label(re.compile("^Seconds from the start")).fill("0.65")
    form.get_by_role("button", name="Answer", exact=True).click()


def _wait_for_sound(page):
    """The question's recording loads in Chromium (its length is known)."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('form.question audio')]"
        ".every(a => a.readyState >= 1 && a.duration > 0)"
    )


@pytest.mark.parametrize("mode", MODES)
def test_each_voice_kind_is_answered_and_shows_its_feedback(
    browser, live_server, assert_accessible, screenshot, mode
):
    _voices()
    quiz = _voice_quiz(title="Voices")
    context = browser.new_context(viewport=PHONE, java_script_enabled=MODES[mode])
    page = context.new_page()
    page.goto(live_server.url + quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    attempt = Attempt.objects.get(quiz=quiz)
    seen = []
    for _ in range(3):
        page.wait_for_selector("form.question")
        item = _current({"attempt": attempt})
        seen.append(item.kind)
        assert page.locator("form.question audio[controls]").count() >= 1
        assert item.example.transcript in page.locator("form.question").inner_text()
        if MODES[mode]:
            _wait_for_sound(page)
            assert_accessible(page)
            assert _too_wide(page) == []
        screenshot(page, f"voice-question-{item.kind}-phone-{mode}")
        _answer_right(page, item)
        page.wait_for_selector("section.reveal")
        assert "Right!" in page.locator("section.reveal").inner_text()
        if MODES[mode]:
            assert_accessible(page)
        item.refresh_from_db()
        assert item.is_answered and item.is_correct is True and item.response
        page.get_by_role("link", name="Next").click()
    assert sorted(seen) == sorted(VOICE_KINDS)
    page.get_by_role("button", name="Finish and see my results").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    attempt.refresh_from_db()
    assert attempt.summary["accuracy"] == 1.0 and attempt.summary["answered"] == 3
    context.close()


def test_the_library_clip_page_has_no_axe_violations(page, live_server, assert_accessible, screenshot):
    cut = _voices()
    page.goto(live_server.url + cut.get_absolute_url())
    assert page.locator("audio[controls]").count() >= 1
    assert cut.transcript in page.content()
    assert_accessible(page)
    screenshot(page, "voice-library-clip")


def _too_wide(page) -> list[str]:
    """Elements reaching past the window's right edge (sideways scrolling on a phone)."""
    return page.evaluate(
        "() => [...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)"
        ".map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')"
        " + ' ' + Math.round(e.getBoundingClientRect().right))"
    )


def _log_in(page, base, username):
    page.goto(base + reverse("accounts:login"))
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/dashboard/")


@pytest.mark.parametrize("mode", MODES)
def test_a_student_who_cannot_hear_skips_a_recording_at_phone_width(
    browser, live_server, assert_accessible, screenshot, mode
):
    _voices()
    teacher = make_user("alice", role="teacher", email="alice@example.org")
    classroom = Classroom.objects.create(name="Year 9 Media", owner=teacher)
    student = make_user("charlie", role="student", display_name="Charlie")
    Enrolment.objects.create(classroom=classroom, student=student)
    optional = class_services.assignment_create(
        classroom=classroom, created_by=teacher, listening_optional=True,
        quiz=_voice_quiz(["voice_real_or_synth"], size=2, title="Voices, listening optional"),
    )  # fmt: skip
    required = class_services.assignment_create(
        classroom=classroom,
        created_by=teacher,
        quiz=_voice_quiz(["voice_real_or_synth"], size=1, title="Voices"),
    )
    javascript = MODES[mode]
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    base = live_server.url
    _log_in(page, base, "charlie")

    # Where listening is required there is no skip.
    page.goto(base + reverse("classrooms:assignment_take", args=[required.public_id]))
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("form.question")
    assert page.get_by_role("button", name=SKIP).count() == 0

    page.goto(base + reverse("classrooms:assignment_take", args=[optional.public_id]))
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("form.question")
    links = {"attempt__assignment_link__assignment": optional}
    skipped = _current(links)
    skip = page.get_by_role("button", name=SKIP)
    assert skip.is_visible() and skipped.example.transcript in page.content()
    if javascript:
        assert _too_wide(page) == []
        assert_accessible(page)
    screenshot(page, f"voice-skip-phone-{mode}-before")
    skip.click()
    page.wait_for_selector("text=1 of 2 answered")
    page.wait_for_selector("form.question")
    screenshot(page, f"voice-skip-phone-{mode}-after")
    skipped.refresh_from_db()
    assert skipped.excused and skipped.is_answered and skipped.is_correct is None

    _answer_right(page, _current(links))
    page.wait_for_selector("section.reveal")
    page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Finish and see my results").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    assert "Skipped" in page.content()
    if javascript:
        assert_accessible(page)
    screenshot(page, f"voice-skip-phone-{mode}-results")
    attempt = Attempt.objects.get(assignment_link__assignment=optional)
    # Counted, the skip would have halved the score; it is not counted at all.
    assert attempt.summary["accuracy"] == 1.0 and attempt.summary["total"] == 1
    assert attempt.summary["excused"] == 1
    context.close()
