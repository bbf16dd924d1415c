"""App configuration for model_workers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModelWorkersConfig(AppConfig):
    name = "model_workers"
    verbose_name = _("Model workers")
    default_auto_field = "django.db.models.BigAutoField"
    # Role → actions on this app's models (see unions/roles.py).
    role_permissions = {}
