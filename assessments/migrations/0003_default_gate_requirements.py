from django.db import migrations

# (phase to leave, kind, points, number)
DEFAULTS = [
    ("initiation", "points_addressed", "1-3", None),
    ("initiation", "min_ministries", "", 2),
    ("planning", "charter_signed", "", None),
    ("planning", "budget_contributions", "", None),
    ("planning", "indicator_target", "", 1),
    ("planning", "points_addressed", "4-14", None),
    ("application", "points_addressed", "15", None),
    ("application", "review_held", "", 1),
    ("assessment", "evaluation_done", "", 1),
]


def add_defaults(apps, schema_editor):
    GateRequirement = apps.get_model("assessments", "GateRequirement")
    if GateRequirement.objects.exists():
        return
    for order, (phase, kind, points, number) in enumerate(DEFAULTS):
        GateRequirement.objects.create(phase=phase, kind=kind, points=points, number=number, order=order)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_load_points")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
