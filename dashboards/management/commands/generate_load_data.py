"""A large, realistic portfolio for measuring Interlock at scale (see bench/)."""

import random
import time
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assessments import load_data as assessments_load_data
from assessments.models import GateRequest, Point, PointAnswer
from budgets import load_data as budgets_load_data
from charters.models import CharterSignature, CharterVersion
from ministries.models import Cluster, FieldUnit, Jurisdiction, Membership, Ministry, Region, Role
from partnerships.models import Participation, Partnership, Phase
from results import load_data as partnerships_load_data

PHASES = list(Phase)
FOLLOWING_ROLES = [Participation.Role.DOMINANT, Participation.Role.SUPPORTING, Participation.Role.SYMMETRIC]
# How far a point can be along, for points of the phase a partnership is in or later.
ANSWERING = [PointAnswer.Status.NOT_STARTED, PointAnswer.Status.IN_PROGRESS, PointAnswer.Status.ADDRESSED]
PHASE_WEIGHTS = [15, 30, 40, 15]
SUBJECTS = [
    "early childhood services",
    "employment pathways",
    "river management",
    "rural broadband",
    "youth justice diversion",
    "newcomer settlement",
    "seniors' housing",
    "wildfire response",
    "school nutrition",
    "mental health in schools",
    "agricultural training",
    "public transit access",
    "inspection coordination",
    "Indigenous health",
    "skills for veterans",
]
AREAS = ["Northern", "Eastern", "Central", "Western", "Negev", "Galilee", "Province-wide", "Coastal"]
BATCH = 5_000


class Command(BaseCommand):
    help = "Create a large realistic dataset: ministries, people, partnerships and all that hangs on them."

    def add_arguments(self, parser):
        parser.add_argument("--ministries", type=int, default=100)
        parser.add_argument("--partnerships", type=int, default=10_000)
        parser.add_argument("--logs", type=int, default=1_000_000, help="Progress logs and measurements together.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, ministries, partnerships, logs, seed, **options):
        self.random = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        started = time.monotonic()
        with transaction.atomic():
            ministry_list = self.make_ministries(ministries)
            people = self.make_people(ministry_list)
            created = self.make_partnerships(partnerships, ministry_list, people)
            ministries_of = self.make_charters_and_points(created, people)
            extra = self.make_work_records(created, ministries_of, people, logs)
        self.stdout.write(
            f"Created {len(ministry_list)} ministries, {len(created)} partnerships and {extra} records hanging on "
            f"them in {time.monotonic() - started:.0f} s."
        )

    def make_ministries(self, count):
        clusters = list(Cluster.objects.all()) or [
            Cluster.objects.create(name=f"Cluster {i}", slug=f"cluster-{i}") for i in range(1, 8)
        ]
        start = Ministry.objects.count()
        # The kinds a large government portfolio holds, most of them ministries (named, so that a new kind
        # does not change the generated data).
        kind = Ministry.Kind
        kinds = [kind.MINISTRY, kind.CENTRAL_AGENCY, kind.AGENCY, kind.CROWN_CORPORATION, kind.OTHER_GOVERNMENT]
        kinds.append(kind.OUTSIDE_PARTNER)
        governments = [Jurisdiction.objects.get_or_create(name=name)[0] for name in ("Ontario", "Israel")]
        new = [
            Ministry(
                name=f"Ministry of {self.random.choice(SUBJECTS).title()} {start + i}",
                short_name=f"LD{start + i}",
                kind=self.random.choices(kinds, weights=[70, 8, 8, 5, 5, 4])[0],
                jurisdiction=self.random.choice(governments),
            )
            for i in range(count)
        ]
        Ministry.objects.bulk_create(new, batch_size=BATCH)
        ministries = list(Ministry.objects.filter(short_name__startswith="LD").order_by("pk"))[-count:]
        through = Ministry.clusters.through
        through.objects.bulk_create(
            [
                through(ministry_id=m.pk, cluster_id=c.pk)
                for m in ministries
                for c in self.random.sample(clusters, k=self.random.choice([1, 1, 1, 2]))
            ],
            ignore_conflicts=True,
        )
        FieldUnit.objects.bulk_create(
            [
                FieldUnit(ministry=m, name=f"{area} Region", kind="region")
                for m in ministries
                for area in self.random.sample(AREAS, k=4)
            ],
            batch_size=BATCH,
        )
        for area in AREAS:
            Region.objects.get_or_create(name=f"{area} (load)")
        return ministries

    def make_people(self, ministries):
        User = get_user_model()
        password = make_password("load-test-password")  # one hash for everyone: hashing is slow on purpose
        users, roles = [], []
        for m in ministries:
            for role in (Role.COORDINATOR, Role.EXECUTIVE, Role.FIELD_STAFF):
                users.append(User(username=f"{role}.{m.short_name.lower()}", password=password, first_name=role.label))
                roles.append((m, role))
        User.objects.bulk_create(users, batch_size=BATCH, ignore_conflicts=True)
        by_name = {u.username: u for u in User.objects.filter(username__in=[u.username for u in users])}
        units = {}
        for unit in FieldUnit.objects.filter(ministry__in=ministries).order_by("pk"):
            units.setdefault(unit.ministry_id, unit)
        Membership.objects.bulk_create(
            [
                Membership(
                    user=by_name[f"{role}.{m.short_name.lower()}"],
                    ministry=m,
                    role=role,
                    field_unit=units.get(m.pk) if role == Role.FIELD_STAFF else None,
                )
                for m, role in roles
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        return {(m.pk, role): by_name[f"{role}.{m.short_name.lower()}"] for m, role in roles}

    def make_partnerships(self, count, ministries, people):
        today = timezone.localdate()
        regions = list(Region.objects.all())
        partnerships = []
        for i in range(count):
            start = today - timedelta(days=self.random.randint(0, 1500))
            partnerships.append(
                Partnership(
                    title=f"{self.random.choice(AREAS)} {self.random.choice(SUBJECTS)} #{i}",
                    problem="Services are split across ministries and people fall between them.",
                    public_value="One coordinated service for the people it concerns.",
                    phase=self.random.choices(PHASES, weights=PHASE_WEIGHTS)[0],
                    status=self.random.choices(list(Partnership.Status), weights=[85, 5, 10])[0],
                    structure_type=self.random.choice(["creative", "reactive", "limited", "without_decisions"]),
                    operating_mechanism=self.random.choice(["steering_committee", "central_management", ""]),
                    start_date=start,
                    end_date=start + timedelta(days=self.random.choice([730, 1095, 1460])),
                    next_review_due=today + timedelta(days=self.random.randint(-60, 120)),
                    next_health_check_due=today + timedelta(days=self.random.randint(-30, 90)),
                )
            )
        Partnership.objects.bulk_create(partnerships, batch_size=BATCH)
        created = list(Partnership.objects.order_by("-pk")[:count])
        participations, region_links = [], []
        through = Partnership.regions.through
        for p in created:
            chosen = self.random.sample(ministries, k=self.random.choice([2, 2, 3, 3, 4, 5]))
            shares = self._shares(len(chosen))
            for index, (ministry, share) in enumerate(zip(chosen, shares, strict=True)):
                participations.append(
                    Participation(
                        partnership=p,
                        ministry=ministry,
                        role=Participation.Role.LEAD if index == 0 else self.random.choice(FOLLOWING_ROLES),
                        holds_interests=True,
                        holds_knowledge=self.random.random() < 0.7,
                        holds_authority=index == 0 or self.random.random() < 0.3,
                        gain_share=share,
                        risk_share=share,
                        focal_person=people[(ministry.pk, Role.COORDINATOR)],
                    )
                )
            region_links.append(through(partnership_id=p.pk, region_id=self.random.choice(regions).pk))
        Participation.objects.bulk_create(participations, batch_size=BATCH)
        through.objects.bulk_create(region_links, batch_size=BATCH)
        return created

    def _shares(self, n):
        base = (Decimal(100) / n).quantize(Decimal("0.01"))
        shares = [base] * n
        shares[0] += Decimal(100) - sum(shares)
        return shares

    def make_charters_and_points(self, partnerships, people):
        lead_of = dict(
            Participation.objects.filter(partnership__in=partnerships, role=Participation.Role.LEAD).values_list(
                "partnership_id", "ministry_id"
            )
        )
        ministries_of = {}
        for partnership_id, ministry_id in Participation.objects.filter(partnership__in=partnerships).values_list(
            "partnership_id", "ministry_id"
        ):
            ministries_of.setdefault(partnership_id, []).append(ministry_id)
        now = timezone.now()
        versions = []
        for p in partnerships:
            status = CharterVersion.Status.DRAFT if p.phase == Phase.INITIATION else CharterVersion.Status.SIGNED
            if p.phase == Phase.PLANNING and self.random.random() < 0.3:
                status = CharterVersion.Status.SIGNING
            versions.append(
                CharterVersion(
                    partnership=p,
                    number=1,
                    status=status,
                    shared_vision=p.public_value,
                    goals="Agreed goals.",
                    decision_protocol="Consensus.",
                    conflict_protocol="Weighted vote.",
                    sent_for_signature_at=None
                    if status == CharterVersion.Status.DRAFT
                    else now - timedelta(days=self.random.randint(1, 60)),
                    signed_at=now if status == CharterVersion.Status.SIGNED else None,
                )
            )
        CharterVersion.objects.bulk_create(versions, batch_size=BATCH)
        signatures = []
        sent = CharterVersion.objects.filter(partnership__in=partnerships).exclude(status=CharterVersion.Status.DRAFT)
        for version in sent:
            signers = ministries_of[version.partnership_id]
            if version.status == CharterVersion.Status.SIGNING:
                signers = signers[: self.random.randint(0, len(signers) - 1)]
            signatures += [
                CharterSignature(
                    version=version,
                    ministry_id=m,
                    signed_by=people[(m, Role.EXECUTIVE)],
                    signer_name=str(people[(m, Role.EXECUTIVE)]),
                    signer_role=str(Role.EXECUTIVE.label),
                )
                for m in signers
            ]
        CharterSignature.objects.bulk_create(signatures, batch_size=BATCH)
        points = list(Point.objects.all())
        order = {phase: i for i, phase in enumerate(PHASES)}
        answers = []
        for p in partnerships:
            for point in points:
                behind = order[point.phase] < order[p.phase]
                status = (
                    PointAnswer.Status.ADDRESSED
                    if behind and self.random.random() < 0.85
                    else self.random.choice(ANSWERING)
                )
                answers.append(PointAnswer(partnership=p, point=point, status=status, answer="<p>Our answer.</p>"))
        PointAnswer.objects.bulk_create(answers, batch_size=BATCH)
        GateRequest.objects.bulk_create(
            [
                GateRequest(
                    partnership=p,
                    cycle=1,
                    from_phase=p.phase,
                    requested_by=people[(lead_of[p.pk], Role.COORDINATOR)],
                    requirements_snapshot=[],
                )
                for p in partnerships
                if p.status == Partnership.Status.ACTIVE and self.random.random() < 0.05
            ],
            batch_size=BATCH,
        )
        return ministries_of

    def make_work_records(self, partnerships, ministries_of, people, logs):
        """Budgets, milestones, health checks, then progress logs and measurements (`logs` of them together)."""
        rng = self.random
        made = budgets_load_data.generate(partnerships=partnerships, ministries_of=ministries_of, rng=rng)
        made += partnerships_load_data.milestones(partnerships=partnerships, ministries_of=ministries_of, rng=rng)
        made += assessments_load_data.generate(partnerships=partnerships, rng=rng)
        made += partnerships_load_data.generate(partnerships=partnerships, people=people, count=logs, rng=rng)
        return made
