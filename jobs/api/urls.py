"""API routes of the jobs app."""

from rest_framework.routers import SimpleRouter

from jobs.api import views
from unions.api.views import register_root_entry

app_name = "jobs-api"

router = SimpleRouter()
router.register("postings", views.PostingViewSet, basename="posting")
router.register("employers", views.EmployerViewSet, basename="employer")
router.register("fairs", views.FairViewSet, basename="fair")
router.register("trainings", views.TrainingViewSet, basename="training")
router.register("intentions", views.IntentionViewSet, basename="intention")
router.register("matches", views.MatchViewSet, basename="match")
urlpatterns = router.urls

for _name, _basename in [
    ("postings", "posting"),
    ("employers", "employer"),
    ("fairs", "fair"),
    ("trainings", "training"),
    ("intentions", "intention"),
    ("matches", "match"),
]:
    register_root_entry(_name, f"jobs-api:{_basename}-list")
