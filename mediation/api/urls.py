"""API routes of the mediation app."""

from rest_framework.routers import SimpleRouter

from mediation.api import views
from unions.api.views import register_root_entry

app_name = "mediation-api"

router = SimpleRouter()
router.register("cases", views.CaseViewSet, basename="case")
router.register("referrals", views.ReferralViewSet, basename="referral")
urlpatterns = router.urls

register_root_entry("cases", "mediation-api:case-list")
register_root_entry("referrals", "mediation-api:referral-list")
