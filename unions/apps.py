"""App configuration for the foundation, and the branded admin site replacing Django's default."""

from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from unions.choices import Role

# Every role reads the reference data it works with.
_REFERENCE = ["view_region", "view_unionorganization", "view_enterprise"]


class PortalAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "unions.admin_site.PortalAdminSite"


class UnionsConfig(AppConfig):
    default = True
    name = "unions"
    verbose_name = _("Unions and organisations")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        Role.STATION_MANAGER: [*_REFERENCE, "add_enterprise", "change_enterprise"],
        Role.EMPLOYMENT_OFFICER: [*_REFERENCE, "add_enterprise", "change_enterprise"],
        Role.MEDIATOR: [*_REFERENCE, "add_enterprise", "change_enterprise"],
        Role.MODEL_WORKER_LIAISON: _REFERENCE,
    }

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from unions import checks  # noqa: F401 - registers system checks
        from unions.db import install_retry_wrapper
        from unions.roles import sync_role_permissions

        connection_created.connect(install_retry_wrapper, dispatch_uid="unions.retry_lost_connection_reads")
        post_migrate.connect(sync_role_permissions, dispatch_uid="unions.sync_role_permissions")
