"""A new archive starts with an About page and a crown link to it, for editors to rewrite."""

from django.db import migrations


def create_about(apps, schema_editor):
    Page = apps.get_model("archive", "Page")
    NavigationLink = apps.get_model("archive", "NavigationLink")
    Page.objects.get_or_create(
        slug="about",
        defaults={
            "title": "About the Digital Archive",
            "body": "Editors: write about this archive in the admin, under Pages.",
        },
    )
    NavigationLink.objects.get_or_create(
        url="/about", defaults={"label": "About the Digital Archive", "order": 1}
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(create_about, migrations.RunPython.noop)]
