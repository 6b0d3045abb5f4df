"""Counters for rate limits, kept in Django's cache so every worker sees them.

A limit allows `count` events per `who` (an address, an account) within
`seconds` of the first one; the window then starts afresh. Counting is
approximate under races (a cache read and write, not a transaction): two
workers may each count one event as the other's, which errs by a request or
two, never by a lockout. With several app servers the cache is Redis
(DJANGO_REDIS_URL), so every server counts into the same window."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass

from django.core.cache import cache

log = logging.getLogger(__name__)


def cache_errors() -> tuple[type[BaseException], ...]:
    """What the cache raises when its server is down. A limit then fails open:
    logging in and joining matter more in a lesson than a counter does, and
    failed logins are also counted in the database (django-axes). The
    teacher's item analysis (classrooms.reports) is then computed every time."""
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is in requirements.txt
        return (OSError,)
    return (OSError, RedisError)


@dataclass(frozen=True)
class Limit:
    name: str
    count: int
    seconds: int

    def _key(self, who: str) -> str:
        digest = hashlib.sha256(str(who).encode()).hexdigest()[:32]
        return f"limit:{self.name}:{digest}"

    def _current(self, key: str, now: float) -> tuple[int, float]:
        try:
            stored = cache.get(key)
        except cache_errors() as exc:
            log.warning(
                "limit %s: the cache did not answer (%r); letting the request through", self.name, exc
            )
            stored = None
        if not stored or stored[1] <= now:
            return 0, now + self.seconds
        return stored[0], stored[1]

    def reached(self, who: str) -> bool:
        """True when `who` has used up this window's allowance."""
        used, _until = self._current(self._key(who), time.time())
        return used >= self.count

    def hit(self, who: str) -> int:
        """Count one event for `who`; returns the count in this window."""
        now = time.time()
        key = self._key(who)
        used, until = self._current(key, now)
        used += 1
        try:
            cache.set(key, (used, until), timeout=max(1, int(until - now) + 1))
        except cache_errors() as exc:
            log.warning("limit %s: the cache did not answer (%r); this event was not counted", self.name, exc)
        return used

    def take(self, who: str) -> bool:
        """Count one event if the allowance has room; False (and nothing
        counted) when it has not."""
        if self.reached(who):
            return False
        self.hit(who)
        return True
