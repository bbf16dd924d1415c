"""Public pages of the jobs app."""

app_name = "jobs"
urlpatterns = []
