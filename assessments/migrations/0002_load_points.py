from django.db import migrations


def load_points(apps, schema_editor):
    from assessments.points_data import POINTS

    Point = apps.get_model("assessments", "Point")
    for number, title, phase, guidance, questions, reopen in POINTS:
        Point.objects.update_or_create(
            number=number,
            defaults={
                "title": title,
                "phase": phase,
                "guidance": guidance,
                "questions": "\n".join(questions),
                "reopen_on_renewal": reopen,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load_points, migrations.RunPython.noop)]
