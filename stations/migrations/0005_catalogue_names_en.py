"""English names for the facility and service catalogues, filled in for the seeded entries."""

from django.db import migrations, models


def name_in_english(apps, schema_editor):
    from stations.catalogue import ENGLISH_NAMES

    for model_name, names in (("Facility", ENGLISH_NAMES["facilities"]), ("ServiceItem", ENGLISH_NAMES["services"])):
        model = apps.get_model("stations", model_name)
        for code, name_en in names.items():
            model.objects.filter(code=code, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0004_keep_mirrors_when"),
    ]

    operations = [
        migrations.AddField(
            model_name="facility",
            name="name_en",
            field=models.CharField(blank=True, help_text="Shown on the public pages in English. Empty: the Chinese name.",
                                   max_length=64, verbose_name="name in English"),
        ),
        migrations.AddField(
            model_name="serviceitem",
            name="name_en",
            field=models.CharField(blank=True, help_text="Shown on the public pages in English. Empty: the Chinese name.",
                                   max_length=64, verbose_name="name in English"),
        ),
        migrations.RunPython(name_in_english, migrations.RunPython.noop),
    ]
