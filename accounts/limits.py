"""Limits on signing in and on password resets (docs/security.md says why
each number is what it is).

Failed logins are counted by django-axes against the account and the address
together (settings.AXES_*): ten wrong passwords for one account from one
address lock that pair for fifteen minutes, and nobody else. This module adds
what axes cannot express beside that: a ceiling on all failed logins from one
address, high enough for a school behind one address, and the names that
make a log-in by e-mail, on the site or in the admin, count against the
account it names."""

from axes.handlers.database import AxesDatabaseHandler

from accounts.models import User
from shared.limits import Limit
from shared.net import client_ip

# 600 students behind one school address who each mistype now and then stay
# far below this; a guesser spraying one password over many accounts from one
# address is stopped after 300 tries per quarter-hour.
LOGIN_FAILURES_PER_ADDRESS = Limit("login-failures-address", count=300, seconds=15 * 60)
# Reset e-mails: a teacher who asks again and again gets one mail every few
# minutes at most, and one address cannot make the site mail a whole staff list.
PASSWORD_RESETS_PER_EMAIL = Limit("password-reset-email", count=3, seconds=60 * 60)
PASSWORD_RESETS_PER_ADDRESS = Limit("password-reset-address", count=20, seconds=60 * 60)

# Login-card tokens are 128-bit random: nobody guesses one, so this only stops
# a flood. A class whose cards were revoked scans them thirty times in a minute.
CARD_FAILURES_PER_ADDRESS = Limit("card-failures-address", count=100, seconds=15 * 60)


def login_name(request, credentials) -> str:
    """The account a log-in names, as axes should count it: a username in
    lower case, or the username of the account an e-mail address belongs to
    (the e-mail itself, in lower case, when no account has it)."""
    typed = ""
    if credentials:
        typed = credentials.get("username") or ""
    elif request is not None:
        typed = request.POST.get("username", "")
    typed = str(typed).strip().lower()[:254]
    if "@" in typed:
        username = User.objects.filter(email__iexact=typed).values_list("username", flat=True).first()
        if username:
            return username.lower()
    return typed


class SchoolAxesHandler(AxesDatabaseHandler):
    """Axes' database handler (failures per account and address, visible and
    clearable in the admin) with the per-address ceiling on top."""

    def is_locked(self, request, credentials=None) -> bool:
        if LOGIN_FAILURES_PER_ADDRESS.reached(client_ip(request)):
            return True
        return super().is_locked(request, credentials)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None:
            LOGIN_FAILURES_PER_ADDRESS.hit(client_ip(request))
        return super().user_login_failed(sender, credentials, request, **kwargs)
