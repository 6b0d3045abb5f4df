import json

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_one_time_password_must_be_changed_first(client, student):
    student.must_change_password = True
    student.save()
    client.force_login(student)
    response = client.get(reverse("learners:dashboard"))
    assert response["Location"] == reverse("accounts:password_change")
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct horse battery",
            "new_password1": "a-brand-new-pass-77",
            "new_password2": "a-brand-new-pass-77",
        },
    )
    student.refresh_from_db()
    assert not student.must_change_password
    assert client.get(reverse("learners:dashboard")).status_code == 200


def test_password_reset_sends_a_working_link(client, teacher):
    client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(path, follow=True)
    assert "Choose a new password" in response.content.decode()


def test_learners_download_their_data_and_delete_their_account(client, student):
    client.force_login(student)
    data = json.loads(client.get(reverse("learners:download_data")).content)
    assert data["profile"]["username"] == "charlie" and data["classes"] == ["Year 9 Media"]
    response = client.post(reverse("accounts:delete_account"), {"password": "wrong"})
    assert "That is not your password" in response.content.decode()
    client.post(reverse("accounts:delete_account"), {"password": "correct horse battery"})
    assert not User.objects.filter(username="charlie").exists()
