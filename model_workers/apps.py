"""App configuration for model_workers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unions.choices import Role


class ModelWorkersConfig(AppConfig):
    name = "model_workers"
    verbose_name = _("Model workers")
    default_auto_field = "django.db.models.BigAutoField"
    # Role → actions on this app's models (see unions/roles.py). The ledger is personal data:
    # liaisons (and administrators, by the baseline) work on it and may reveal ID numbers.
    role_permissions = {
        Role.MODEL_WORKER_LIAISON: ["view", "add", "change", "reveal"],
    }
