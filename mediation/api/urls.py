"""API routes of the mediation app."""

app_name = "mediation-api"
urlpatterns = []
