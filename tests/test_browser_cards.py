"""Login cards in a real browser: a teacher creates accounts and prints cards
with QR codes; a student opens a card's link and signs in with one button."""

import pytest
from django.contrib.sessions.models import Session

from classrooms.models import Classroom
from conftest import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def card_tokens():
    for session in Session.objects.all():
        cards = session.get_decoded().get("login_cards")
        if cards:
            return [card["token"] for card in cards["cards"]]
    return []


def test_a_teacher_prints_qr_cards_and_a_student_signs_in_with_one(
    page, browser, live_server, assert_accessible, screenshot, csp_errors
):
    teacher = make_user("alice", role="teacher", email="alice@example.org", display_name="Ms Alice")
    classroom = Classroom.objects.create(name="Year 9 Media", owner=teacher)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username or email").fill("alice")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + classroom.get_absolute_url())
    page.get_by_label("Student names, one per line").fill("Ada Lovelace\nAlan Turing\nGrace Hopper")
    page.get_by_role("button", name="Create accounts and print cards").click()
    page.wait_for_selector("li.login-card svg")
    assert page.locator("li.login-card").count() == 3
    assert page.locator("li.login-card svg").count() == 3
    assert_accessible(page)
    screenshot(page, "login-cards")
    assert csp_errors == []

    student = browser.new_context().new_page()
    student.goto(live_server.url + f"/accounts/card/{card_tokens()[0]}/")
    student.get_by_role("button", name="Sign in").click()
    student.wait_for_url("**/accounts/dashboard/")
    assert "Ada Lovelace" in student.content()
