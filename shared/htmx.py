"""htmx conventions shared by every app.

`HtmxHttpRequest` types a request that went through django-htmx's
middleware. `HtmxLoginRedirectMiddleware` answers an htmx request that would
be redirected to the login page (an expired session behind the dashboard's
poll, say) with a client redirect, so the browser goes to the login page
instead of swapping a login form into a fragment.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


class HtmxLoginRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HtmxHttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code == 302:
            login_url = resolve_url(settings.LOGIN_URL)
            if response["Location"].split("?")[0] == login_url:
                # The page the fragment belongs to, so login returns there.
                target = request.htmx.current_url_abs_path or request.get_full_path()
                return HttpResponseClientRedirect(f"{login_url}?{urlencode({'next': target})}")
        return response
