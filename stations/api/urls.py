"""API routes of the stations app."""

app_name = "stations-api"
urlpatterns = []
