"""The client's address, for limits and lockouts."""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, unless settings.TRUSTED_PROXIES says how many reverse
    proxies stand in front of the app. Each proxy appends the address it was
    reached from to X-Forwarded-For, so with N proxies the client is the N-th
    entry from the right; anything further left was written by the client and
    proves nothing. A malformed entry falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or ""
    hops = settings.TRUSTED_PROXIES
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    candidate = forwarded[-min(hops, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
