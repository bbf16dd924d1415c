"""Public pages of the jobs app."""

from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.board, name="board"),
    path("<int:pk>/", views.posting_detail, name="posting"),
    path("<int:pk>/interested/", views.interested, name="interested"),
    path("intention/", views.intention, name="intention"),
    path("intention/thanks/", views.intention_thanks, name="intention-thanks"),
    path("fairs/", views.fair_list, name="fairs"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair"),
    path("training/", views.training_list, name="trainings"),
    path("training/<int:pk>/", views.training_detail, name="training"),
    path("bulletins/<int:pk>/", views.bulletin_print, name="bulletin"),
]
