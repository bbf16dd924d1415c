"""App configuration for mediation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("Mediation")
    default_auto_field = "django.db.models.BigAutoField"
    # Role → actions on this app's models (see unions/roles.py).
    role_permissions = {}
