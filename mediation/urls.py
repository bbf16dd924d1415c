"""Public pages of the mediation app."""

app_name = "mediation"
urlpatterns = []
