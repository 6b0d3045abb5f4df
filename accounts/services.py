"""Account writes that touch several models."""

from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_sign_up(*, username: str, password: str, display_name: str, email: str, role: str) -> User:
    user = User(username=username, display_name=display_name, email=email, role=role)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def user_change_password(*, form) -> User:
    """Save a valid password-change form; a one-time password is then spent."""
    user = form.save()
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    return user


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete an account. Its attempts, answers and progress go with it, so
    class reports (computed from live data) simply count one student fewer;
    nothing cached can disagree with them."""
    user.delete()
