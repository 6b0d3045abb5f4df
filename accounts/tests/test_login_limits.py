"""Login limits (django-axes by account and address, a per-address ceiling),
the client address behind proxies, password-reset throttling and the
password-hash upgrade at login."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import limits
from accounts.models import User
from conftest import make_user
from shared.limits import Limit

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
SCHOOL = "192.0.2.10"


def post_login(client, username, password, *, address=SCHOOL, path=LOGIN, **headers):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, **kwargs):
    """Fail `times` times; returns the last reply's status."""
    return [post_login(client, username, "wrong", **kwargs).status_code for _ in range(times)][-1]


def test_ten_wrong_passwords_lock_that_account_from_that_address_only(teacher, student):
    client = Client()
    assert fail(client, "alice", 9) == 200
    assert fail(client, "alice", 1) == 429  # the tenth failure locks
    response = post_login(client, "alice", "correct horse battery")
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert not signed_in(client)
    # The same account from another address, another account from this one: both fine.
    assert post_login(Client(), "alice", "correct horse battery", address="198.51.100.7").status_code == 302
    assert post_login(Client(), "charlie", "correct horse battery").status_code == 302


def test_nine_wrong_passwords_then_the_right_one_signs_in_and_starts_afresh(teacher):
    client = Client()
    assert fail(client, "alice", 9) == 200
    assert post_login(client, "alice", "correct horse battery").status_code == 302
    assert fail(Client(), "alice", 9) == 200
    assert post_login(Client(), "alice", "correct horse battery").status_code == 302


def test_a_school_behind_one_address_is_not_locked_out_by_its_own_typos():
    students = [make_user(f"pupil{i}", role="student") for i in range(40)]
    for pupil in students:
        assert fail(Client(), pupil.username, 3) == 200
    for pupil in students:
        assert post_login(Client(), pupil.username, "correct horse battery").status_code == 302


def test_logins_by_email_count_against_the_same_account(teacher):
    client = Client()
    assert fail(client, "alice", 5) == 200
    assert fail(client, "ALICE@example.org", 4) == 200
    assert fail(client, "Alice@Example.org", 1) == 429
    assert post_login(client, "alice", "correct horse battery").status_code == 429
    assert post_login(client, "alice@example.org", "correct horse battery").status_code == 429


def test_admin_logins_count_against_the_same_account_and_are_locked_too(teacher):
    teacher.is_staff = True
    teacher.save()
    client = Client()
    for _ in range(5):
        assert post_login(client, "alice", "wrong", path="/admin/login/").status_code == 200
    assert fail(client, "Alice", 5) == 429
    assert post_login(client, "alice", "correct horse battery").status_code == 429
    assert post_login(client, "alice", "correct horse battery", path="/admin/login/").status_code == 429
    assert not signed_in(client)


def test_every_failure_from_one_address_has_a_ceiling(monkeypatch):
    monkeypatch.setattr(limits, "LOGIN_FAILURES_PER_ADDRESS", Limit("test-ceiling", count=6, seconds=900))
    make_user("fresh", role="student")
    for name in ["a1", "a2", "a3", "a4", "a5", "a6"]:
        assert fail(Client(), name, 1) == 200
    assert post_login(Client(), "fresh", "correct horse battery").status_code == 429
    assert post_login(Client(), "fresh", "correct horse battery", address="198.51.100.7").status_code == 302


def test_forwarded_for_is_ignored_without_trusted_proxies(teacher, settings):
    settings.TRUSTED_PROXIES = 0
    client = Client()
    for n in range(10):
        post_login(client, "alice", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert (
        post_login(client, "alice", "correct horse battery", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code
        == 429
    )


def test_behind_one_trusted_proxy_the_client_is_the_rightmost_forwarded_address(teacher, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = "10.0.0.2"
    client = Client()
    # A client that writes its own X-Forwarded-For cannot move out of its bucket.
    for n in range(10):
        post_login(client, "alice", "wrong", address=proxy, HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 203.0.113.5")
    locked = post_login(
        client, "alice", "correct horse battery", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.5"
    )
    assert locked.status_code == 429
    # Another client behind the same proxy is its own bucket.
    other = post_login(
        Client(), "alice", "correct horse battery", address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.6"
    )
    assert other.status_code == 302


def test_password_reset_mails_an_address_three_times_an_hour_with_one_reply(teacher):
    client = Client()
    for _ in range(5):
        response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3


def test_password_reset_requests_from_one_address_are_throttled(teacher):
    client = Client()
    for n in range(20):
        client.post(
            reverse("accounts:password_reset"), {"email": f"nobody{n}@example.org"}, REMOTE_ADDR=SCHOOL
        )
    response = client.post(
        reverse("accounts:password_reset"), {"email": "alice@example.org"}, REMOTE_ADDR=SCHOOL
    )
    assert response.status_code == 429
    assert "Too many reset requests" in response.content.decode()
    assert mail.outbox == []


def test_an_old_pbkdf2_hash_is_upgraded_to_argon2id_at_login(settings):
    settings.PASSWORD_HASHERS = [
        "accounts.hashers.SchoolArgon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    user = User(username="old", role="student")
    user.password = "pbkdf2_sha256$1000$salt$" + "x"  # replaced below with a real one
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    user.password = PBKDF2PasswordHasher().encode("an old password 1", "somesalt", iterations=1000)
    user.save()
    assert post_login(Client(), "old", "an old password 1").status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
