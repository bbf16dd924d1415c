"""Throttles: anonymous callers by address, partner keys by key, staff by user.

Counters live in the shared cache (database or Redis), so every gunicorn worker sees the same
count.
"""

from rest_framework import throttling


class AnonymousThrottle(throttling.AnonRateThrottle):
    scope = "anon"


class ApiKeyThrottle(throttling.SimpleRateThrottle):
    scope = "api_key"

    def get_cache_key(self, request, view):
        api_key = getattr(request.user, "api_key", None)
        if api_key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": api_key.pk}


class StaffThrottle(throttling.UserRateThrottle):
    scope = "staff"

    def get_cache_key(self, request, view):
        if getattr(request.user, "api_key", None) is not None or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class PublicWriteThrottle(throttling.AnonRateThrottle):
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
        return throttling.AnonRateThrottle.allow_request(self, request, view)
