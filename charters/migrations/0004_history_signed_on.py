from zoneinfo import ZoneInfo

import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import TruncDate


def signed_on_from_signed_at(apps, schema_editor):
    # Signatures made before this field were given the day they were recorded, in the
    # installation's time zone: the only date they have.
    CharterSignature = apps.get_model("charters", "CharterSignature")
    CharterSignature.objects.update(signed_on=TruncDate("signed_at", tzinfo=ZoneInfo(settings.TIME_ZONE)))


class Migration(migrations.Migration):
    dependencies = [("charters", "0003_structure_signer_name")]

    operations = [
        migrations.AddField(
            model_name="chartersignature",
            name="signed_on",
            field=models.DateField(null=True, verbose_name="signed on"),
        ),
        migrations.RunPython(signed_on_from_signed_at, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="chartersignature",
            name="signed_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="signed on"),
        ),
        migrations.AlterModelOptions(
            name="chartersignature",
            options={"ordering": ["signed_on", "signed_at"]},
        ),
    ]
