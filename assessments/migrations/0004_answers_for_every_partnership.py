"""Every partnership has its 15 answers from its creation on (assessments.services.point_answers_start),
so that reading the points never writes; partnerships made before get theirs here."""

from django.db import migrations


def create_answers(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    Point = apps.get_model("assessments", "Point")
    PointAnswer = apps.get_model("assessments", "PointAnswer")
    points = list(Point.objects.all())
    for partnership_id in Partnership.objects.values_list("pk", flat=True).iterator():
        PointAnswer.objects.bulk_create(
            [PointAnswer(partnership_id=partnership_id, point=point) for point in points], ignore_conflicts=True
        )


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_votes_committee_positions"),
        ("partnerships", "0004_orgs_units_teams"),
    ]

    operations = [migrations.RunPython(create_answers, migrations.RunPython.noop)]
