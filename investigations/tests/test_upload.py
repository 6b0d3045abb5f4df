import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from investigations.cases import image_path

pytestmark = pytest.mark.django_db
SUBMIT = reverse("investigations:check_file_submit")


def jpeg_of(path):
    buffer = io.BytesIO()
    Image.open(path).convert("RGB").save(buffer, "JPEG", quality=70)
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_an_uploaded_copy_of_a_library_photo_is_found_with_ela_and_metadata(client):
    page = client.post(SUBMIT, {"file": jpeg_of(image_path("scene-rocket-0"))}).content.decode()
    assert "Metadata" in page and "data:image/png;base64," in page and "bits differ" in page
    assert "scikit-image data: rocket.jpg" in page


def test_a_file_that_is_not_an_image_is_refused_by_its_content_not_its_name(client):
    fake = SimpleUploadedFile("photo.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = client.post(SUBMIT, {"file": fake})
    assert response.status_code == 400 and "not an image we can read" in response.content.decode()


def test_a_file_over_five_megabytes_is_refused(client):
    big = SimpleUploadedFile("big.jpg", b"\\xff" * (5 * 1024 * 1024 + 1), content_type="image/jpeg")
    response = client.post(SUBMIT, {"file": big})
    assert response.status_code == 400 and "larger than 5 MB" in response.content.decode()


def test_no_file_gets_a_clear_message(client):
    response = client.post(SUBMIT, {})
    assert response.status_code == 400 and "Choose an image file" in response.content.decode()


def test_the_check_page_says_nothing_is_kept(client):
    assert "not kept" in client.get(reverse("investigations:check_file")).content.decode()
