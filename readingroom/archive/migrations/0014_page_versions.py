# Per-record page caching: entities' page_version and the outbox's newest-row index.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0013_document_relations'),
    ]

    operations = [
        migrations.AddField(
            model_name='collection',
            name='page_version',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='person',
            name='page_version',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='place',
            name='page_version',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='topic',
            name='page_version',
            field=models.PositiveBigIntegerField(default=0, editable=False),
        ),
        migrations.AlterField(
            model_name='documentchange',
            name='record_id',
            field=models.PositiveIntegerField(),
        ),
        migrations.AddIndex(
            model_name='documentchange',
            index=models.Index(fields=['record_id', 'id'], name='change_record_newest'),
        ),
    ]
