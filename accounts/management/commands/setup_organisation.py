"""First start without demo data: the organisation's ministries and clusters, and its first administrator.

    manage.py setup_organisation --ministries-csv ministries.csv \\
        --admin-username a.morgan --email a.morgan@example.org --admin-ministry MBS [--password-file FILE]

The CSV has a header row and these columns (extra columns are ignored):

    short_name    required, unique: the initials people use (MOH)
    name          required, unique: the full name (Ministry of Health)
    kind          optional: ministry (the default), central_agency, agency, crown_corporation,
                  other_government or outside_partner
    jurisdiction  optional: the government (Ontario), matched by its name in any language, added if new
    clusters      optional: the clusters the ministry belongs to, separated by semicolons;
                  a cluster that does not exist yet is created

The administrator is a person with the administrator role in --admin-ministry (one of the CSV's
short names or an existing ministry), with access to the admin site (is_staff, not a superuser)
through the "Administrators" group, which may manage people, ministries and their reference data.

Safe to run again: ministries are matched by short name and updated to what the file says,
clusters and memberships are added once, and an existing administrator keeps their password.
"""

import csv
import getpass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from ministries.models import Cluster, Jurisdiction, Membership, Ministry, Role

REQUIRED_COLUMNS = ("short_name", "name")
ADMINISTRATORS_GROUP = "Administrators"
# The admin site's share of the administrator's work: people and the ministries' reference data.
ADMINISTERED_APPS = ("accounts", "ministries")


class Command(BaseCommand):
    help = "Create the organisation's ministries and clusters from a CSV file, and its first administrator."

    def add_arguments(self, parser):
        parser.add_argument("--ministries-csv", required=True, type=Path, help="The ministries (columns: see above).")
        parser.add_argument("--admin-username", required=True)
        parser.add_argument("--email", required=True, help="The administrator's e-mail address.")
        parser.add_argument(
            "--admin-ministry", required=True, help="Short name of the administrator's ministry (from the CSV)."
        )
        parser.add_argument(
            "--password-file",
            type=Path,
            help="A file whose first line is the administrator's password (asked for when not given).",
        )

    def handle(self, *args, **options):
        rows = read_ministries(options["ministries_csv"])
        User = get_user_model()
        existing = User.objects.filter(username=options["admin_username"]).first()
        password = None if existing else self.new_password(options["password_file"], options)
        with transaction.atomic():
            created, updated = save_ministries(rows)
            try:
                ministry = Ministry.objects.get(short_name=options["admin_ministry"])
            except Ministry.DoesNotExist:
                raise CommandError(
                    f"--admin-ministry {options['admin_ministry']}: no ministry has that short name."
                ) from None
            user, new_user = save_administrator(existing, password, ministry, options)
        self.stdout.write(
            f"Ministries: {created} created, {updated} updated, {len(rows) - created - updated} unchanged."
        )
        if new_user:
            self.stdout.write(f"Administrator {user.username} created in {ministry.short_name}.")
            self.stdout.write("At first sign-in they set up two-step sign-in with an authenticator app.")
        else:
            self.stdout.write(f"Administrator {user.username} already exists; their password is unchanged.")

    def new_password(self, password_file, options):
        if password_file:
            try:
                text = password_file.read_text()
            except OSError as error:
                raise CommandError(f"--password-file: {error.strerror}: {password_file}") from None
            password = text.splitlines()[0] if text else ""
        else:
            password = getpass.getpass("Password for the administrator: ")
            if password != getpass.getpass("The same password again: "):
                raise CommandError("The two passwords differ. Nothing was changed.")
        user = get_user_model()(username=options["admin_username"], email=options["email"])
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password is refused: " + " ".join(error.messages)) from None
        return password


def read_ministries(path):
    """The CSV's rows as dicts, checked: required columns and values, known kinds, no short name twice."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in REQUIRED_COLUMNS if column not in (reader.fieldnames or [])]
            if missing:
                raise CommandError(f"{path}: the header row lacks the column(s) {', '.join(missing)}.")
            rows = [{key: (value or "").strip() for key, value in row.items() if key} for row in reader]
    except OSError as error:
        raise CommandError(f"--ministries-csv: {error.strerror}: {path}") from None
    kinds = set(Ministry.Kind.values)
    seen = set()
    for line, row in enumerate(rows, start=2):
        for column in REQUIRED_COLUMNS:
            if not row[column]:
                raise CommandError(f"{path}, line {line}: {column} is empty.")
        row["kind"] = row.get("kind") or Ministry.Kind.MINISTRY
        if row["kind"] not in kinds:
            raise CommandError(f"{path}, line {line}: kind {row['kind']!r} is not one of {', '.join(sorted(kinds))}.")
        if row["short_name"] in seen:
            raise CommandError(f"{path}, line {line}: short name {row['short_name']} is listed twice.")
        seen.add(row["short_name"])
    if not rows:
        raise CommandError(f"{path}: no ministries in the file.")
    return rows


def government(text):
    """The government named `text` in any language, added when it is new (as clusters are); None for no text."""
    text = " ".join(text.split())
    if not text:
        return None
    return Jurisdiction.objects.named(text) or Jurisdiction.objects.create(name=text)


def save_ministries(rows):
    """Create or update each ministry by short name, and add it to its clusters; returns (created, updated)."""
    created = updated = 0
    for row in rows:
        fields = {"name": row["name"], "kind": row["kind"], "jurisdiction": government(row.get("jurisdiction", ""))}
        ministry = Ministry.objects.filter(short_name=row["short_name"]).first()
        if ministry is None:
            ministry = Ministry.objects.create(short_name=row["short_name"], **fields)
            created += 1
        elif any(getattr(ministry, name) != value for name, value in fields.items()):
            Ministry.objects.filter(pk=ministry.pk).update(**fields)
            updated += 1
        names = [name.strip() for name in row.get("clusters", "").split(";") if name.strip()]
        clusters = [
            Cluster.objects.get_or_create(name=name, defaults={"slug": slugify(name)[:80]})[0] for name in names
        ]
        ministry.clusters.add(*clusters)
    return created, updated


def save_administrator(user, password, ministry, options):
    """The administrator (created with `password` when `user` is None), staff, in the Administrators group."""
    new = user is None
    if new:
        user = get_user_model().objects.create_user(
            username=options["admin_username"], email=options["email"], password=password, is_staff=True
        )
    elif not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    Membership.objects.get_or_create(user=user, ministry=ministry, role=Role.ADMINISTRATOR)
    group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=ADMINISTERED_APPS))
    user.groups.add(group)
    return user, new
