"""Revisions, workflow events and the trash move from the back office to the archive.

They record changes the domain actions make (``readingroom.archive.actions``), whichever
path asks, so they belong to the archive. Only Django's idea of which app owns them moves
here; the tables are renamed in the next migration, and the content types (which the
permissions "publish_document" and "administer_archive" hang from) follow.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

MOVED = ["revision", "workflowevent", "trasheddocument"]


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not ContentType.objects.filter(app_label="archive", model=model).exists():
            ContentType.objects.filter(app_label="curation", model=model).update(
                app_label="archive"
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="archive", model__in=MOVED).update(app_label="curation")


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0008_catalog_indexes_on_the_model"),
        ("curation", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='TrashedDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('record_id', models.PositiveIntegerField(db_index=True, verbose_name='record ID')),
                        ('title', models.CharField(max_length=1000)),
                        ('snapshot', models.JSONField(help_text='The document as curation.records.document_record.')),
                        ('collection_places', models.JSONField(blank=True, default=list)),
                        ('files', models.JSONField(blank=True, default=list, help_text='Names in storage.')),
                        ('trashed_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('trashed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'curation_trasheddocument',
                        'ordering': ['-trashed_at', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='WorkflowEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('record_id', models.PositiveIntegerField(db_index=True, verbose_name='record ID')),
                        ('from_status', models.CharField(max_length=20)),
                        ('to_status', models.CharField(max_length=20)),
                        ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('note', models.TextField(blank=True)),
                        ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'curation_workflowevent',
                        'ordering': ['-at', '-pk'],
                        'permissions': [('publish_document', 'Can publish and unpublish documents'), ('administer_archive', 'Can manage users, settings, featured items and deletions')],
                    },
                ),
                migrations.CreateModel(
                    name='Revision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.BigIntegerField(help_text="The record's key (a document's record ID).")),
                        ('object_repr', models.CharField(max_length=300, verbose_name='record')),
                        ('created', models.DateTimeField(default=django.utils.timezone.now)),
                        ('snapshot', models.JSONField()),
                        ('changed_fields', models.JSONField(blank=True, default=list)),
                        ('summary', models.CharField(blank=True, max_length=500)),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='contenttypes.contenttype')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'curation_revision',
                        'ordering': ['-pk'],
                        'indexes': [models.Index(fields=['content_type', 'object_id', '-id'], name='revision_record')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
