"""Joining a class: one reply for a wrong code whatever else is wrong, and
limits per address and per account on wrong codes and on new accounts."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import make_user
from learners import limits
from shared.limits import Limit

pytestmark = pytest.mark.django_db

JOIN = "/classes/join/"
SCHOOL = "192.0.2.10"


def join(client, data, address=SCHOOL):
    return client.post(JOIN, data, REMOTE_ADDR=address)


def test_a_wrong_code_gets_one_reply_whatever_else_is_wrong(classroom):
    replies = [
        join(Client(), fields)
        for fields in [
            {"code": "ZZZZZZ", "display_name": "Sam", "password": "purple-otter-42"},
            {"code": "ZZZZZZ", "display_name": "", "password": "1"},
            {"code": "ZZZZZZ"},
            {"code": "", "display_name": "Sam", "password": "purple-otter-42"},
        ]
    ]
    assert {r.status_code for r in replies} == {400}
    errors = [r.context["form"].errors.get_json_data() for r in replies]
    assert (
        errors
        == [
            {"__all__": [{"message": "No open class has that code. Check it with your teacher.", "code": ""}]}
        ]
        * 4
    )
    # With the right code, a bad password is reported (there is something to fix).
    right = join(Client(), {"code": classroom.join_code, "display_name": "Sam", "password": "1"})
    assert "password" in right.context["form"].errors


def test_wrong_codes_from_one_address_are_limited(classroom, monkeypatch):
    monkeypatch.setattr(limits, "WRONG_CODES_PER_ADDRESS", Limit("t-wrong-address", count=5, seconds=3600))
    for _ in range(5):
        assert join(Client(), {"code": "ZZZZZZ", "display_name": "S", "password": "x"}).status_code == 400
    right = {"code": classroom.join_code, "display_name": "Sam", "password": "purple-otter-42"}
    refused = join(Client(), right)
    assert refused.status_code == 429
    assert "Too many wrong class codes" in refused.content.decode()
    assert not User.objects.filter(display_name="Sam").exists()
    assert join(Client(), right, address="198.51.100.7").status_code == 302


def test_wrong_codes_from_one_account_are_limited_whatever_its_address(classroom, learner):
    client = Client()
    client.force_login(learner)
    for n in range(10):
        assert join(client, {"code": "ZZZZZZ"}, address=f"203.0.113.{n}").status_code == 400
    assert join(client, {"code": classroom.join_code}, address="203.0.113.99").status_code == 429
    assert not classroom.enrolments.filter(student=learner).exists()
    # Another learner at the same addresses is not held up.
    other = make_user("fran")
    client.force_login(other)
    assert join(client, {"code": classroom.join_code}, address="203.0.113.1").status_code == 302


def test_new_accounts_by_joining_are_limited_per_address_per_hour(classroom, monkeypatch):
    monkeypatch.setattr(limits, "NEW_ACCOUNTS_PER_ADDRESS", Limit("t-new", count=3, seconds=3600))
    for n in range(3):
        response = join(
            Client(), {"code": classroom.join_code, "display_name": f"S{n}", "password": "purple-otter-42"}
        )
        assert response.status_code == 302
    refused = join(
        Client(), {"code": classroom.join_code, "display_name": "S4", "password": "purple-otter-42"}
    )
    assert refused.status_code == 429
    assert "joining is paused" in refused.content.decode()
    assert classroom.enrolments.count() == 3


def test_the_school_sized_limits_are_the_documented_ones():
    assert limits.NEW_ACCOUNTS_PER_ADDRESS.count == 600 and limits.NEW_ACCOUNTS_PER_ADDRESS.seconds == 3600
    assert limits.WRONG_CODES_PER_ADDRESS.count == 300
    assert limits.WRONG_CODES_PER_ACCOUNT.count == 10
    assert reverse("learners:join") == JOIN
