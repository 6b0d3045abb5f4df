"""Bad input never makes a 500: random form values at every POST endpoint,
and random or damaged bytes through the media pipeline."""

import contextlib
import io

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from literacy.media import MediaError, inspect_image
from tests.test_authorization import TABLE, world  # noqa: F401
from tests.test_security import _url

pytestmark = pytest.mark.django_db

FIELDS = ["choice", "sure", "side", "x", "y", "choices", "spot.x", "spot.y", "code", "display_name", "password",
          "names", "name", "action", "quiz", "lesson", "opens_at", "due_at", "attempts_allowed", "student",
          "username", "email", "role", "item", "verdict", "assignment"]  # fmt: skip
values = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        ["", "0", "-1", "1e309", "NaN", "real", "synthetic", "left", "\x00", "../../etc", "<script>"]
    ),
)
forms = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=forms)
def test_random_form_values_never_cause_a_server_error(world, teacher, student, data):  # noqa: F811
    for person in (student, teacher, None):
        client = Client(raise_request_exception=False)
        if person is not None:
            client.force_login(person)
        for name, (method, _expected) in TABLE.items():
            if method != "post":
                continue
            response = client.post(
                _url(name, world), data, headers={"HX-Request": "true"} if len(data) % 2 else {}
            )
            assert response.status_code < 500, (name, data)


def _png(size=(16, 16)):
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(out, "PNG")
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(blob=st.binary(max_size=4096))
def test_random_bytes_are_refused_with_a_clear_message(blob):
    try:
        inspect_image(blob, name="upload")
    except MediaError as exc:
        assert str(exc).startswith("upload:")


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(1, 200), flip=st.integers(0, 255), at=st.integers(0, 10**6))
def test_damaged_images_are_refused_or_read_never_crash(cut, flip, at):
    data = bytearray(_png())
    data = data[: max(8, len(data) - cut)]
    data[at % len(data)] ^= flip
    with contextlib.suppress(MediaError):
        inspect_image(bytes(data), name="damaged.png")
