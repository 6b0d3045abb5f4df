"""A student holding a teacher-issued one-time password replaces it before
anything else: every page sends them to the password form, not only the
dashboard (accounts.selectors.must_change_password says who)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from accounts.selectors import must_change_password

EXEMPT_PAGES = ("accounts:password_change", "accounts:logout", "accounts:delete_account")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if must_change_password(request) and not self._exempt(request.path):
            target = reverse("accounts:password_change")
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        # The password form itself, logging out and deleting the account;
        # static files and the health check.
        pages = {reverse(name) for name in EXEMPT_PAGES}
        return path in pages or path.startswith((settings.STATIC_URL or "/static/", "/healthz"))
