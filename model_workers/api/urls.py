"""API routes of the model_workers app (staff and partner keys of the owning organisation)."""

from rest_framework.routers import SimpleRouter

from model_workers.api import views
from unions.api.views import register_root_entry

app_name = "model_workers-api"

router = SimpleRouter()
router.register("model-workers", views.ModelWorkerViewSet, basename="modelworker")
router.register("visits", views.VisitViewSet, basename="visit")
router.register("care-orders", views.CareOrderViewSet, basename="careorder")
router.register("benefit-checks", views.BenefitCheckViewSet, basename="benefitcheck")
urlpatterns = router.urls

register_root_entry("model-workers", "model_workers-api:modelworker-list")
register_root_entry("visits", "model_workers-api:visit-list")
register_root_entry("care-orders", "model_workers-api:careorder-list")
register_root_entry("benefit-checks", "model_workers-api:benefitcheck-list")
