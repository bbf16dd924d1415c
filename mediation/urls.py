"""Public pages of the mediation app, and the staff-only document download."""

from django.urls import path

from mediation import views

app_name = "mediation"
urlpatterns = [
    path("", views.index, name="index"),
    path("apply/", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("documents/<int:pk>/", views.document_download, name="document"),
]
