import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import make_user
from literacy.models import Example
from literacy.tests.factories import image_bytes, make_example

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_user("editor", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def form_data(**overrides):
    data = {
        "key": "admin-made",
        "title": "Uploaded",
        "media_kind": "image",
        "label": "synthetic",
        "technique": "gan",
        "family": "tests",
        "difficulty": "3",
        "use": "study",
        "status": "draft",
        "item_set": "",
        "explanation": "x",
        "source": "s",
        "author": "a",
        "licence": "CC0-1.0",
        "generator": "g",
        "tells": json.dumps([{"shape": "rect", "x": 0.1, "y": 0.1, "w": 0.2, "h": 0.2, "note": "n"}]),
        "made": "{}",
    }
    data.update(overrides)
    return data


def test_an_editor_uploads_an_example_through_the_pipeline(client, editor):
    upload = SimpleUploadedFile("x.png", image_bytes(), content_type="image/png")
    response = client.post(reverse("admin:literacy_example_add"), {**form_data(), "upload": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    example = Example.objects.get(key="admin-made")
    # Three library widths, two quiz widths and the error level view (made
    # at upload, never while a page is served).
    purposes = sorted(example.renditions.values_list("purpose", flat=True))
    assert purposes == ["ela", "library", "library", "library", "quiz", "quiz"]


def test_the_admin_refuses_a_bad_upload_and_bad_tells(client, editor):
    upload = SimpleUploadedFile("x.png", b"<svg></svg>", content_type="image/png")
    bad_tells = json.dumps([{"shape": "rect", "x": 2, "y": 0, "w": 0.1, "h": 0.1, "note": "n"}])
    response = client.post(
        reverse("admin:literacy_example_add"), {**form_data(tells=bad_tells), "upload": upload}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "SVG" in html and "numbers from 0 to 1" in html
    assert not Example.objects.exists()


def test_bulk_publish(client, editor):
    drafts = [make_example(status="draft") for _ in range(3)]
    client.post(
        reverse("admin:literacy_example_changelist"),
        {"action": "publish", "_selected_action": [d.pk for d in drafts]},
    )
    assert Example.objects.published().count() == 3
