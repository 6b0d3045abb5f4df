"""Real-browser journeys through Debian's Chromium: quizzes, the library,
a lesson, and a whole classroom. Each page is audited with axe."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from classrooms import services
from classrooms.models import Classroom
from literacy.models import Example, Lesson
from literacy.tests.factories import make_example
from quizzes.models import Quiz
from quizzes.tests.factories import make_fixed_quiz, make_pool_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def quiet(*args):
    call_command(*args, stdout=open("/dev/null", "w"))  # noqa: SIM115


def answer_current(page, *, right=True):
    """Answer whatever question is on screen, by its kind."""
    form = page.locator("form.question")
    if form.locator("input[name=choice]").count():
        page.get_by_label("Synthetic", exact=True).check()
        page.get_by_label("80 %", exact=True).check()
        page.get_by_role("button", name="Answer").click()
    elif form.locator("button[name=side]").count():
        page.get_by_role("button", name="Left is real").click()
    elif form.locator("[data-spot]").count():
        image = form.locator("img.spot-image")
        image.focus()
        for _ in range(8):
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowDown")
        page.get_by_role("button", name="Answer").click()
    else:
        form.locator("input[name=choices]").first.check()
        page.get_by_role("button", name="Answer").click()


def test_a_quiz_of_every_kind_with_feedback_then_results(
    page, live_server, assert_accessible, screenshot, csp_errors
):
    quiz = make_fixed_quiz(title="Every kind")
    page.goto(live_server.url + quiz.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("button", name="Start the quiz").click()
    for n in range(4):
        page.wait_for_selector("form.question")
        assert_accessible(page)
        if n == 2:
            screenshot(page, "quiz-spot")
        answer_current(page)
        page.wait_for_selector("section.reveal")
        assert_accessible(page)
        assert "See this example in the library" in page.content() or n == 3
        page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Finish and see my results").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    assert "Your results" in page.content() and "Nightingale" in page.content()
    assert_accessible(page)
    screenshot(page, "quiz-results")
    assert csp_errors == []


def test_feedback_at_the_end_and_resuming_after_closing_the_page(browser, live_server, assert_accessible):
    quiz = make_pool_quiz(4, feedback=Quiz.Feedback.END)
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_selector("form.question")
    answer_current(page)
    page.wait_for_selector("text=1 of 4 answered")
    assert page.locator("section.reveal").count() == 0
    page.close()
    page = context.new_page()
    page.goto(live_server.url + quiz.get_absolute_url())
    page.get_by_role("link", name="Resume where you left off").click()
    page.wait_for_selector("text=1 of 4 answered")
    for _ in range(3):
        answer_current(page)
        page.wait_for_timeout(150)
    page.get_by_role("button", name="Finish and see my results").click()
    page.wait_for_url(re.compile(r".*/results/$"))
    assert "Question by question" in page.content()
    assert_accessible(page)
    context.close()


def test_the_quiz_works_without_javascript(browser, live_server):
    quiz = make_pool_quiz(2)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + quiz.get_absolute_url())
    page.get_by_role("button", name="Start the quiz").click()
    for _ in range(2):
        page.get_by_label("Real", exact=True).check()
        page.get_by_label("60 %", exact=True).check()
        page.get_by_role("button", name="Answer").click()
        assert page.locator("section.reveal").count() == 1
        page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Finish and see my results").click()
    assert "Your results" in page.content()
    context.close()


def test_the_library_tells_overlay_and_magnifier_by_mouse_and_keyboard(
    page, live_server, assert_accessible, screenshot
):
    for _ in range(3):
        make_example()
    fake = make_example(
        label="synthetic",
        technique="splice",
        family="scenes",
        size=(120, 80),
        title="Harbour with a pasted boat",
    )
    page.goto(live_server.url + reverse("literacy:library"))
    assert_accessible(page)
    page.get_by_label("Label").select_option("synthetic")
    page.wait_for_function("() => location.search.includes('label=synthetic')")
    assert page.locator(".example-card").count() == 1
    page.get_by_role("link", name="Harbour with a pasted boat").click()
    assert_accessible(page)
    toggle = page.locator("[data-toggle-tells]")
    assert toggle.inner_text() == "Show tells"
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.locator("figure.tells-on").count() == 1 and toggle.get_attribute("aria-pressed") == "true"
    assert toggle.inner_text() == "Hide tells"
    page.get_by_role("button", name="Magnifier").click()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert page.locator("[data-lens]").is_visible()
    page.mouse.move(*center(page.locator("[data-figure] img")))
    screenshot(page, "example-tells-magnifier")
    page.keyboard.press("Escape")
    assert not page.locator("[data-lens]").is_visible()
    assert_accessible(page)
    assert fake.public_id in page.url


def center(locator):
    box = locator.bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_a_learner_completes_a_lesson_and_uses_its_widgets_by_keyboard(
    page, live_server, assert_accessible, screenshot
):
    quiet("load_lessons")
    lesson = Lesson.objects.get(slug="gans")
    page.goto(live_server.url + lesson.get_absolute_url())
    assert_accessible(page)
    slider = page.locator("[data-replay-slider]")
    if slider.count():
        slider.focus()
        before = page.locator("[data-replay-label]").inner_text()
        page.keyboard.press("End")
        assert page.locator("[data-replay-label]").inner_text() != before
    for check in lesson.checks:
        form = page.locator(f"#check-{check['id']}")
        right = [i for i, c in enumerate(check["choices"]) if c.get("correct")]
        for i in right:
            form.locator(f"input[value='{i}']").check()
        form.get_by_role("button", name="Check my answer").click()
        page.locator(f"#check-{check['id']} .feedback").wait_for()
    assert page.locator("[data-lesson-complete]").count() >= 1
    screenshot(page, "lesson-complete")
    page.goto(live_server.url + reverse("literacy:lesson_list"))
    row = page.locator(".lesson-card", has_text=lesson.title)
    assert "Complete" in row.inner_text()
    assert_accessible(page)


def test_the_latent_explorer_moves_by_keyboard(page, live_server, assert_accessible):
    quiet("load_lessons")
    page.goto(live_server.url + reverse("literacy:lesson_detail", args=["autoencoders-and-face-swaps"]))
    pad = page.locator(".latent-pad")
    if not pad.count():
        pytest.fail("the latent explorer did not render: are content/lesson-assets present?")
    pad.focus()
    before = pad.get_attribute("aria-valuetext")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    assert pad.get_attribute("aria-valuetext") != before
    assert_accessible(page)


def test_a_whole_classroom(browser, live_server, assert_accessible, screenshot):
    quiz = make_pool_quiz(3, title="Class quiz")
    teacher_ctx = browser.new_context()
    t = teacher_ctx.new_page()
    t.goto(live_server.url + reverse("learners:signup") + "?role=teacher")
    t.get_by_label("I'm a teacher").check()
    t.get_by_label("Your name").fill("Ms Rivera")
    t.get_by_label("Email").fill("rivera@example.org")
    t.get_by_label("Username").fill("rivera")
    t.get_by_label("Password").fill("a-long-teacher-pass-99")
    t.get_by_role("button", name="Create account").click()
    t.goto(live_server.url + reverse("classrooms:classroom_list"))
    t.get_by_label("Class name").fill("8B Media")
    t.get_by_role("button", name="Create class").click()
    assert_accessible(t)
    t.get_by_label("Student names, one per line").fill("Priya\nTom")
    t.get_by_role("button", name="Create accounts and print cards").click()
    assert t.locator(".login-card").count() == 2
    t.emulate_media(media="print")
    screenshot(t, "login-cards-print")
    t.emulate_media(media="screen")
    classroom = Classroom.objects.get(name="8B Media")
    t.goto(live_server.url + classroom.get_absolute_url())
    t.get_by_label("Quiz").select_option(label=str(quiz))
    t.get_by_role("button", name="Assign").click()
    assignment = classroom.assignments.get()

    student_ctx = browser.new_context(viewport={"width": 360, "height": 740})
    s = student_ctx.new_page()
    s.goto(live_server.url + reverse("learners:join"))
    s.get_by_label("Class code").fill(classroom.join_code)
    s.get_by_label("Your name").fill("Kofi")
    s.get_by_label("Choose a password").fill("kofi-likes-comets-7")
    s.get_by_role("button", name="Join").click()
    assert_accessible(s)
    screenshot(s, "student-dashboard-360")
    s.get_by_role("link", name="Class quiz").click()
    s.get_by_role("button", name="Start the quiz").click()

    dashboard = live_server.url + reverse(
        "classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id]
    )
    t.goto(dashboard)
    assert "0 finished" in t.content()
    for _ in range(3):
        s.wait_for_selector("form.question")
        answer_current(s)
        s.get_by_role("link", name="Next").click()
    s.get_by_role("button", name="Finish and see my results").click()
    s.wait_for_url(re.compile(r".*/results/$"))
    # The teacher's page updates itself (htmx polling) without a reload.
    t.wait_for_selector("text=1 finished", timeout=15000)
    t.reload()
    assert "Item analysis" in t.content()
    assert_accessible(t)
    screenshot(t, "teacher-assignment")
    t.goto(live_server.url + classroom.get_absolute_url())
    with t.expect_download() as download:
        t.get_by_role("link", name="Download results (CSV)").click()
    path = download.value.path()
    text = open(path, encoding="utf-8-sig").read()  # noqa: SIM115
    assert "Kofi" in text and "Class quiz" in text
    teacher_ctx.close()
    student_ctx.close()
    assert Example.objects.exists()


def _teacher_page(browser, live_server, *, width, javascript):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Username or email").fill("alice")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/dashboard/")
    return page


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_teachers_class_and_assignment_pages_on_a_phone(
    browser, live_server, teacher, classroom, student, assert_accessible, screenshot, javascript
):
    now = timezone.now()
    services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2, title="Spot the synthetic portrait"),
        due_at=now + timedelta(days=7), attempts_allowed=0, listening_optional=True,
    )  # fmt: skip
    assignment = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2, title="Warm-up"), due_at=now + timedelta(days=3),
    )  # fmt: skip
    page = _teacher_page(browser, live_server, width=360, javascript=javascript)
    mode = "js" if javascript else "nojs"

    # The assignments table reads as cards on a phone: nothing scrolls sideways,
    # not even inside the table's scrolling box, and it is still a table to a
    # screen reader (column headers kept out of sight only).
    page.goto(live_server.url + classroom.get_absolute_url())
    table = page.locator("table", has_text="Spot the synthetic portrait")
    assert table.get_by_role("link", name="Results of Warm-up").is_visible()
    assert table.get_by_role("columnheader", name="Due").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth")
    assert table.evaluate("t => t.getBoundingClientRect().right <= 360")
    if javascript:
        assert_accessible(page)
    screenshot(page, f"class-assignments-360-{mode}")

    # The status line promises live updates only where the page polls.
    status_url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    page.goto(live_server.url + status_url)
    live = page.get_by_text("updates while students work")
    reload = page.get_by_text("reload the page to see new answers")
    assert (live.is_visible(), reload.is_visible()) == (javascript, not javascript)
    screenshot(page, f"teacher-assignment-360-{mode}")

    # At a laptop's width the assignments are a table with its column headers.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + classroom.get_absolute_url())
    assert page.get_by_role("columnheader", name="Due").bounding_box()["width"] > 20
    if javascript:
        assert_accessible(page)
    page.context.close()
