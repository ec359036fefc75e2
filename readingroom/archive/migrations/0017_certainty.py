"""Certainty on a document's date and on each person's part in it.

A person link's boolean ``uncertain`` becomes ``certainty``: True becomes "probable" (the
editors doubted the attribution but said no more; "probable" claims the least beyond
that), False "certain". Going back, anything short of certain becomes uncertain=True.
"""

from django.db import migrations, models


def uncertain_to_probable(apps, schema_editor):
    links = apps.get_model("archive", "PersonDocumentRelation").objects
    links.filter(uncertain=True).update(certainty="probable")


def probable_to_uncertain(apps, schema_editor):
    links = apps.get_model("archive", "PersonDocumentRelation").objects
    links.exclude(certainty="certain").update(uncertain=True)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0016_rendition_paragraph_ids"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="date_certainty",
            field=models.CharField(
                choices=[
                    ("certain", "certain"),
                    ("probable", "probable"),
                    ("inferred", "inferred"),
                    ("disputed", "disputed"),
                ],
                default="certain",
                help_text="How sure the editors are of the date.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="document",
            name="date_certainty_note",
            field=models.TextField(
                blank=True, help_text="Why: the evidence for the date, or who disputes it."
            ),
        ),
        migrations.AddField(
            model_name="persondocumentrelation",
            name="certainty",
            field=models.CharField(
                choices=[
                    ("certain", "certain"),
                    ("probable", "probable"),
                    ("inferred", "inferred"),
                    ("disputed", "disputed"),
                ],
                default="certain",
                help_text="How sure the editors are that this person had this part.",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="persondocumentrelation",
            name="certainty_note",
            field=models.TextField(
                blank=True, help_text="Why: how the person was identified, or who disputes it."
            ),
        ),
        migrations.RunPython(uncertain_to_probable, probable_to_uncertain),
        migrations.RemoveField(
            model_name="persondocumentrelation",
            name="uncertain",
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("date_certainty__in", ["certain", "probable", "inferred", "disputed"])
                ),
                name="date_certainty_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="persondocumentrelation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("certainty__in", ["certain", "probable", "inferred", "disputed"])
                ),
                name="person_certainty_known",
            ),
        ),
    ]
