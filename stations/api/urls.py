"""API routes of the stations app."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from stations.api import views
from unions.api.views import register_root_entry

app_name = "stations-api"

router = SimpleRouter()
router.register("stations", views.StationViewSet, basename="station")
router.register("hsds/service_at_locations", views.HsdsServiceAtLocationViewSet, basename="hsds-sal")
router.register("services", views.ServiceItemViewSet, basename="service")
router.register("events", views.EventViewSet, basename="event")
urlpatterns = [
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    *router.urls,
]

register_root_entry("stations", "stations-api:station-list")
register_root_entry("stations-geojson", "stations-api:station-geojson")
register_root_entry("hsds-service-at-locations", "stations-api:hsds-sal-list")
register_root_entry("services", "stations-api:service-list")
register_root_entry("events", "stations-api:event-list")
register_root_entry("coverage", "stations-api:coverage")
