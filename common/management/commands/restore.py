from django.core.management.base import BaseCommand, CommandError

from common.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a folder made by `backup` into the configured database and file storage, then check that "
        "every table and file is identical to the backup."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="a folder made by `manage.py backup`")
        parser.add_argument(
            "--replace", action="store_true", help="restore over a database that already holds partnerships"
        )

    def handle(self, *args, source, replace, **options):
        try:
            differences = restore(source, replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if differences:
            raise CommandError("The restore is not equal to the backup:\n" + "\n".join(differences))
        self.stdout.write(f"Restored {source}: every table and file is identical to the backup.")
