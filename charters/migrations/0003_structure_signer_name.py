from django.db import migrations, models


def fill_signers(apps, schema_editor):
    """Signatures made before names were kept: the signer's name and job title as they are now,
    the best record there is of who signed."""
    CharterSignature = apps.get_model("charters", "CharterSignature")
    for signature in CharterSignature.objects.select_related("signed_by").iterator():
        user = signature.signed_by
        signature.signer_name = f"{user.first_name} {user.last_name}".strip() or user.username
        signature.signer_role = user.job_title
        signature.save(update_fields=["signer_name", "signer_role"])


class Migration(migrations.Migration):
    dependencies = [
        ("charters", "0002_milestone_keys"),
    ]

    operations = [
        migrations.AddField(
            model_name="chartersignature",
            name="signer_name",
            field=models.CharField(default="", max_length=300, verbose_name="signed by"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="chartersignature",
            name="signer_role",
            field=models.CharField(blank=True, max_length=200, verbose_name="as"),
        ),
        migrations.RunPython(fill_signers, migrations.RunPython.noop),
    ]
