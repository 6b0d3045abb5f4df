import pytest
from django.urls import reverse


def test_home_sends_each_kind_of_user_somewhere(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Can you tell a real photo from a made-up one?" in html
    assert reverse("learners:signup") + "?role=teacher" in html


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_every_page_sends_an_enforced_nonce_csp_without_unsafe_inline(client, db):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self' 'nonce-" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # The nonce on htmx's script tag is the one in the header.
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_no_inline_script_or_remote_asset_on_the_home_page(client, db):
    html = client.get(reverse("home")).content.decode()
    for tag in html.split("<script")[1:]:
        head = tag.split(">", 1)[0]
        assert "src=" in head, "inline <script> found"
        assert "http" not in head, "remote script found"
    assert "https://" not in html.split("<body")[0]


def test_about_page_renders(client, db):
    response = client.get(reverse("about"))
    assert response.status_code == 200
    assert "How we keep it honest" in response.content.decode()


def test_a_learner_can_sign_up_and_lands_on_their_dashboard(client, db):
    response = client.post(
        reverse("learners:signup"),
        {
            "role": "learner",
            "display_name": "Sam",
            "username": "sam_k",
            "email": "",
            "password": "plenty-of-entropy-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("learners:dashboard")
    assert "Hello, Sam" in client.get(reverse("learners:dashboard")).content.decode()


def test_a_teacher_must_give_an_email(client, db):
    from accounts.models import User

    response = client.post(
        reverse("learners:signup"),
        {
            "role": "teacher",
            "display_name": "T",
            "username": "teach",
            "email": "",
            "password": "plenty-of-entropy-42",
        },
    )
    assert response.status_code == 200
    assert "Teachers need an email" in response.content.decode()
    assert not User.objects.exists()


def test_signup_refuses_a_weak_password_and_creates_nothing(client, db):
    from accounts.models import User

    response = client.post(
        reverse("learners:signup"),
        {"role": "learner", "display_name": "Sam", "username": "sam", "email": "", "password": "123"},
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.exists()


def test_teachers_can_log_in_with_their_email(client, teacher):
    response = client.post(
        reverse("accounts:login"), {"username": "ALICE@example.org", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get(reverse("learners:dashboard")).context["user"] == teacher


def test_dashboard_needs_login(client, db):
    response = client.get(reverse("learners:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_home_accepts_only_get(client, db, method):
    assert getattr(client, method)(reverse("home")).status_code == 405


def test_the_dashboards_browser_tab_shows_text_not_markup(client, learner):
    import re

    client.force_login(learner)
    html = client.get(reverse("learners:dashboard")).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and title.startswith("Your account")
