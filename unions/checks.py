"""System checks for deployment (`manage.py check --deploy`): settings that keep the portal safe."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.database, deploy=True)
def check_database_resilience(app_configs, **kwargs):
    errors = []
    database = settings.DATABASES["default"]
    if database.get("CONN_MAX_AGE") and not database.get("CONN_HEALTH_CHECKS"):
        errors.append(
            checks.Warning(
                "Persistent connections without health checks turn a PostgreSQL restart into 500s.",
                hint="Set CONN_HEALTH_CHECKS = True.",
                id="unions.W001",
            )
        )
    if "statement_timeout" not in database.get("OPTIONS", {}).get("options", ""):
        errors.append(
            checks.Warning(
                "No statement_timeout: a runaway query can hold a worker forever.",
                hint="Set DB_STATEMENT_TIMEOUT_MS.",
                id="unions.W002",
            )
        )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_api_and_lockout(app_configs, **kwargs):
    errors = []
    permission_classes = settings.REST_FRAMEWORK.get("DEFAULT_PERMISSION_CLASSES", [])
    if not permission_classes or "rest_framework.permissions.AllowAny" in permission_classes:
        errors.append(
            checks.Warning(
                "The API's default permission lets anyone in.",
                hint="Keep unions.api.permissions.ScopedModelPermissions as the default.",
                id="unions.W003",
            )
        )
    if not getattr(settings, "AXES_COOLOFF_TIME", None):
        errors.append(
            checks.Warning(
                "Locked-out staff are never unlocked: AXES_COOLOFF_TIME is not set.",
                hint="Set AXES_COOLOFF_HOURS.",
                id="unions.W004",
            )
        )
    return errors
