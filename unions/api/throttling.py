"""Throttles: anonymous callers by address, partner keys by key, staff by user.

Every throttle counts requests in windows (e.g. 120 per minute) that start with a caller's first
request, in a store every gunicorn worker shares:

- with Redis (`REDIS_URL`), an atomic `INCR` on a key that expires with its window;
- otherwise one `INSERT … ON CONFLICT DO UPDATE … RETURNING` on the unlogged `RateCounter`
  table: a single round trip per throttle, where DRF's own history-list throttle over the
  database cache costs four to six queries and a transaction on every anonymous request.

A counted window, unlike DRF's sliding history, can let up to twice the rate through where one
window ends and the next begins; for abuse protection that is the accepted trade for one cheap
statement per request. `Retry-After` is the time left in the window.
"""

from __future__ import annotations

import random

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from rest_framework import throttling

from unions.db import session_died

# About one request in this many also deletes counters whose window ended a day ago or more.
PURGE_ONE_IN = 1000
PURGE_AFTER_SECONDS = 86_400

UPSERT_SQL = """
INSERT INTO unions_ratecounter (key, window_ends, hits) VALUES (%(key)s, %(now)s + %(duration)s, 1)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN unions_ratecounter.window_ends > %(now)s THEN unions_ratecounter.hits + 1 ELSE 1 END,
  window_ends = CASE WHEN unions_ratecounter.window_ends > %(now)s THEN unions_ratecounter.window_ends
                     ELSE EXCLUDED.window_ends END
RETURNING hits, window_ends
"""


def count_hit(key: str, now: float, duration: int) -> tuple[int, float]:
    """Count one request for `key` at `now`; return the requests in its window and when it ends."""
    if settings.REDIS_URL:
        window_key = f"rate:{key}"
        cache.add(window_key, 0, timeout=duration)  # starts a window only if none is running
        return cache.incr(window_key), now + duration  # the end is at most this far off
    try:
        return _upsert(key, now, duration)
    except (OperationalError, InterfaceError) as error:
        # The counter is the first statement of most requests, so it is what meets a session the
        # server killed (a restart, terminated sessions). Unlike other writes it is safe to repeat:
        # at worst the request counts twice. Inside a transaction, or for any other error (a
        # statement timeout), the error stands.
        if connection.in_atomic_block or not session_died(error):
            raise
        connection.close()
        return _upsert(key, now, duration)


def _upsert(key: str, now: float, duration: int) -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute(UPSERT_SQL, {"key": key, "now": now, "duration": duration})
        hits, window_ends = cursor.fetchone()
        if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - sampling, not security
            cursor.execute("DELETE FROM unions_ratecounter WHERE window_ends < %s", [now - PURGE_AFTER_SECONDS])
    return hits, window_ends


class CountingThrottle(throttling.SimpleRateThrottle):
    """DRF's rate throttle with the counting replaced by `count_hit` (see the module docstring)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        hits, self.window_ends = count_hit(self.key, self.now, self.duration)
        return hits <= self.num_requests

    def wait(self):
        return max(0.0, self.window_ends - self.now)


class AnonymousThrottle(CountingThrottle, throttling.AnonRateThrottle):
    scope = "anon"


class ApiKeyThrottle(CountingThrottle):
    scope = "api_key"

    def get_cache_key(self, request, view):
        api_key = getattr(request.user, "api_key", None)
        if api_key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": api_key.pk}


class StaffThrottle(CountingThrottle, throttling.UserRateThrottle):
    scope = "staff"

    def get_cache_key(self, request, view):
        if getattr(request.user, "api_key", None) is not None or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class PublicWriteThrottle(CountingThrottle, throttling.AnonRateThrottle):
    """Anonymous writes (feedback, sign-ups, applications): a few per hour per address."""

    scope = "public_write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LookupThrottle(PublicWriteThrottle):
    """Lookups by a secret code (case status): throttled so codes cannot be guessed."""

    scope = "lookup"

    def allow_request(self, request, view):
        return CountingThrottle.allow_request(self, request, view)
