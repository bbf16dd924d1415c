"""Middleware of the portal's own."""

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _


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


class DatabaseUnavailableMiddleware:
    """A cut query (statement_timeout) or a lost connection answers 503, not 500.

    The API has its own handler (unions.api.errors); this covers pages and the admin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from unions.api.errors import is_database_unavailable

        if not is_database_unavailable(exception):
            return None
        message = _("The service is briefly unavailable. Please try again in a few seconds.")
        if request.path.startswith("/api/"):
            response = JsonResponse(
                {"type": "server_error", "errors": [
                    {"code": "service_unavailable", "detail": message, "attr": None}
                ]},
                status=503,
            )
        else:
            response = TemplateResponse(request, "503.html", {"message": message}, status=503)
            response.render()
        response["Retry-After"] = "5"
        return response
