"""App configuration for stations."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unions.choices import Role


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Stations")
    default_auto_field = "django.db.models.BigAutoField"
    # Role → actions on this app's models (see unions/roles.py).
    role_permissions = {
        Role.STATION_MANAGER: ["view", "add", "change", "delete"],
        Role.INSPECTOR: ["view", "add_evaluation", "change_evaluation"],
    }
