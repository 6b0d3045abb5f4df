"""Account writes that touch several models."""

from django.db import transaction

from accounts.models import User


@transaction.atomic
def user_sign_up(*, username: str, password: str, display_name: str, email: str, role: str) -> User:
    user = User(username=username, display_name=display_name, email=email, role=role)
    user.set_password(password)
    user.save()
    return user
