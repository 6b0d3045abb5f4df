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


def user_data_export(*, user) -> dict:
    from literacy.models import LessonProgress
    from quizzes.models import Attempt

    attempts = Attempt.objects.filter(user=user).select_related("quiz").prefetch_related("items__example")
    return {
        "profile": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "role": user.role,
            "joined": user.date_joined.isoformat(),
        },
        "classes": [e.classroom.name for e in user.enrolments.select_related("classroom")],
        "lessons": [
            {
                "lesson": p.lesson.title,
                "started_at": p.started_at.isoformat(),
                "completed_at": p.completed_at.isoformat() if p.completed_at else None,
                "check_results": p.check_results,
            }
            for p in LessonProgress.objects.filter(user=user).select_related("lesson")
        ],
        "attempts": [
            {
                "quiz": a.quiz.title,
                "started_at": a.started_at.isoformat(),
                "finished_at": a.finished_at.isoformat() if a.finished_at else None,
                "summary": a.summary,
                "answers": [
                    {
                        "position": i.position + 1,
                        "kind": i.kind,
                        "example": i.example.public_id if i.example_id else None,
                        "response": i.response,
                        "how_likely_synthetic": i.confidence,
                        "correct": i.is_correct,
                        "answered_at": i.answered_at.isoformat() if i.answered_at else None,
                    }
                    for i in a.items.all()
                ],
            }
            for a in attempts
        ],
    }


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete an account. Its attempts, answers and progress go with it, so
    class reports (computed from live data) simply count one student fewer;
    nothing cached can disagree with them."""
    user.delete()
