"""API routes of the jobs app."""

app_name = "jobs-api"
urlpatterns = []
