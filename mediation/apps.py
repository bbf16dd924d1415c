"""App configuration for mediation."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unions.choices import Role


class MediationConfig(AppConfig):
    name = "mediation"
    verbose_name = _("Mediation")
    default_auto_field = "django.db.models.BigAutoField"
    # Role → actions on this app's models (see unions/roles.py). Case data is sensitive: only
    # mediators (and administrators, by the baseline) work on it; only they may reveal.
    role_permissions = {
        Role.MEDIATOR: ["view", "add", "change", "transition", "reveal"],
    }

