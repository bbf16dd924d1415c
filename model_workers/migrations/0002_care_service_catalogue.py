"""The catalogue of home services the unions arrange for model workers."""

from django.db import migrations

KINDS = ["haircut", "care_cleaning", "family_doctor", "home_adaptation", "housekeeping", "counselling"]


def add_catalogue(apps, schema_editor):
    CareService = apps.get_model("model_workers", "CareService")
    for kind in KINDS:
        CareService.objects.get_or_create(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("model_workers", "0001_model_worker_ledger")]

    operations = [migrations.RunPython(add_catalogue, migrations.RunPython.noop)]
