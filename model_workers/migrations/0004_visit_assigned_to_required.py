"""Every visit is assigned to an organisation: existing rows to their owner."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('model_workers', '0003_visit_assigned_to'),
        ('unions', '0004_owned_record_version'),
    ]

    operations = [
        migrations.RunSQL(
            "UPDATE model_workers_visit SET assigned_to_id = owner_id WHERE assigned_to_id IS NULL",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name='visit',
            name='assigned_to',
            field=models.ForeignKey(help_text="The organisation that must make the visit: the responsible one, or the city union for a leader's visit.", on_delete=django.db.models.deletion.PROTECT, related_name='+', to='unions.unionorganization', verbose_name='assigned to'),
        ),
        migrations.AlterField(
            model_name='visitevent',
            name='assigned_to',
            field=models.ForeignKey(db_constraint=False, help_text="The organisation that must make the visit: the responsible one, or the city union for a leader's visit.", on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='unions.unionorganization', verbose_name='assigned to'),
        ),
    ]
