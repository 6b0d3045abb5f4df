"""Writes that span the apps for one learner: signing up or joining a class
and carrying an anonymous session's work into the account."""

from __future__ import annotations

from django.contrib.auth import login
from django.db import transaction

from accounts import services as account_services
from classrooms import services as classroom_services
from literacy.services_lessons import lesson_progress_claim_session
from quizzes.services import attempts_claim_session


def session_claim(*, request, user) -> None:
    """Log the user in and carry the anonymous session's lesson progress and
    quiz attempts into the account. login() rotates the session key, so the
    old key is read first."""
    old_key = request.session.session_key or ""
    lesson_progress = dict(request.session.get("lesson_progress") or {})
    answered = list(request.session.get("answered_examples") or [])
    login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
    request.session["lesson_progress"] = lesson_progress
    request.session["answered_examples"] = answered
    with transaction.atomic():
        lesson_progress_claim_session(session=request.session, user=user)
        attempts_claim_session(session_key=old_key, user=user)


def learner_sign_up(*, request, **fields):
    """Create an account from the sign-up form and move the session's work into it."""
    user = account_services.user_sign_up(**fields)
    session_claim(request=request, user=user)
    return user


def learner_join_class(*, request, classroom, display_name: str = "", password: str = ""):
    """Join a class: a signed-in learner is enrolled; an anonymous one gets a
    student account (no e-mail) that takes over the session's work."""
    if request.user.is_authenticated:
        classroom_services.student_enrol(classroom=classroom, user=request.user)
        return request.user, False
    user = classroom_services.student_join(classroom=classroom, display_name=display_name, password=password)
    session_claim(request=request, user=user)
    return user, True
