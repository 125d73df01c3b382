from zoneinfo import ZoneInfo

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import TruncDate


def decided_on_from_decided_at(apps, schema_editor):
    # Decisions taken before this field were given the day they were recorded, in the
    # installation's time zone: the only date they have.
    GateDecision = apps.get_model("assessments", "GateDecision")
    GateDecision.objects.update(decided_on=TruncDate("decided_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_unfold_gate_waivers")]

    operations = [
        migrations.AddField(
            model_name="gatedecision",
            name="decided_on",
            field=models.DateField(null=True, verbose_name="decided on"),
        ),
        migrations.RunPython(decided_on_from_decided_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="gatedecision",
            name="decided_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="decided on"),
        ),
    ]
