"""Account writes that touch several models."""

from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_sign_up(*, username: str, password: str, display_name: str, email: str, role: str) -> User:
    user = User(username=username, display_name=display_name, email=email, role=role)
    user.set_password(password)
    user.save()
    return user


def session_claim(*, request, user) -> None:
    """Log the user in and carry the anonymous session's lesson progress and
    quiz attempts into the account. login() rotates the session key, so the
    old key is read first."""
    from django.contrib.auth import login

    from literacy.services_lessons import lesson_progress_claim_session
    from quizzes.services import attempts_claim_session

    old_key = request.session.session_key or ""
    lesson_progress = dict(request.session.get("lesson_progress") or {})
    answered = list(request.session.get("answered_examples") or [])
    login(request, user, backend="accounts.backends.UsernameOrEmailBackend")
    request.session["lesson_progress"] = lesson_progress
    request.session["answered_examples"] = answered
    lesson_progress_claim_session(session=request.session, user=user)
    attempts_claim_session(session_key=old_key, user=user)
