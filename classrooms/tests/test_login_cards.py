"""Login cards with QR codes: sign-in by token, revocation, wrong tokens,
tokens only for the class's students; bulk creation in steps."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts import limits as account_limits
from accounts.models import LoginCard, User, login_card_digest
from classrooms import services
from classrooms.models import Enrolment
from shared.limits import Limit

pytestmark = pytest.mark.django_db


def issue_cards(client, classroom):
    response = client.post(reverse("classrooms:login_cards_issue", args=[classroom.public_id]), follow=True)
    return response.content.decode(), tokens_in_session(client)


def tokens_in_session(client):
    """The raw tokens are drawn into the QR codes and kept in the teacher's session only."""
    return [card["token"] for card in client.session["login_cards"]["cards"]]


def sign_in_with(token, client=None, address="192.0.2.10"):
    client = client or Client()
    return client, client.post(reverse("accounts:card_sign_in", args=[token]), REMOTE_ADDR=address)


def test_a_teacher_prints_qr_cards_that_sign_their_students_in(client, teacher, classroom, student):
    client.force_login(teacher)
    html, tokens = issue_cards(client, classroom)
    assert (
        "<svg" in html and "charlie" in html
    )  # the QR as inline SVG, and the username for camera-less devices
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]
    assert len(tokens) == 1 and len(tokens[0]) >= 22  # 128 bits, URL-safe base64
    card = LoginCard.objects.get(user=student)
    assert card.token_digest == login_card_digest(tokens[0]) and tokens[0] not in card.token_digest
    page = Client().get(reverse("accounts:card", args=[tokens[0]]))
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    scanner, response = sign_in_with(tokens[0])
    assert response.status_code == 302 and response["Location"] == reverse("learners:dashboard")
    assert scanner.session["_auth_user_id"] == str(student.pk)


def test_a_card_does_not_force_the_one_time_password_change(client, teacher, classroom):
    client.force_login(teacher)
    client.post(reverse("classrooms:students_bulk", args=[classroom.public_id]), {"names": "Noor"})
    (token,) = tokens_in_session(client)
    scanner, _ = sign_in_with(token)
    assert scanner.get(reverse("learners:dashboard")).status_code == 200


def test_revoked_and_wrong_tokens_get_one_reply(client, teacher, classroom, student):
    client.force_login(teacher)
    _, (old,) = issue_cards(client, classroom)
    _, (new,) = issue_cards(client, classroom)  # a new card replaces the old one
    replies = [sign_in_with(t)[1] for t in (old, "A" * 22, "nonsense")]
    assert {r.status_code for r in replies} == {404}
    assert len({r.content.decode().split("<main", 1)[1].split("</main>")[0] for r in replies}) <= 3
    assert all("does not work any more" in r.content.decode() for r in replies)
    assert sign_in_with(new)[1].status_code == 302
    client.post(reverse("classrooms:login_cards_revoke", args=[classroom.public_id]))
    scanner, refused = sign_in_with(new)
    assert refused.status_code == 404 and "_auth_user_id" not in scanner.session


def test_wrong_tokens_from_one_address_are_limited(classroom, student, monkeypatch):
    monkeypatch.setattr(account_limits, "CARD_FAILURES_PER_ADDRESS", Limit("t-card", count=3, seconds=900))
    token = services.classroom_student_card_issue(classroom=classroom, student=student)
    for n in range(3):
        assert sign_in_with(f"wrong-{n}")[1].status_code == 404
    assert sign_in_with(token)[1].status_code == 429
    assert sign_in_with(token, address="198.51.100.7")[1].status_code == 302


def test_cards_are_only_for_the_students_of_that_class(
    client, teacher, classroom, student, outsider, other_teacher
):
    client.force_login(teacher)
    issue_cards(client, classroom)
    assert LoginCard.objects.filter(user=student).exists()
    assert not LoginCard.objects.filter(user=outsider).exists()
    # Another teacher cannot issue or revoke this class's cards.
    other = Client()
    other.force_login(other_teacher)
    assert other.post(reverse("classrooms:login_cards_issue", args=[classroom.public_id])).status_code == 404
    assert other.post(reverse("classrooms:login_cards_revoke", args=[classroom.public_id])).status_code == 404
    assert LoginCard.objects.filter(user=student).exists()


def test_a_card_signs_in_students_only_and_dies_when_the_student_leaves(client, teacher, classroom, student):
    token = services.classroom_student_card_issue(classroom=classroom, student=student)
    student.role = User.Role.TEACHER
    student.save()
    assert sign_in_with(token)[1].status_code == 404
    student.role = User.Role.STUDENT
    student.save()
    client.force_login(teacher)
    client.post(reverse("classrooms:student_remove", args=[classroom.public_id, student.pk]))
    assert sign_in_with(token)[1].status_code == 404


def test_bulk_creation_goes_in_steps_of_sixty_with_cards_for_all(client, teacher, classroom):
    client.force_login(teacher)
    names = "\n".join(f"Pupil {i}" for i in range(75))
    response = client.post(
        reverse("classrooms:students_bulk", args=[classroom.public_id]), {"names": names}, follow=True
    )
    html = response.content.decode()
    assert Enrolment.objects.filter(classroom=classroom).count() == 60
    assert "15 names still to go" in html and "Create the next 15" in html
    rest = re.search(r'<textarea name="names"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    response = client.post(
        reverse("classrooms:students_bulk", args=[classroom.public_id]),
        {"names": rest, "more": "1"},
        follow=True,
    )
    html = response.content.decode()
    assert Enrolment.objects.filter(classroom=classroom).count() == 75
    assert "still to go" not in html
    assert html.count('class="login-card"') == 75 and html.count("<svg") >= 75
    assert len(set(tokens_in_session(client))) == 75
    assert LoginCard.objects.filter(user__enrolments__classroom=classroom).count() == 75
    assert len(set(User.objects.students().values_list("username", flat=True))) == 75


def test_bulk_creation_hashes_every_password_before_its_one_short_write(classroom, monkeypatch):
    events = []
    set_password, bulk_create = User.set_password, User.objects.bulk_create

    def spy_hash(self, raw):
        events.append("hash")
        return set_password(self, raw)

    def spy_insert(objs, *args, **kwargs):
        events.append("insert")
        return bulk_create(objs, *args, **kwargs)

    monkeypatch.setattr(User, "set_password", spy_hash)
    monkeypatch.setattr(User.objects, "bulk_create", spy_insert)
    made = services.students_bulk_create(classroom=classroom, names=[f"P{i}" for i in range(30)])
    assert len(made) == 30
    assert events == ["hash"] * 30 + ["insert"]
