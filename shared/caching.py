"""Cache-Control for pages that show someone's own data.

A shared Chromebook's browser, or a school's caching proxy, must not keep a
dashboard, an attempt, a results page, a CSV export or a data download for
the next person. Every response that may depend on who the visitor is gets
`Cache-Control: private, no-store`, here in one place, instead of a
decorator on each private view that a new view could forget."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control


def shows_private_data(request, response) -> bool:
    """Whether a response may depend on who asked: the visitor carries a
    session (every signed-in user does, and an anonymous learner's attempts
    and lesson progress live in one), or is being given a cookie now (a
    login, a first quiz). Read from the cookies, not request.user, so a
    public page never pays a query to find out. The CSRF cookie alone does
    not count: every page carries a token for htmx, it shows nothing
    private, and Django already sends Vary: Cookie with it."""
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    return any(name != settings.CSRF_COOKIE_NAME for name in response.cookies)


class PrivateNoStoreMiddleware:
    """`private, no-store` on every response that may show private data.

    A view that set its own Cache-Control keeps it: the library's media are
    public and immutable, an attempt's images private for a day, healthz
    never cached. Static files never reach this middleware (WhiteNoise, above
    it, answers them first) and keep their long public lifetimes; a
    first-time visitor's public pages stay cacheable. It sits above the
    session middleware, so a session cookie set by this response counts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and shows_private_data(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response
