"""Which permissions each staff role holds.

Every app declares, in its AppConfig, `role_permissions = {Role.X: ["view", "add", ...]}`: the
actions that role gets on all of the app's models (custom codenames such as
"reveal_personal_data" may be listed too). After every `migrate`, `sync_role_permissions` makes
each role's group hold exactly the declared permissions, so a new model's permissions reach the
roles without a hand-written data migration per model.
"""

from __future__ import annotations

from django.apps import apps as global_apps

from unions.choices import Role

CRUD = ["view", "add", "change", "delete"]

# Applied to every app: administrators keep everything, read-only staff and inspectors view all.
BASELINE = {
    Role.ADMINISTRATOR: ["*"],
    Role.READ_ONLY: ["view"],
    Role.INSPECTOR: ["view"],
}


# Permissions outside the portal's apps: administrators manage their organisation's staff users.
EXTRA_PERMISSIONS = {
    Role.ADMINISTRATOR: [("auth", "view_user"), ("auth", "add_user"), ("auth", "change_user")],
}


def declared_permissions(app_config) -> dict[str, set[str]]:
    """Role → permission codenames for one app's models."""
    declared = {role.value: set(actions) for role, actions in BASELINE.items()}
    for role, actions in getattr(app_config, "role_permissions", {}).items():
        declared.setdefault(str(role), set()).update(actions)
    return declared


def sync_role_permissions(app_config=None, using: str = "default", **kwargs) -> None:
    """post_migrate handler; acts once, after the last app's permissions have been created."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    last_app = list(global_apps.get_app_configs())[-1]
    if app_config is not None and app_config.label != last_app.label:
        return
    portal_apps = ["unions", "stations", "jobs", "mediation", "model_workers"]
    for role in Role:
        group, _created = Group.objects.using(using).get_or_create(name=role.value)
        wanted = []
        for label in portal_apps:
            try:
                app_config = global_apps.get_app_config(label)
            except LookupError:
                continue
            actions = declared_permissions(app_config).get(role.value, set())
            if not actions:
                continue
            content_types = ContentType.objects.db_manager(using).get_for_models(
                *app_config.get_models(), for_concrete_models=False
            ).values()
            permissions = Permission.objects.using(using).filter(content_type__in=content_types)
            for permission in permissions:
                action = permission.codename.split("_", 1)[0]
                if "*" in actions or action in actions or permission.codename in actions:
                    wanted.append(permission)
        for app_label, codename in EXTRA_PERMISSIONS.get(role, []):
            wanted.extend(
                Permission.objects.using(using).filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
