from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def recorded_when_known(apps, schema_editor):
    # Adding the column stamped every existing rung with the migration's moment: only the first rung's
    # is known (the conflict was raised when it was recorded); the others stay unknown.
    ConflictEscalation = apps.get_model("meetings", "ConflictEscalation")
    Conflict = apps.get_model("meetings", "Conflict")
    ConflictEscalation.objects.exclude(level=1).update(recorded_at=None)
    ConflictEscalation.objects.filter(level=1).update(
        recorded_at=Subquery(Conflict.objects.filter(pk=OuterRef("conflict_id")).values("created_at")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_feeds_meeting_sequence")]

    operations = [
        migrations.AddField(
            model_name="conflictescalation",
            name="recorded_at",
            field=models.DateTimeField(auto_now_add=True, null=True, verbose_name="recorded at"),
        ),
        migrations.RunPython(recorded_when_known, migrations.RunPython.noop),
    ]
