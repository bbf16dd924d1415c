"""Public pages of the foundation: the home page, the large-text switch and the health check."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from unions.context_processors import LARGE_TEXT_COOKIE

# Sections of the public site; an app's entry shows once its URL namespace exists.
SECTIONS = [
    ("stations:finder", "stations"),
    ("jobs:board", "jobs"),
    ("mediation:index", "mediation"),
]


@require_GET
def home(request):
    return render(request, "home.html")


@require_POST
def toggle_large_text(request):
    """Switch the elderly-friendly large-text mode and go back to where the user was."""
    next_url = request.POST.get("next") or reverse("home")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
    if request.COOKIES.get(LARGE_TEXT_COOKIE) == "1":
        response.delete_cookie(LARGE_TEXT_COOKIE)
    else:
        response.set_cookie(
            LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax",
            secure=not settings.DEBUG, httponly=True,
        )
    return response


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers and every migration is applied; 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    if pending:
        return JsonResponse(
            {"status": "error", "database": "ok", "pending_migrations": len(pending)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})


def _api_error(request, status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(
        {"type": "client_error" if status < 500 else "server_error",
         "errors": [{"code": code, "detail": detail, "attr": None}]},
        status=status,
    )


def page_not_found(request, exception=None):
    """404: JSON in the API's error format under /api/, the site's page elsewhere."""
    from django.utils.translation import gettext

    if request.path.startswith("/api/"):
        return _api_error(request, 404, "not_found", gettext("Not found."))
    return render(request, "404.html", status=404)


def server_error(request):
    from django.utils.translation import gettext

    if request.path.startswith("/api/"):
        return _api_error(request, 500, "error", gettext("A server error occurred."))
    return render(request, "500.html", status=500)
