"""Model workers have no public pages: their data is personal and staff-only."""

app_name = "model_workers"
urlpatterns = []
