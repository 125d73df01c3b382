# The government as text, now that every row is linked to its Jurisdiction (0007).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ministries", "0007_govt_jurisdictions"),
    ]

    operations = [
        migrations.RemoveField(model_name="ministry", name="jurisdiction_text"),
        migrations.RemoveField(model_name="region", name="jurisdiction_text"),
    ]
