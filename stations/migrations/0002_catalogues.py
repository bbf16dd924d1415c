from django.db import migrations


def load(apps, schema_editor):
    from stations.catalogue import seed_catalogues

    # The models as they were here have no English names yet (0005 adds them).
    seed_catalogues(apps.get_model("stations", "Facility"), apps.get_model("stations", "ServiceItem"), english=False)


class Migration(migrations.Migration):
    dependencies = [("stations", "0001_station_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
