"""App configuration for stations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Stations")
    default_auto_field = "django.db.models.BigAutoField"
    # Role → actions on this app's models (see unions/roles.py).
    role_permissions = {}
