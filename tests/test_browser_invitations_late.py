"""Co-teacher invitations and late work in a real browser, at a phone's width
and a laptop's, with JavaScript and without."""

from datetime import timedelta

import pytest
from django.utils import timezone

from classrooms import services
from classrooms.models import Assignment, Classroom, Enrolment
from conftest import make_user
from quizzes.models import Attempt, AttemptItem
from quizzes.tests.factories import make_pool_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"phone": 360, "laptop": 1280}
MODES = {"js": True, "nojs": False}


def _page(browser, width, javascript):
    context = browser.new_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    page.javascript = javascript  # read by _fits and _check_accessible
    return page


def _log_in(page, base, username):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Username or email").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/dashboard/")


def _fits(page):
    """Nothing wider than the window: no sideways scrolling on a phone. (With
    JavaScript off Playwright cannot evaluate in the page: the same HTML was
    measured with it on.)"""
    if not page.javascript:
        return True
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _check_accessible(page, assert_accessible):
    """axe runs in the page, so only with JavaScript on (the HTML is the same)."""
    if page.javascript:
        assert_accessible(page, context="main")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", WIDTHS)
def test_a_teacher_invites_and_the_invited_teacher_accepts(
    browser, live_server, assert_accessible, screenshot, size, mode
):
    teacher = make_user("alice", role="teacher", email="alice@example.org", display_name="Ms Alice")
    make_user("bob", role="teacher", email="bob@example.org", display_name="Mr Bob")
    classroom = Classroom.objects.create(name="Year 9 Media", owner=teacher)
    base, width, javascript = live_server.url, WIDTHS[size], MODES[mode]

    owner = _page(browser, width, javascript)
    _log_in(owner, base, "alice")
    owner.goto(base + classroom.get_absolute_url())
    for name in ("bob@example.org", "nobody-at-all"):
        owner.get_by_label("Invite a co-teacher (their username or email)").fill(name)
        owner.get_by_role("button", name="Invite", exact=True).click()
        owner.wait_for_load_state()
        assert "If that is a teacher's account, they have been invited" in owner.content()
    assert owner.locator(".invitation-list li").count() == 2
    assert _fits(owner)
    _check_accessible(owner, assert_accessible)
    screenshot(owner, f"invitations-owner-{size}-{mode}")

    invited = _page(browser, width, javascript)
    _log_in(invited, base, "bob")
    assert "invitation to co-teach" in invited.content()
    invited.get_by_role("link", name="accept or decline on your class list").click()
    invited.wait_for_load_state()
    assert invited.get_by_role("heading", name="Invitations to co-teach").is_visible()
    assert _fits(invited)
    _check_accessible(invited, assert_accessible)
    screenshot(invited, f"invitations-invitee-{size}-{mode}")
    invited.get_by_role("button", name="Accept the invitation to Year 9 Media").click()
    invited.wait_for_url("**" + classroom.get_absolute_url())
    assert "You now co-teach Year 9 Media" in invited.content()
    invited.context.close()
    owner.context.close()


def _late_world():
    teacher = make_user("alice", role="teacher", email="alice@example.org", display_name="Ms Alice")
    classroom = Classroom.objects.create(name="Year 9 Media", owner=teacher)
    student = make_user("charlie", role="student", display_name="Charlie")
    Enrolment.objects.create(classroom=classroom, student=student)
    now = timezone.now()
    late_ok = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2, title="Warm-up"),
        opens_at=now - timedelta(days=2), due_at=now - timedelta(hours=1), late_accepted=True,
    )  # fmt: skip
    closed = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2, title="Spot the splice"),
        opens_at=now - timedelta(days=2), due_at=now + timedelta(hours=1),
    )  # fmt: skip
    return teacher, classroom, student, late_ok, closed


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("size", WIDTHS)
def test_late_work_is_refused_or_marked_late(browser, live_server, assert_accessible, screenshot, size, mode):
    _teacher, classroom, student, late_ok, closed = _late_world()
    base, width, javascript = live_server.url, WIDTHS[size], MODES[mode]
    page = _page(browser, width, javascript)
    _log_in(page, base, "charlie")

    # Before its due date: start the second assignment and keep its page open.
    page.goto(base + f"/classes/do/{closed.public_id}/")
    page.get_by_role("button", name="Start").first.click()
    page.wait_for_url("**/quizzes/attempt/**")
    attempt = Attempt.objects.get(user=student, assignment_link__assignment=closed)
    Attempt.objects.filter(pk=attempt.pk).update(started_at=timezone.now() - timedelta(hours=2))
    Assignment.objects.filter(pk=closed.pk).update(due_at=timezone.now() - timedelta(minutes=1))
    # The student answers after the due date: refused, with the reason, and nothing stored.
    page.get_by_label("Real", exact=True).check()
    page.locator("input[name=sure]").first.check()
    page.get_by_role("button", name="Answer").click()
    page.wait_for_selector("text=no more answers are taken")
    assert not AttemptItem.objects.filter(attempt=attempt, answered_at__isnull=False).exists()
    screenshot(page, f"late-refused-{size}-{mode}")
    page.goto(base + f"/quizzes/attempt/{attempt.public_id}/")
    assert page.get_by_role("heading", name="No more answers").is_visible()
    assert _fits(page)
    _check_accessible(page, assert_accessible)
    screenshot(page, f"late-attempt-closed-{size}-{mode}")

    # Late work accepted: taken, and marked late on the dashboard.
    page.goto(base + f"/classes/do/{late_ok.public_id}/")
    page.get_by_role("button", name="Start").first.click()
    page.wait_for_url("**/quizzes/attempt/**")
    for _ in range(2):
        page.get_by_label("Real", exact=True).check()
        page.locator("input[name=sure]").first.check()
        page.get_by_role("button", name="Answer").click()
        page.get_by_role("link", name="Next").click()
    page.get_by_role("button", name="Finish and see my results").click()
    page.wait_for_url("**/results/")
    page.goto(base + "/accounts/dashboard/")
    assert page.get_by_text("Done late").is_visible()
    assert page.get_by_text("Closed").is_visible()
    assert _fits(page)
    _check_accessible(page, assert_accessible)
    screenshot(page, f"late-dashboard-{size}-{mode}")

    # The teacher's assignment page marks it late.
    teacher_page = _page(browser, width, javascript)
    _log_in(teacher_page, base, "alice")
    teacher_page.goto(base + f"/classes/{classroom.public_id}/assignments/{late_ok.public_id}/")
    assert teacher_page.locator(".badge.warn", has_text="Late").is_visible()
    assert "late work accepted (marked late)" in teacher_page.content()
    assert _fits(teacher_page)
    _check_accessible(teacher_page, assert_accessible)
    screenshot(teacher_page, f"late-teacher-{size}-{mode}")
    teacher_page.goto(base + classroom.get_absolute_url())
    teacher_page.get_by_label("Accept late work").check()
    screenshot(teacher_page, f"late-assign-form-{size}-{mode}")
    teacher_page.context.close()
    page.context.close()
