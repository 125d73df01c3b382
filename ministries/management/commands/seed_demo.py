from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from ministries import demo_data
from ministries.models import Cluster, FieldUnit, Jurisdiction, Membership, Ministry, Region


class Command(BaseCommand):
    help = "Load realistic demo ministries, clusters, field units and one person per role. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")
        parser.add_argument("--logins-only", action="store_true", help="Only print the demo logins.")

    def handle(self, *args, quiet_logins=False, logins_only=False, **options):
        if not logins_only:
            self.seed()
        if logins_only or not quiet_logins:
            self.print_logins()

    @transaction.atomic
    def seed(self):
        created = self.seed_reference_data() + self.seed_people()
        for hook in self.later_hooks():
            created += hook(stdout=self.stdout)
        self.stdout.write(f"Demo data ready ({created} new records).")

    def seed_reference_data(self):
        created = 0
        governments = {}
        for name, name_fr, name_he in demo_data.GOVERNMENTS:
            governments[name], new = Jurisdiction.objects.get_or_create(
                name=name, defaults={"name_fr": name_fr, "name_he": name_he}
            )
            created += new
        clusters = {}
        for slug, name, vision in demo_data.CLUSTERS:
            name_fr, name_he = demo_data.CLUSTER_NAMES[slug]
            clusters[slug], new = Cluster.objects.get_or_create(
                slug=slug, defaults={"name": name, "name_fr": name_fr, "name_he": name_he, "shared_vision": vision}
            )
            created += new
        for short, name, kind, government, cluster_slugs in demo_data.MINISTRIES:
            ministry, new = Ministry.objects.get_or_create(
                short_name=short, defaults={"name": name, "kind": kind, "jurisdiction": governments[government]}
            )
            if new:
                ministry.clusters.set([clusters[s] for s in cluster_slugs])
                created += 1
        for short, name, kind, parent_name in demo_data.FIELD_UNITS:
            ministry = Ministry.objects.get(short_name=short)
            parent = FieldUnit.objects.get(ministry=ministry, name=parent_name) if parent_name else None
            _, new = FieldUnit.objects.get_or_create(
                ministry=ministry, name=name, defaults={"kind": kind, "parent": parent}
            )
            created += new
        for name, government in demo_data.REGIONS:
            _, new = Region.objects.get_or_create(name=name, defaults={"jurisdiction": governments[government]})
            created += new
        return created

    def seed_people(self):
        User = get_user_model()
        created = 0
        for username, first, last, title, places, superuser in demo_data.PEOPLE:
            user, new = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "job_title": title,
                    "email": f"{username}@interlock.example",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if new:
                user.set_password(demo_data.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                created += 1
            for short, role, unit_name, may_sign in places:
                ministry = Ministry.objects.get(short_name=short)
                unit = FieldUnit.objects.get(ministry=ministry, name=unit_name) if unit_name else None
                _, new = Membership.objects.get_or_create(
                    user=user, ministry=ministry, role=role, defaults={"field_unit": unit, "can_sign": may_sign}
                )
                created += new
        return created

    def later_hooks(self):
        """Apps that add demo data of their own expose `seed_demo(stdout)` in a `demo` module."""
        from importlib import import_module
        from importlib.util import find_spec

        from django.apps import apps

        names = [f"{config.name}.demo" for config in apps.get_app_configs() if config.name != "ministries"]
        return [import_module(name).seed_demo for name in names if find_spec(name)]

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write("Demo logins (password for all: %s):" % demo_data.DEMO_PASSWORD)
        for username, what in demo_data.PRINTED_LOGINS:
            self.stdout.write(f"  {username:<14} {what}")
        self.stdout.write("  Colleagues in other ministries (same password): health.coordinator, health.executive,")
        self.stdout.write("  edu.coordinator, edu.executive, mnr.coordinator, mnr.executive, negev.coordinator, ...")
        key = b32encode(bytes.fromhex(demo_data.DEMO_TOTP_KEY)).decode()
        self.stdout.write("  Executives and administrators sign in in two steps: add this key to an authenticator")
        self.stdout.write(f"  app (time-based, 6 digits) and type the code it shows after the password: {key}")
