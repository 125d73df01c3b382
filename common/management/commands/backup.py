from django.core.management.base import BaseCommand, CommandError

from common.backups import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder (see common/backups.py)."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="a new or empty folder")

    def handle(self, *args, destination, **options):
        try:
            manifest = backup(destination)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['files'])} files "
            f"into {destination}."
        )
