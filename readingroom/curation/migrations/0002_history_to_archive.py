"""Revisions, workflow events and the trash now belong to the archive app (its 0009)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("curation", "0001_initial"),
        ("archive", "0009_history_from_curation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Revision"),
                migrations.DeleteModel(name="TrashedDocument"),
                migrations.DeleteModel(name="WorkflowEvent"),
            ],
            database_operations=[],
        ),
    ]
