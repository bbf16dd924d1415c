"""URL configuration: public pages (translated), the admin, the API and the health check."""

from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from unions import views as union_views
from unions.api.views import ApiRootView

api_patterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves its start-up script as a file, so scripts stay 'self'-only here too;
    # Swagger UI sets a few inline styles, allowed on this page alone.
    path(
        "docs/",
        # A page for browsers: GET and HEAD only (OPTIONS would ask DRF to describe an HTML view).
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", http_method_names=["get", "head"])
        ),
        name="api-docs",
    ),
    path("", include("unions.api.urls")),
    path("", include("stations.api.urls")),
    path("", include("jobs.api.urls")),
    path("", include("mediation.api.urls")),
    path("", include("model_workers.api.urls")),
]

urlpatterns = [
    path("", union_views.home, name="home"),
    path("healthz", union_views.healthz, name="healthz"),
    path("large-text/", union_views.toggle_large_text, name="toggle-large-text"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_patterns)),
    path("stations/", include("stations.urls")),
    path("jobs/", include("jobs.urls")),
    path("mediation/", include("mediation.urls")),
]

handler404 = "unions.views.page_not_found"
handler500 = "unions.views.server_error"
