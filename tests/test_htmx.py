"""htmx conventions: a fragment request whose session has expired is sent to
the login page as a whole-page redirect, never a login form inside a fragment."""

import pytest
from django.urls import reverse

from classrooms import services
from quizzes.tests.factories import make_pool_quiz

pytestmark = pytest.mark.django_db


def test_the_dashboard_poll_after_logout_redirects_the_whole_page_to_login(client, teacher, classroom):
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2))
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    client.force_login(teacher)
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    client.logout()
    response = client.get(url, headers={"HX-Request": "true", "HX-Current-URL": "http://testserver" + url})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("accounts:login") + "?next=")
    assert url.replace("/", "%2F") in response["HX-Redirect"]
    assert b"password" not in response.content
    # Without htmx the same request is an ordinary redirect.
    plain = client.get(url)
    assert plain.status_code == 302 and plain["Location"].startswith(reverse("accounts:login"))


def test_a_refused_answer_is_retargeted_to_the_alert(client):
    quiz = make_pool_quiz(2)
    client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    attempt = quiz.attempts.get()
    item = attempt.items.first()
    url = reverse("quizzes:attempt_answer", args=[attempt.public_id, item.token])
    response = client.post(url, {"choice": "maybe"}, headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert response["HX-Retarget"] == "#quiz-alert" and response["HX-Reswap"] == "innerHTML"
