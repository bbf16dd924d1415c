"""API routes of the foundation."""

from rest_framework.routers import SimpleRouter

from unions.api import views

app_name = "unions-api"

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("organizations", views.OrganizationViewSet, basename="organization")
urlpatterns = router.urls

views.register_root_entry("regions", "unions-api:region-list")
views.register_root_entry("organizations", "unions-api:organization-list")
