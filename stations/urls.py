"""Public pages of the stations app."""

from django.urls import path

from stations import views

app_name = "stations"
urlpatterns = [
    path("", views.finder, name="finder"),
    path("events/", views.event_list, name="events"),
    path("events.ics", views.all_events_ics, name="events-ics"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/", views.station_detail, name="detail"),
    path("<int:pk>/qr.svg", views.station_qr, name="qr"),
    path("<int:pk>/events.ics", views.station_events_ics, name="station-events-ics"),
]
