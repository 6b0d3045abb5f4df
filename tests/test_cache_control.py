"""Cache-Control: private, no-store on every response that may show private
data (shared/caching.py), walked over the authorization matrix's URLs as
each signed-in role; public pages of a first-time visitor and static files
stay cacheable."""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from quizzes.tests.factories import make_pool_quiz
from tests.test_authorization import ROLES, TABLE, world  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

# Views that decide their own caching, for a reason their docstrings give:
# library images are public and immutable; an attempt's image is private
# (no shared cache keeps it) and the browser may keep it for a day.
OWN_POLICY = {
    # Library media under an unguessable token, the same for everybody.
    "literacy:media": "public, max-age=31536000, immutable",
    "literacy:media_audio": "public, max-age=31536000, immutable",
    # A quiz item's picture or recording, for its learner only.
    "quizzes:attempt_media": "private, max-age=86400",
    "quizzes:attempt_sound": "private, max-age=86400",
    # A case's picture: on its practice page, and as an investigate question's (for its learner only).
    "investigations:case_image": "private, max-age=86400",
    "investigations:item_image": "private, max-age=86400",
}
SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def _visit(client, url, method):
    if method == "post":
        return client.post(url, {"choice": "real", "sure": "70"})
    return client.get(url)


def test_every_url_sends_private_no_store_to_a_signed_in_user(client, world):  # noqa: F811
    wrong = {}
    for name in sorted(TABLE):
        method, _expected = TABLE[name]
        args = world["args"].get(name)
        if args is None and name.startswith("classrooms:") and name != "classrooms:classroom_list":
            args = [world["classroom"].public_id]
        url = reverse(name, args=args or [])
        for role in SIGNED_IN:
            with transaction.atomic():
                client.logout()
                client.force_login(world["people"][role])
                response = _visit(client, url, method)
                transaction.set_rollback(True)
            if name in OWN_POLICY and response.status_code == 200:
                ok = response["Cache-Control"] == OWN_POLICY[name]
            else:
                ok = _no_store(response)
            if not ok:
                wrong[f"{name} as {role}"] = (response.status_code, response.get("Cache-Control"))
    assert not wrong, "\n".join(f"{k}: {v}" for k, v in wrong.items())


def test_the_downloads_and_dashboards_named_in_the_finding_are_no_store(client, teacher, classroom, student):
    client.force_login(teacher)
    for name in ("classrooms:export_results", "classrooms:export_answers", "classrooms:classroom_detail"):
        response = client.get(reverse(name, args=[classroom.public_id]))
        assert response.status_code == 200 and _no_store(response), name
    client.force_login(student)
    for name in ("learners:dashboard", "learners:download_data", "learners:progress"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and _no_store(response), name


def test_an_anonymous_learners_attempt_and_results_are_no_store(client):
    quiz = make_pool_quiz(2)
    start = client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    assert _no_store(start)  # it sets the session cookie
    attempt_url = start["Location"]
    assert _no_store(client.get(attempt_url))
    assert _no_store(client.get(reverse("learners:progress")))


def test_public_pages_of_a_first_time_visitor_and_static_files_stay_cacheable(client):
    for name in ("home", "about", "literacy:library", "literacy:lesson_list", "quizzes:quiz_list"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", ""), name
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone"
    assert _no_store(client.get(reverse("about")))


def test_the_no_store_middleware_sits_below_whitenoise_and_above_sessions():
    order = settings.MIDDLEWARE
    mine = order.index("shared.caching.PrivateNoStoreMiddleware")
    assert order.index("whitenoise.middleware.WhiteNoiseMiddleware") < mine
    assert mine < order.index("django.contrib.sessions.middleware.SessionMiddleware")


@pytest.mark.slow
def test_static_files_from_the_production_server_stay_cacheable_for_a_signed_in_browser(site):
    # WhiteNoise answers static files above the no-store middleware: checked
    # against gunicorn with production settings, the only place it serves.
    import urllib.request

    from django.templatetags.static import static

    from bench import server

    env, _quiz_id = site
    with server.gunicorn(env, workers=1) as (base, _proc):
        request = urllib.request.Request(
            base + static("css/site.css"), headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}=someone"}
        )
        with urllib.request.urlopen(request) as response:
            policy = response.headers["Cache-Control"]
        assert "max-age" in policy and "no-store" not in policy, policy
        request = urllib.request.Request(
            base + reverse("about"), headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}=someone"}
        )
        with urllib.request.urlopen(request) as response:
            assert "no-store" in response.headers["Cache-Control"]
