"""Create one Django group per staff role. Their permissions are kept in sync after every migrate
by unions.roles.sync_role_permissions, from what each app declares."""

from django.db import migrations

ROLES = [
    "administrator", "station_manager", "employment_officer", "mediator",
    "model_worker_liaison", "inspector", "read_only",
]


def create_role_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("unions", "0001_foundation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_role_groups, remove_role_groups)]
