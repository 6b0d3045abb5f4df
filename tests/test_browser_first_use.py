"""The first use of the site by each kind of person, as issue 19 walked it:
a self-learner, a teacher and two students, on a phone (360 px) and a
desktop (1280 px), with and without JavaScript.

One test per device and JavaScript setting plays the whole path: the home
page's first question, the warm-up quiz, signing up, the progress page; a
teacher signing up, making a class, printing a login card and assigning the
warm-up; a student joining by code and doing it; a student with a login card
replacing the one-time password first; the teacher's reports and the answers
CSV. On the way it checks, by size and visibility, the five defects the
walk-through found (a giant trend chart, markup in the dashboard's tab title,
a spot question and a magnifier that cannot work without JavaScript, a CSV
of answer indexes, answers cut mid-word) and the things that got in the way
(a tall phone header, an indented assignment card, no busy state, no image on
the home page, the digits warm-up offered first).
"""

import csv
import io
import re

import pytest
from django.urls import reverse

from classrooms.models import Classroom
from literacy.models import Example
from literacy.tests.factories import make_example
from quizzes.models import Attempt, Question, Quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEVICES = {
    "phone": {"viewport": {"width": 360, "height": 844}, "has_touch": True, "is_mobile": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}
# Longer than the 40 characters at which teachers' views used to cut answers.
LONG_CHOICE = "Search for earlier copies of the picture and find who first posted it"
PASSWORD = "a-long-and-unusual-pass-42"


@pytest.fixture
def warm_up(db):
    """A realistic pair for the home page (a study camera original and an
    edit made from it) and the warm-up quiz the home page offers next: one
    question of each kind, the last with a long multiple-choice answer."""
    original = make_example(title="Jetty in fog", family="photos-hd", size=(120, 75))
    edit = make_example(
        label="synthetic", technique="object_removal", family="photos-hd", size=(120, 75),
        title="Jetty in fog, a post removed", derived_from=original,
        tells=[{"shape": "rect", "x": 0.5, "y": 0.25, "w": 0.5, "h": 0.5, "note": "smoothed water"}],
    )  # fmt: skip
    # A graded edit of the same photo, easier still: it must never be the home page's pair.
    make_example(
        label="synthetic", technique="splice", family="photos-hd", difficulty=1, derived_from=original,
        use=Example.Use.ASSESSMENT,
    )  # fmt: skip
    quiz = Quiz.objects.create(key="warm-up", title="Warm-up: which photo is real?", shuffle=False)
    Question.objects.create(quiz=quiz, position=0, kind="which_is_real", example=original, example_b=edit)
    Question.objects.create(quiz=quiz, position=1, kind="real_or_synthetic", example=edit)
    Question.objects.create(quiz=quiz, position=2, kind="spot", example=edit)
    Question.objects.create(
        quiz=quiz, position=3, kind="multiple_choice", prompt="A shocking photo goes round. What do you do first?",
        choices=[{"text": LONG_CHOICE, "correct": True}, {"text": "Zoom in on the pixels", "correct": False}],
        explanation="Where a picture came from tells you more than how it looks.",
    )  # fmt: skip
    # An older, easier quiz that must not be the one offered first.
    Quiz.objects.create(key="early-generators", title="Early generators: digits, textures and tiny faces")
    return {"original": original, "edit": edit, "quiz": quiz}


def box(page, selector):
    locator = page.locator(selector).first
    assert locator.is_visible(), f"{selector} is not visible"
    return locator.bounding_box()


def check_header(page, device):
    """The header is compact: about one tenth of a phone's height."""
    height = box(page, ".site-header")["height"]
    assert height <= (130 if device == "phone" else 90), f"header {height} px tall on a {device}"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def check_title(page):
    title = page.title()
    assert title and "<" not in title and ">" not in title, f"markup in the tab title: {title!r}"


# Records, in the tab's sessionStorage (it outlives the navigation), how the
# form looked once busy.js marked it busy: whether its submit buttons were
# disabled and whether the pressed one showed a spinner.
WATCH_BUSY = """() => {
  sessionStorage.removeItem("busy-seen");
  new MutationObserver(() => {
    const form = document.querySelector("form[aria-busy=true]");
    if (!form || sessionStorage.getItem("busy-seen")) return;
    const pressed = form.querySelector("[data-busy-submitter]");
    sessionStorage.setItem("busy-seen", JSON.stringify({
      disabled: [...form.querySelectorAll("button:not([type=button])")].every((b) => b.disabled),
      spinner: pressed ? getComputedStyle(pressed, "::after").content : "none",
    }));
  }).observe(document.body, {attributes: true, subtree: true, attributeFilter: ["aria-busy", "disabled"]});
}"""


def check_busy(page, js, submit):
    """A form shows it is busy while its answer is on the way (JavaScript
    only: without it the browser shows its own progress). What the form
    looked like is recorded in the page as it happens, so nothing here
    depends on how fast the server answers."""
    if not js:
        submit()
        return
    page.evaluate(WATCH_BUSY)
    with page.expect_navigation():
        submit()
    seen = page.evaluate("() => JSON.parse(sessionStorage.getItem('busy-seen'))")
    assert seen, "the form was never marked busy"
    assert seen["disabled"], "a busy form's buttons could be pressed again"
    assert seen["spinner"] not in ("none", "normal", ""), "no spinner on the pressed button"


def answer_question(page, js, *, n):
    """Answer the question on screen (the warm-up's order is fixed)."""
    form = page.locator("form.question")
    if n == 0:
        form.get_by_role("button", name="Left is real").click()
    elif n == 1:
        page.get_by_label("Synthetic", exact=True).check()
        page.get_by_label("80 %", exact=True).check()
        form.get_by_role("button", name="Answer").click()
    elif n == 2:
        plain = page.locator("[data-spot-hint=plain]")
        enhanced = page.locator("[data-spot-hint=enhanced]")
        submit = page.locator("[data-spot-submit]")
        if js:
            page.locator("[data-spot].enhanced").wait_for()  # after htmx settles the swapped question
            assert enhanced.is_visible() and not plain.is_visible()
            assert submit.is_visible()
            page.locator("img.spot-image, input.spot-image").first.focus()
            for _ in range(4):
                page.keyboard.press("ArrowRight")
            submit.click()
        else:
            # Without JavaScript: no Answer button that could only be refused,
            # no talk of a ring moved with arrow keys; the photo is the button.
            assert not submit.is_visible() and not enhanced.is_visible()
            assert plain.is_visible() and "arrow" not in plain.inner_text()
            image = page.locator("input.spot-image")
            b = image.bounding_box()
            image.click(position={"x": b["width"] * 0.75, "y": b["height"] * 0.5})
    else:
        page.get_by_label(LONG_CHOICE).check()
        form.get_by_role("button", name="Answer").click()
    page.locator("section.reveal").wait_for()


def take_the_quiz(page, js):
    for n in range(4):
        page.locator("form.question").wait_for()
        answer_question(page, js, n=n)
        page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Finish and see my results").click()
    page.wait_for_url(re.compile(r".*/results/$"))


def sign_up(page, js, *, role, name, username, email=""):
    if not page.url.split("?")[0].endswith(reverse("learners:signup")):
        page.get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label("I'm a teacher" if role == "teacher" else "I'm learning on my own").check()
    page.get_by_label("Your name").fill(name)
    if email:
        page.get_by_label("Email").fill(email)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    check_busy(page, js, page.get_by_role("button", name="Create account").click)
    page.wait_for_url(re.compile(r".*/accounts/dashboard/$"))
    check_title(page)


def self_learner(browser, live_server, device, js, warm_up, shots):
    context = browser.new_context(java_script_enabled=js, **DEVICES[device])
    page = context.new_page()
    page.goto(live_server.url + "/")
    check_header(page, device)

    # The first minute: a realistic pair, side by side, in the first screen,
    # and nothing on the page says which side is real before the answer.
    showcase = page.locator("#showcase")
    left, right = showcase.locator("button.pick").all()
    lb, rb = left.bounding_box(), right.bounding_box()
    assert abs(lb["y"] - rb["y"]) < 2 and lb["x"] + lb["width"] <= rb["x"], "the pair is not side by side"
    assert lb["y"] < page.viewport_size["height"] / 2, "the pair starts below the first half screen"
    for image in showcase.locator("img").all():
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), (
            "an image of the pair did not load"
        )
        assert image.bounding_box()["width"] >= 0.35 * min(page.viewport_size["width"], 900)
    html = showcase.locator("form").inner_html()
    edit, original = warm_up["edit"], warm_up["original"]
    for secret in (edit.public_id, original.public_id, "edited", "original", "removal"):
        assert secret not in html, f"the question gives away {secret!r}"
    shots(page, "home")
    real_side = (
        "Left" if showcase.locator("img").first.get_attribute("src") in original_srcs(original) else "Right"
    )
    showcase.get_by_role("button", name=f"{real_side} is real").click()
    reveal = page.locator("#showcase .alert")
    reveal.wait_for()
    assert reveal.inner_text().startswith("Right.") and "came from" in reveal.inner_text()
    assert page.url.endswith("/") if js else page.url.endswith("/first-look/")
    assert page.locator("#showcase figcaption", has_text="edited").count() == 1
    link = page.get_by_role("link", name="See what was changed, and where")
    assert link.get_attribute("href") == edit.get_absolute_url()  # the study edit, never the graded one
    shots(page, "home-answered")

    # The next step is the realistic warm-up, not the digits.
    page.get_by_role("link", name=re.compile(r"^Next: Warm-up")).click()
    page.get_by_role("button", name="Start the quiz").click()
    take_the_quiz(page, js)
    check_header(page, device)
    # Bar labels are page text at a readable size.
    for label in page.locator(".hbars li").all():
        size = float(label.evaluate("el => getComputedStyle(el).fontSize").removesuffix("px"))
        assert size >= 14, f"bar label at {size} px"
    assert "Too few to judge" in page.content()
    shots(page, "results")

    sign_up(page, js, role="learner", name="Sam", username=f"sam-{device}-{js:d}")
    page.goto(live_server.url + reverse("learners:progress"))
    check_header(page, device)
    # Defect 1: the trend chart with one quiz is a small, wide figure.
    chart = box(page, "svg.trend")
    assert chart["width"] >= chart["height"] * 2, f"trend chart {chart['width']}x{chart['height']}"
    assert chart["width"] <= page.viewport_size["width"] and chart["height"] <= 260
    axis = page.locator("svg.trend text.axis").first.bounding_box()
    assert axis["height"] >= 11, f"chart labels {axis['height']} px tall"
    shots(page, "progress")

    # Defect 3, second half: the magnifier needs JavaScript, so it shows only with it.
    page.goto(live_server.url + edit.get_absolute_url())
    assert page.get_by_role("button", name="Magnifier").is_visible() == js
    context.close()


def original_srcs(example):
    return {r.url for r in example.renditions.all()}


def teacher_sets_up(browser, live_server, device, js, shots):
    context = browser.new_context(java_script_enabled=js, **DEVICES[device])
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up as a teacher").click()
    sign_up(page, js, role="teacher", name="Ms Rivera", username=f"rivera-{device}-{js:d}",
            email=f"rivera-{device}-{js:d}@example.org")  # fmt: skip
    check_header(page, device)
    page.get_by_role("link", name="Teach").click()
    page.get_by_label("Class name").fill("8B Media")
    page.get_by_role("button", name="Create class").click()
    classroom = Classroom.objects.get(name="8B Media")
    page.get_by_label("Student names, one per line").fill("Priya Shah")
    check_busy(page, js, page.get_by_role("button", name="Create accounts and print cards").click)
    card = page.locator("li.login-card").first
    username = card.locator("dd.mono").nth(0).inner_text().strip()
    password = card.locator("dd.mono").nth(1).inner_text().strip()
    page.goto(live_server.url + classroom.get_absolute_url())
    page.get_by_label("Quiz", exact=True).select_option(label="Warm-up: which photo is real?")
    page.get_by_role("button", name="Assign").click()
    code = page.locator(".join-code").inner_text().strip()
    shots(page, "teacher-class")
    return context, page, classroom, code, (username, password)


def student_joins(browser, live_server, device, js, code, shots):
    context = browser.new_context(java_script_enabled=js, **DEVICES[device])
    page = context.new_page()
    page.goto(live_server.url + reverse("learners:join"))
    page.get_by_label("Class code").fill(code)
    page.get_by_label("Your name").fill("Kofi")
    page.get_by_label("Choose a password").fill("kofi-likes-comets-7")
    check_busy(page, js, page.get_by_role("button", name="Join").click)
    page.wait_for_url(re.compile(r".*/accounts/dashboard/$"))
    # Defect 2: the tab title is text; the assignment card lines up with the others.
    check_title(page)
    check_header(page, device)
    assignment = box(page, ".assignment-list > li")
    course = box(page, ".grid > .card")
    assert abs(assignment["x"] - course["x"]) < 1, (
        f"assignment card at {assignment['x']}, others at {course['x']}"
    )
    shots(page, "student-dashboard")
    page.locator(".assignment-list a").first.click()
    page.get_by_role("button", name="Start the quiz").click()
    take_the_quiz(page, js)
    context.close()


def card_student_changes_password_first(browser, live_server, device, js, credentials):
    context = browser.new_context(java_script_enabled=js, **DEVICES[device])
    page = context.new_page()
    username, password = credentials
    page.goto(live_server.url + reverse("accounts:login"))
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill(password)
    check_busy(page, js, page.get_by_role("button", name="Log in").click)
    page.wait_for_url(re.compile(r".*/accounts/password/$"))
    # A one-time password opens no other page, the quizzes included.
    page.goto(live_server.url + reverse("quizzes:quiz_list"))
    assert page.url.endswith(reverse("accounts:password_change"))
    check_title(page)
    page.get_by_label("Old password").fill(password)
    page.get_by_label("New password", exact=True).fill("priya-draws-owls-3")
    page.get_by_label("New password confirmation").fill("priya-draws-owls-3")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(re.compile(r".*/accounts/dashboard/$"))
    check_title(page)
    context.close()


def teacher_reads_the_results(page, live_server, device, js, classroom, shots):
    assignment = classroom.assignments.get()
    page.goto(
        live_server.url
        + reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    )
    check_header(page, device)
    # The hardest questions show from the first finished attempt, and answers
    # are whole (defect 5).
    analysis = page.locator("table", has_text="answers given")
    assert analysis.is_visible()
    assert page.get_by_text(LONG_CHOICE).first.is_visible()
    shots(page, "teacher-assignment")
    attempt = Attempt.objects.get(user__display_name="Kofi")
    page.goto(
        live_server.url
        + reverse(
            "classrooms:student_attempt", args=[classroom.public_id, attempt.user_id, attempt.public_id]
        )
    )
    assert page.get_by_text(LONG_CHOICE).first.is_visible()
    # Which-is-real answers name the image chosen, not a side.
    assert page.get_by_text(re.compile(r"^chose the (real|generated|edited) one$")).first.is_visible()
    shots(page, "teacher-student-attempt")
    # Defect 4: the CSV writes the answer and the right answer in words, and the question.
    response = page.request.get(
        live_server.url + reverse("classrooms:export_answers", args=[classroom.public_id])
    )
    rows = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
    mc = next(r for r in rows if r["Answer given"] == LONG_CHOICE)
    assert mc["Right answer"] == LONG_CHOICE
    assert (
        mc["Question"] == "A shocking photo goes round. What do you do first?"
        and mc["Question number"] == "4"
    )


@pytest.mark.parametrize("js", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("device", DEVICES)
def test_first_use_by_each_kind_of_person(
    browser, live_server, warm_up, screenshot, assert_accessible, device, js
):
    def shots(page, name):
        """A screenshot to look at, and axe at WCAG 2.2 AA on every page
        that changed (axe runs in the page, so only with JavaScript on)."""
        screenshot(page, f"first-use-{device}-{'js' if js else 'nojs'}-{name}")
        if js:
            assert_accessible(page)

    self_learner(browser, live_server, device, js, warm_up, shots)
    context, teacher, classroom, code, credentials = teacher_sets_up(browser, live_server, device, js, shots)
    student_joins(browser, live_server, device, js, code, shots)
    card_student_changes_password_first(browser, live_server, device, js, credentials)
    teacher_reads_the_results(teacher, live_server, device, js, classroom, shots)
    context.close()
