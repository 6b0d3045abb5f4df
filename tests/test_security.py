"""Every page sends the security headers and an enforced CSP without
'unsafe-inline'; every POST endpoint refuses a request without a CSRF token."""

import urllib.request

import pytest
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

from bench import server
from tests.test_authorization import TABLE, world  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db


def _url(name, world):  # noqa: F811
    args = world["args"].get(name)
    if (
        args is None
        and name.startswith("classrooms:")
        and name not in ("classrooms:classroom_list", "learners:join")
    ):
        args = [world["classroom"].public_id]
    return reverse(name, args=args or [])


def test_every_page_sends_security_headers(client, world, teacher):  # noqa: F811
    client.force_login(teacher)
    for name, (method, _expected) in TABLE.items():
        if method != "get":
            continue
        response = client.get(_url(name, world))
        csp = response.get("Content-Security-Policy", "")
        assert (
            "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        ), name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert response["Referrer-Policy"] == "same-origin", name


def test_every_post_needs_a_csrf_token(world, student):  # noqa: F811
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(student)
    for name, (method, _expected) in TABLE.items():
        if method != "post":
            continue
        response = strict.post(_url(name, world), {"choice": "real", "sure": "70", "action": "noop"})
        assert response.status_code == 403, name


@pytest.mark.slow
def test_static_files_from_the_production_server_cannot_be_framed_or_sniffed(site):
    # WhiteNoise answers static files before the later middleware runs: the
    # headers must come from middleware placed before it. Checked against
    # gunicorn with production settings, the only place WhiteNoise serves.
    env, _quiz_id = site
    with server.gunicorn(env, workers=1) as (base, _proc):
        for path in (static("css/site.css"), static("django_htmx/htmx-2.min.js")):
            with urllib.request.urlopen(base + path) as response:
                assert response.status == 200, path
                assert response.headers["X-Frame-Options"] == "DENY", path
                assert response.headers["X-Content-Type-Options"] == "nosniff", path


def test_the_csrf_cookie_is_out_of_reach_of_scripts(client):
    response = client.get(reverse("accounts:login"))
    assert response.cookies["csrftoken"]["httponly"] is True
