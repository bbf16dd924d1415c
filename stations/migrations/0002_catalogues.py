from django.db import migrations


def load(apps, schema_editor):
    from stations.catalogue import seed_catalogues

    seed_catalogues(apps.get_model("stations", "Facility"), apps.get_model("stations", "ServiceItem"))


class Migration(migrations.Migration):
    dependencies = [("stations", "0001_station_registry")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
