"""One world for the security walks: a partnership with one of every object its pages need.

Built once per test module inside a transaction that is rolled back when the module ends;
each test runs in a savepoint of it (pytest-django's `db`), so whatever a request writes is
undone before the next test. Building it per test would cost about a second for each of
the ~750 (URL, role) pairs.
"""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from api import services as api_services
from assessments import health_services, review_services
from assessments import services as assessment_services
from assessments.models import PointAnswer, PointEvidence
from budgets import services as budget_services
from charters import services as charter_services
from meetings import services as meeting_services
from meetings.models import Conflict, Mechanism, Meeting
from ministries import services as ministry_services
from ministries.models import Role
from notifications.models import Kind, Notification
from partnerships import services as partnership_services
from partnerships.models import Partnership
from relations import services as relation_services
from results import services as results_services
from results.uploads import check_uploads
from tests.builders import (
    COMPLETE_CHARTER,
    indicator_for,
    jpeg,
    make_budget,
    make_partnership,
    pdf,
    pledge,
    settle_points,
    signed_in,
)
from tests.factories import (
    ClusterFactory,
    FieldUnitFactory,
    ImportRunFactory,
    JointSiteFactory,
    MinistryFactory,
    ParticipationFactory,
    RegionFactory,
    StandingTeamFactory,
    person,
)


def _build(tmp_media):
    today = timezone.localdate()
    w = SimpleNamespace(today=today)
    w.ministry = MinistryFactory(name="Ministry of Community and Social Services", short_name="MCSS")
    w.other_ministry = MinistryFactory(name="Ministry of Health", short_name="MOH")
    w.outsider_ministry = MinistryFactory(name="Ministry of Tourism", short_name="MTOUR")
    w.unit = FieldUnitFactory(ministry=w.ministry, name="Thunder Bay Office")

    # The personas of tests/conftest.py, plus what the objects below need.
    w.coordinator = person(w.ministry, Role.COORDINATOR, user__username="coordinator")
    w.executive = person(w.ministry, Role.EXECUTIVE, user__username="executive")
    w.field_officer = person(w.ministry, Role.FIELD_STAFF, user__username="field")
    w.evaluator = person(w.ministry, Role.EVALUATOR, user__username="evaluator")
    w.administrator = person(
        w.ministry, Role.ADMINISTRATOR, user__username="admin", user__is_staff=True, user__is_superuser=True
    )
    w.outsider = person(w.outsider_ministry, Role.COORDINATOR, user__username="outsider")
    w.other_coordinator = person(w.other_ministry, Role.COORDINATOR, user__username="other.coordinator")
    w.other_executive = person(w.other_ministry, Role.EXECUTIVE, user__username="other.executive")
    w.external_evaluator = person(
        MinistryFactory(name="Auditor General", short_name="OAG"), Role.EVALUATOR, user__username="oag"
    )

    # The partnership every page is about: MCSS leads, MOH takes part, charter version 1 is a draft.
    p = w.partnership = make_partnership(
        [w.ministry, w.other_ministry], start_date=date(2026, 4, 1), end_date=date(2029, 3, 31)
    )
    w.charter = p.charter_versions.get()

    # An import of units into the ministry, at its preview.
    w.import_run = ImportRunFactory(ministry=w.ministry)

    # A change to the structure that its proposer took back: the proposal forms stay open.
    w.proposal = partnership_services.structure_propose(
        partnership=p,
        by=w.other_coordinator,
        after=partnership_services.structure_snapshot(p, fields={"status": "on_hold"}),
        reason="A pause while budgets are set.",
    )
    partnership_services.structure_withdraw(proposal=w.proposal, by=w.other_coordinator)

    # Points for thought: 1–3 settled so a gate request can be pending; evidence with a file on point 1.
    assessment_services.answers_for(p)
    settle_points(p, [1, 2, 3])
    w.answer = PointAnswer.objects.get(partnership=p, point__number=1)
    w.evidence = PointEvidence.objects.create(answer=w.answer, added_by=w.coordinator, label="Minutes", file=pdf())
    w.gate_request = assessment_services.gate_request(partnership=p, by=w.coordinator, note="Ready to plan.")

    # Results: an indicator owned by MCSS, a draft this quarter and one waiting for review last quarter.
    w.indicator = indicator_for(p, w.ministry)
    w.measurement = results_services.measurement_save(
        indicator=w.indicator, by=w.field_officer, ministry=w.ministry, field_unit=None, day=today, value=Decimal(5)
    )
    w.period = w.measurement.period
    w.submitted_measurement = results_services.measurement_save(
        indicator=w.indicator,
        by=w.field_officer,
        ministry=w.ministry,
        field_unit=None,
        day=w.period.start - timedelta(days=1),
        value=Decimal(3),
        submit=True,
    )

    # Field work: a milestone the field officer owns, a progress log of theirs with a photo.
    w.milestone = results_services.milestone_create(
        partnership=p,
        by=w.coordinator,
        fields={
            "title": "Shared intake open",
            "description": "",
            "due_date": today + timedelta(days=30),
            "owner": w.field_officer,
            "owner_ministry": w.ministry,
        },
    )
    w.progress_log = results_services.progress_log_create(
        partnership=p,
        author=w.field_officer,
        ministry=w.ministry,
        field_unit=None,
        date=today,
        text="Met the families of the north shore.",
        files=check_uploads([jpeg()], photos_only=True),
    )
    w.attachment = w.progress_log.attachments.get()

    # Meetings: a meeting, a decision waiting for the approving level, an action item, an open conflict.
    w.meeting = meeting_services.meeting_save(
        partnership=p,
        by=w.coordinator,
        fields={"kind": Meeting.Kind.WORKING_GROUP, "date": today, "title": "Kick-off", "minutes": "Agreed."},
        attendance={w.ministry: "Claire", w.other_ministry: "Nadia"},
    )
    w.decision = meeting_services.decision_record(
        partnership=p,
        by=w.coordinator,
        title="Pool the intake budgets",
        mechanism=Mechanism.CONSENSUS,
        consensus_reached=False,
        meeting=w.meeting,
        decided_on=today,
    )
    # A weighted vote the coordinator recorded: each party's executive confirms its own vote on the meeting page.
    w.vote_decision = meeting_services.decision_record(
        partnership=p,
        by=w.coordinator,
        title="Open the shared desk on Saturdays",
        mechanism=Mechanism.WEIGHTED_VOTE,
        meeting=w.meeting,
        decided_on=today,
        votes=[(w.ministry, "for"), (w.other_ministry, "against")],
    )
    w.action_item = meeting_services.action_item_create(
        partnership=p, title="Draft the intake form", owner_ministry=w.ministry, created_by=w.coordinator
    )
    w.conflict = meeting_services.conflict_raise(
        partnership=p,
        by=w.coordinator,
        ministry=w.ministry,
        kind=Conflict.Kind.CONFLICT,
        title="Who pays for the shared intake worker",
        description="MOH says MCSS; MCSS says both.",
    )

    # Money: a budget managed by MCSS, a pledge, a transfer not sent yet, an expenditure with its receipt.
    w.budget = make_budget(p)
    pledge(w.budget, w.ministry, 2026, "50000")
    w.contribution = w.budget.contributions.get()
    w.transfer = budget_services.transfer_propose(
        budget=w.budget,
        by=w.coordinator,
        from_ministry=w.ministry,
        to_ministry=w.other_ministry,
        fiscal_year=2026,
        amount=Decimal("1000"),
    )
    w.expenditure = budget_services.expenditure_record(
        budget=w.budget,
        by=w.coordinator,
        date=date(2026, 6, 1),
        category="services",
        amount=Decimal("250"),
        ministry=w.ministry,
        description="Consultants",
        attachment=pdf("invoice.pdf"),
        attachment_type="application/pdf",
    )

    # Health and reviews: an open health check, an expectation, a review, an evaluation, an outside evaluator.
    w.health_check = health_services.health_check_open(partnership=p, opened_by=w.coordinator)
    w.relationship_survey = relation_services.survey_open(partnership=p, opened_by=w.coordinator)
    # A cluster of the partnership's two ministries, with its own relationship survey open.
    w.cluster = ClusterFactory(name="Human Services")
    w.cluster.ministries.set([w.ministry, w.other_ministry])
    w.cluster_survey = relation_services.cluster_survey_open(cluster=w.cluster, opened_by=w.coordinator)
    w.expectation = review_services.expectation_add(
        partnership=p, ministry=w.ministry, direction="give", text="Two analysts", by=w.coordinator
    )
    w.review = review_services.review_record(
        partnership=p,
        by=w.coordinator,
        held_on=today,
        findings="Intake works in two offices.",
        rating="amber",
        recommendation="adjust",
    )
    w.evaluation = review_services.evaluation_record(
        partnership=p,
        by=w.evaluator,
        completed_on=today,
        scope="Outcomes for families.",
        findings="Referrals twice as fast.",
        rating="green",
        recommendation="renew",
    )
    w.assignment = review_services.evaluator_assign(partnership=p, evaluator=w.external_evaluator, by=w.coordinator)

    # The coordinator's inbox holds one notification about the partnership.
    w.notification = Notification.objects.create(
        recipient=w.coordinator,
        kind=Kind.REVIEW_DUE,
        title="Review due",
        url=f"/partnerships/{p.pk}/reviews/",
        partnership=p,
    )

    # A second partnership whose charter is out for signature: the signing and new-version forms,
    # and a partnership with no budget and no gate request yet (the set-up and request forms).
    w.signing = make_partnership(
        [w.ministry, w.other_ministry],
        title="Healthy schools",
        start_date=date(2026, 4, 1),
        end_date=date(2029, 3, 31),
    )
    version = w.signing.charter_versions.get()
    version = charter_services.charter_save(
        version=version,
        by=None,
        expected_revision=version.revision,
        fields=COMPLETE_CHARTER,
        assignments=[],
        milestones=[],
    )
    charter_services.charter_send_for_signature(version=version, by=None)
    charter_services.charter_sign(version=version, ministry=w.other_ministry, by=w.other_executive)
    settle_points(w.signing, [1, 2, 3])

    # A partnership run by a steering committee, where MOH proposed to go on: MCSS records its position.
    w.committee = make_partnership([w.ministry, w.other_ministry], title="Safer roads")
    Partnership.objects.filter(pk=w.committee.pk).update(operating_mechanism="steering_committee")
    settle_points(w.committee, [1, 2, 3])
    assessment_services.gate_decide(
        request=assessment_services.gate_request(partnership=w.committee, by=w.coordinator),
        by=w.other_executive,
        outcome="go",
        reason="The groundwork is done.",
    )

    # A partnership the participants cannot see: its objects' ids are what a tampered form sends.
    w.foreign = make_partnership([w.other_ministry, w.outsider_ministry], title="Tourism and health")
    w.foreign_milestone = results_services.milestone_create(
        partnership=w.foreign,
        by=None,
        fields={"title": "Not yours", "description": "", "due_date": today, "owner": None, "owner_ministry": None},
    )
    w.foreign_indicator = indicator_for(w.foreign, w.other_ministry)
    w.foreign_meeting = meeting_services.meeting_save(
        partnership=w.foreign,
        by=None,
        fields={"kind": Meeting.Kind.WORKING_GROUP, "date": today},
        attendance={},
    )
    # People: an invitation sent by the administrator, not taken up yet.
    w.invitation = ministry_services.invitation_create(
        ministry=w.ministry, email="invited@example.gov", role=Role.FIELD_STAFF, field_unit=w.unit, by=w.administrator
    )
    w.membership = w.coordinator.memberships.get()
    w.region = RegionFactory(name="Northern Ontario")
    # A joint site run by the partnership's two organisations, and a standing team of the partnership
    # (with one of the foreign partnership's, whose id the bad-input test may post).
    w.joint_site = JointSiteFactory(name="Thunder Bay hub", operators=[w.ministry, w.other_ministry])
    w.team = StandingTeamFactory(partnership=p, name="Working group on intake")
    w.team.organisations.set([w.ministry, w.other_ministry])
    w.foreign_team = StandingTeamFactory(partnership=w.foreign, name="Not yours")
    # A stakeholder with a contact in its log, and a funder with a grant: neither signs nor votes.
    w.stakeholder = ParticipationFactory(
        partnership=p, ministry=MinistryFactory(name="Families' council", short_name="FC"), kind="stakeholder"
    )
    w.stakeholder.engagement = "consult"
    w.stakeholder.save(update_fields=["engagement"])
    partnership_services.engagement_record(
        participation=w.stakeholder, by=w.coordinator, happened_on=today, kind="consultation", summary="Intake form"
    )
    w.funder = ParticipationFactory(
        partnership=p, ministry=MinistryFactory(name="Trillium Foundation", short_name="OTF"), kind="funder"
    )
    w.grant = budget_services.grant_save(
        funder=w.funder,
        by=w.coordinator,
        fields={"title": "Intake pilot grant", "amount": Decimal("20000"), "currency": "CAD"},
        reporting_dates=[date(2027, 3, 31)],
    )
    # The coordinator's personal API token, which the token page lists and may revoke.
    w.api_token, _secret = api_services.api_token_create(user=w.coordinator, name="District tool", scope="write")
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    # Fast hashing for the people made here (the autouse fixture in tests/conftest.py is per test).
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield _build(media)
        transaction.set_rollback(True)


@pytest.fixture
def as_role(world, db, client):
    """`as_role("coordinator")` returns the test client signed in as that persona (or anonymous)."""

    def sign_in(role):
        if role != "anonymous":
            signed_in(client, getattr(world, role))
        return client

    return sign_in
