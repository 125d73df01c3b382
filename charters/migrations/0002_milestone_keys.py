import uuid

from django.db import migrations, models


def give_keys(apps, schema_editor):
    """One key per milestone; a milestone with the same title in the next version carries its key on."""
    CharterMilestone = apps.get_model("charters", "CharterMilestone")
    keys = {}  # (partnership id, title) -> key of the latest version that had it
    used = set()  # (version id, key): two milestones of one version never share a key
    for milestone in CharterMilestone.objects.select_related("version").order_by(
        "version__partnership_id", "version__number", "pk"
    ):
        found = (milestone.version.partnership_id, milestone.title.strip().lower())
        key = keys.get(found)
        if key is None or (milestone.version_id, key) in used:
            key = uuid.uuid4()
        milestone.key = keys[found] = key
        used.add((milestone.version_id, key))
        milestone.save(update_fields=["key"])


class Migration(migrations.Migration):
    # Added in three steps: a callable default on AddField gives every existing row the same key.

    dependencies = [
        ("charters", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="chartermilestone",
            name="key",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="chartermilestone",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
    ]
