"""Account writes that touch several models."""

import secrets

from django.db import transaction

from accounts.models import LoginCard, User, login_card_digest


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


@transaction.atomic
def login_cards_issue(*, users) -> dict[int, str]:
    """A new login card for each user, replacing any old one (which stops
    working). Returns the tokens by user id: they are never stored, only
    their digests, so the caller prints them now or never."""
    users = list(users)
    tokens = {user.pk: secrets.token_urlsafe(16) for user in users}  # 16 bytes = 128 bits
    LoginCard.objects.filter(user__in=users).delete()
    LoginCard.objects.bulk_create(
        LoginCard(user=user, token_digest=login_card_digest(tokens[user.pk])) for user in users
    )
    return tokens


@transaction.atomic
def login_cards_revoke(*, users) -> int:
    """Revoke these users' login cards; returns how many there were."""
    deleted, _ = LoginCard.objects.filter(user__in=list(users)).delete()
    return deleted
