"""API routes of the model_workers app."""

app_name = "model_workers-api"
urlpatterns = []
