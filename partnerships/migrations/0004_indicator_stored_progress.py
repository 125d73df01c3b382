from django.db import migrations, models


def fill_stored_progress(apps, schema_editor):
    """Work out where each existing indicator stands, as refresh_progress() does from now on."""
    from partnerships.models.results import stored_progress

    Indicator = apps.get_model("partnerships", "Indicator")
    Measurement = apps.get_model("partnerships", "Measurement")
    for indicator in Indicator.objects.iterator():
        approved = Measurement.objects.filter(indicator=indicator, status="approved").select_related("period")
        indicator.progress_percent, indicator.measured_until = stored_progress(indicator, list(approved))
        indicator.save(update_fields=["progress_percent", "measured_until"])


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0003_conflict_conflictescalation_indicator_measurement_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="measured_until",
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="indicator",
            name="progress_percent",
            field=models.IntegerField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_stored_progress, migrations.RunPython.noop),
    ]
