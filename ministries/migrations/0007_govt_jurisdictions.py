# The government an organisation or a region belongs to was free text; it becomes a row with a name in
# each language (Jurisdiction), one per distinct text, whatever its case. Clusters get names per language.
# The old text columns are dropped in the next migration, once the rows are linked (PostgreSQL refuses to
# alter a table in the transaction that just updated it with deferred foreign keys).

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


def link_governments(apps, schema_editor):
    """One government per distinct text ("Ontario" and " ontario " are one), and each row linked to it."""
    Jurisdiction = apps.get_model("ministries", "Jurisdiction")
    governments = {}
    for model_name in ("Ministry", "Region"):
        model = apps.get_model("ministries", model_name)
        for row in model.objects.exclude(jurisdiction_text="").order_by("pk"):
            text = " ".join(row.jurisdiction_text.split())
            if not text:
                continue
            if text.casefold() not in governments:
                governments[text.casefold()] = Jurisdiction.objects.create(name=text)
            row.jurisdiction = governments[text.casefold()]
            row.save(update_fields=["jurisdiction"])


def unlink_governments(apps, schema_editor):
    """Back to text: each row keeps its government's default name."""
    for model_name in ("Ministry", "Region"):
        model = apps.get_model("ministries", model_name)
        for row in model.objects.filter(jurisdiction__isnull=False).select_related("jurisdiction"):
            row.jurisdiction_text = row.jurisdiction.name
            row.save(update_fields=["jurisdiction_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("ministries", "0006_orgs2_added_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="cluster",
            name="name_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in French"),
        ),
        migrations.AddField(
            model_name="cluster",
            name="name_he",
            field=models.CharField(blank=True, max_length=200, verbose_name="name in Hebrew"),
        ),
        migrations.CreateModel(
            name="Jurisdiction",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name_fr", models.CharField(blank=True, max_length=200, verbose_name="name in French")),
                ("name_he", models.CharField(blank=True, max_length=200, verbose_name="name in Hebrew")),
                ("name", models.CharField(max_length=100, verbose_name="name")),
            ],
            options={
                "verbose_name": "government",
                "verbose_name_plural": "governments",
                "ordering": ["name"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("name"),
                        name="unique_jurisdiction_name_any_case",
                        violation_error_message="This government is already in Interlock. Choose it from the list.",
                    )
                ],
            },
        ),
        migrations.AlterModelOptions(
            name="region",
            options={"ordering": ["jurisdiction__name", "name"], "verbose_name": "region", "verbose_name_plural": "regions"},
        ),
        migrations.RenameField(model_name="ministry", old_name="jurisdiction", new_name="jurisdiction_text"),
        migrations.RenameField(model_name="region", old_name="jurisdiction", new_name="jurisdiction_text"),
        migrations.AddField(
            model_name="ministry",
            name="jurisdiction",
            field=models.ForeignKey(
                blank=True,
                help_text="For example Ontario, Israel or the City of Toronto. Pickers group organisations by it.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="ministries",
                to="ministries.jurisdiction",
                verbose_name="government",
            ),
        ),
        migrations.AddField(
            model_name="region",
            name="jurisdiction",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="regions",
                to="ministries.jurisdiction",
                verbose_name="government",
            ),
        ),
        migrations.RunPython(link_governments, unlink_governments),
    ]
