"""Reference data: the 15 points for thought (English, French, Hebrew) and the default gate requirements."""

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


def load_translations(apps, schema_editor):
    """Fill the French and Hebrew text of the 15 points; text an administrator already wrote is kept."""
    from assessments.points_data import TRANSLATIONS

    Point = apps.get_model("assessments", "Point")
    for point in Point.objects.all():
        changed = []
        for language, points in TRANSLATIONS.items():
            if point.number not in points:
                continue
            title, guidance, questions = points[point.number]
            for field, value in (("title", title), ("guidance", guidance), ("questions", "\n".join(questions))):
                name = f"{field}_{language}"
                if not getattr(point, name):
                    setattr(point, name, value)
                    changed.append(name)
        if changed:
            point.save(update_fields=changed)


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
    dependencies = [("assessments", "0001_initial")]

    operations = [
        migrations.RunPython(load_points, migrations.RunPython.noop),
        migrations.RunPython(load_translations, migrations.RunPython.noop),
        migrations.RunPython(add_defaults, migrations.RunPython.noop),
    ]
