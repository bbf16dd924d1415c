"""Middleware of the portal's own."""

from django.utils.cache import add_never_cache_headers, patch_cache_control


class PrivateCacheControlMiddleware:
    """`Cache-Control: no-store` on the admin and on API answers made for a signed-in caller.

    Shared caches and browsers must never keep a page with personal data. Public API answers
    (anonymous callers) stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if path.startswith("/admin/") or (path.startswith("/api/") and (
            request.headers.get("Authorization") or (getattr(request, "user", None) and request.user.is_authenticated)
        )):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
