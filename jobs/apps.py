"""App configuration for jobs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unions.choices import Role


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs")
    default_auto_field = "django.db.models.BigAutoField"
    # Role → actions on this app's models (see unions/roles.py).
    role_permissions = {
        Role.EMPLOYMENT_OFFICER: ["view", "add", "change", "delete", "reveal"],
        # Station managers register job seekers who walk in, and read the rest.
        Role.STATION_MANAGER: ["view", "add_jobseeker", "add_jobintention"],
    }
