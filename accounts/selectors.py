"""Account reads with a name."""

from accounts.models import LoginCard, User, login_card_digest

# Set in the session by a sign-in with a login card.
SIGNED_IN_BY_CARD = "signed_in_by_card"


def login_card_student(token: str) -> User | None:
    """The active student whose login card carries this token, or None for a
    wrong, revoked or malformed token (one answer for all three)."""
    if not token or len(token) > 64:
        return None
    card = (
        LoginCard.objects.select_related("user")
        .filter(token_digest=login_card_digest(token), user__is_active=True, user__role=User.Role.STUDENT)
        .first()
    )
    return card.user if card else None


def must_change_password(request) -> bool:
    """A teacher-issued one-time password is replaced before anything else.
    A student who came in by their login card is not stopped: the card is the
    credential there, and the one-time password still has to be replaced at
    their first log-in with it."""
    user = request.user
    return bool(
        user.is_authenticated and user.must_change_password and not request.session.get(SIGNED_IN_BY_CARD)
    )
