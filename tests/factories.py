"""One factory_boy factory per model the tests build, the only place that says what a plain valid row looks like.

A factory writes the row and nothing else: no charter draft for a new partnership, no reporting periods for a new
indicator, no reminders. Tests that need the whole workflow go through the services, with tests/builders.py.
Every factory is built once, and checked with full_clean(), in tests/test_factories.py.
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from assessments.models import Evaluation, GateDecision, GateRequest, HealthCheck, Recommendation, Review
from assessments.models.reviews import Rating
from budgets.models import Budget, Contribution, Expenditure, Grant, GrantReport
from charters.models import CharterVersion
from imports.models import ImportRun
from lessons.models import Lesson
from meetings.models import ActionItem, Conflict, ConflictArrangement, Decision, Mechanism, Meeting, Vote
from ministries.models import Cluster, FieldUnit, JointSite, Jurisdiction, Membership, Ministry, Region, Role
from notifications.models import Kind, Notification
from partnerships.models import Participation, Partnership, Phase, StandingTeam
from relations.models import RelationshipRating, RelationshipSurvey
from results.models import Indicator, Measurement, Milestone, ProgressLog, ReportingPeriod

PASSWORD = "a-long-pass-phrase"


# ministries and accounts


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov")
    password = factory.django.Password(PASSWORD)


class JurisdictionFactory(factory.django.DjangoModelFactory):
    """A government, one per name: MinistryFactory(jurisdiction=JurisdictionFactory(name="Israel")) reuses it."""

    class Meta:
        model = Jurisdiction
        django_get_or_create = ("name",)

    name = "Ontario"


class ClusterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    shared_vision = "Healthy, self-reliant communities."


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry

    name = factory.Sequence(lambda n: f"Ministry of Things {n}")
    short_name = factory.Sequence(lambda n: f"MT{n}")
    jurisdiction = factory.SubFactory(JurisdictionFactory)


class FieldUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldUnit

    ministry = factory.SubFactory(MinistryFactory)
    name = factory.Sequence(lambda n: f"District {n}")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n}")
    jurisdiction = factory.SubFactory(JurisdictionFactory)


class JointSiteFactory(factory.django.DjangoModelFactory):
    """A joint site; pass `operators=[...]` to name the organisations that run it."""

    class Meta:
        model = JointSite
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Community hub {n}")

    @factory.post_generation
    def operators(self, create, extracted, **kwargs):
        if create and extracted:
            self.operators.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    ministry = factory.SubFactory(MinistryFactory)
    role = Role.COORDINATOR


def person(ministry, role, **kwargs):
    """A user holding `role` in `ministry`."""
    return MembershipFactory(ministry=ministry, role=role, **kwargs).user


# partnerships


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A bare partnership row: no participations and no charter (builders.make_partnership makes both)."""

    class Meta:
        model = Partnership

    title = factory.Sequence(lambda n: f"Integrated services {n}")
    problem = "Families fall between programs."
    public_value = "One door for families."


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    partnership = factory.SubFactory(PartnershipFactory)
    ministry = factory.SubFactory(MinistryFactory)
    role = Participation.Role.SUPPORTING


class StandingTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandingTeam

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Working group {n}")
    remit = "Align the services of the partners."


# charters


class CharterVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CharterVersion

    partnership = factory.SubFactory(PartnershipFactory)
    number = 1
    status = CharterVersion.Status.DRAFT
    shared_vision = "One door for families."
    created_by = factory.SubFactory(UserFactory)
    updated_by = factory.SelfAttribute("created_by")


# results


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Families served {n}")
    definition = "Families with a shared case plan."
    unit = Indicator.Unit.NUMBER
    baseline = Decimal("0")
    target = Decimal("100")
    owner_ministry = factory.SubFactory(MinistryFactory)


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    indicator = factory.SubFactory(IndicatorFactory)
    start = date(2026, 1, 1)
    end = date(2026, 3, 31)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    period = factory.SubFactory(ReportingPeriodFactory, indicator=factory.SelfAttribute("..indicator"))
    ministry = factory.SelfAttribute("indicator.owner_ministry")
    value = Decimal("10")
    reported_by = factory.SubFactory(UserFactory)
    status = Measurement.Status.DRAFT


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


class ProgressLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressLog

    partnership = factory.SubFactory(PartnershipFactory)
    ministry = factory.SubFactory(MinistryFactory)
    author = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(timezone.localdate)
    text = "Met the families at the new office."


# meetings


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    partnership = factory.SubFactory(PartnershipFactory)
    kind = Meeting.Kind.STEERING_COMMITTEE
    date = factory.LazyFunction(timezone.localdate)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Decision {n}")
    mechanism = Mechanism.CONSENSUS
    outcome = Decision.Outcome.ADOPTED


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    decision = factory.SubFactory(DecisionFactory, mechanism=Mechanism.WEIGHTED_VOTE)
    ministry = factory.SubFactory(MinistryFactory)
    choice = Vote.Choice.FOR
    weight = Decimal("50")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Action {n}")


class ConflictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conflict

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Conflict {n}")
    description = "The partners disagree on who pays for the intake office."
    raised_by_ministry = factory.SubFactory(MinistryFactory)


class ConflictArrangementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictArrangement

    partnership = factory.SubFactory(PartnershipFactory)
    mechanism = Mechanism.WEIGHTED_VOTE
    updated_by = factory.SubFactory(UserFactory)


# assessments


class GateRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateRequest

    partnership = factory.SubFactory(PartnershipFactory)
    cycle = 1
    from_phase = Phase.INITIATION
    requested_by = factory.SubFactory(UserFactory)
    # What gate_request() stores: each requirement's result as it stood when the gate was asked for.
    requirements_snapshot = factory.LazyFunction(
        lambda: [{"label": "Points 1-3 addressed", "state": "met", "detail": "", "fix_url": ""}]
    )


class GateDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateDecision

    request = factory.SubFactory(GateRequestFactory)
    outcome = GateDecision.Outcome.GO
    reason = "Every requirement is met."
    decided_by = factory.SubFactory(UserFactory)
    # What gate_decide() stores: the requirements as they stood when the gate was decided.
    requirements_snapshot = factory.LazyFunction(
        lambda: [{"label": "Points 1-3 addressed", "state": "met", "detail": "", "fix_url": ""}]
    )


class HealthCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HealthCheck

    partnership = factory.SubFactory(PartnershipFactory)
    due_date = factory.LazyFunction(timezone.localdate)
    opens_on = factory.LazyAttribute(lambda check: check.due_date - timedelta(days=7))
    closes_on = factory.LazyAttribute(lambda check: check.due_date + timedelta(days=7))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    partnership = factory.SubFactory(PartnershipFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    findings = "The intake works; the data sharing is slow."
    rating = Rating.GREEN
    recommendation = Recommendation.CONTINUE
    recorded_by = factory.SubFactory(UserFactory)


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    partnership = factory.SubFactory(PartnershipFactory)
    completed_on = factory.LazyFunction(timezone.localdate)
    scope = "Outcomes for families in the first two years."
    findings = "Fewer families fell between programs."
    rating = Rating.GREEN
    recommendation = Recommendation.RENEW
    recorded_by = factory.SubFactory(UserFactory)


# budgets


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    partnership = factory.SubFactory(PartnershipFactory)
    currency = "CAD"
    fiscal_year_start_month = 4
    first_year = 2026
    last_year = 2028


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    budget = factory.SubFactory(BudgetFactory)
    ministry = factory.SubFactory(MinistryFactory)
    fiscal_year = 2026
    pledged = Decimal("100000")
    committed = Decimal("50000")


class ExpenditureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expenditure

    budget = factory.SubFactory(BudgetFactory)
    date = date(2026, 6, 1)
    fiscal_year = 2026
    category = Expenditure.Category.SERVICES
    amount = Decimal("1200")
    description = "Consultants"


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    funder = factory.SubFactory(ParticipationFactory, kind=Participation.Kind.FUNDER)
    title = factory.Sequence(lambda n: f"Grant {n}")
    amount = Decimal("25000")
    currency = "CAD"


class GrantReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GrantReport

    grant = factory.SubFactory(GrantFactory)
    due_on = date(2026, 9, 30)


# notifications


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.REVIEW_DUE
    title = "A review is due"


# lessons


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    partnership = factory.SubFactory(PartnershipFactory)
    source = Lesson.Source.CLOSING
    worked = "Weekly calls between the field offices."
    recorded_by = factory.SubFactory(UserFactory)


# relations


class RelationshipSurveyFactory(factory.django.DjangoModelFactory):
    """A round of the relationship survey that closed yesterday: its figures are final."""

    class Meta:
        model = RelationshipSurvey

    partnership = factory.SubFactory(PartnershipFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    opens_on = factory.LazyAttribute(lambda survey: survey.due_date)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))


class RelationshipRatingFactory(factory.django.DjangoModelFactory):
    """One person's rating of another party, 3 on every question unless told."""

    class Meta:
        model = RelationshipRating

    survey = factory.SubFactory(RelationshipSurveyFactory)
    rater = factory.SubFactory(MinistryFactory)
    rated = factory.SubFactory(MinistryFactory)
    trust_mission = 3
    trust_openness = 3
    trust_reliability = 3
    value_power = 3
    value_resources = 3
    value_involvement = 3


# imports


class ImportRunFactory(factory.django.DjangoModelFactory):
    """An import waiting at its preview: one unit to create."""

    class Meta:
        model = ImportRun

    kind = "units"
    ministry = factory.SubFactory(MinistryFactory)
    created_by = factory.SubFactory(UserFactory)
    file_name = "units.csv"
    rows = factory.LazyFunction(
        lambda: [[2, {"name": "Sudbury Office", "kind": "office", "part_of": "", "name_fr": "", "name_he": ""}]]
    )
    counts = factory.LazyFunction(lambda: {"created": 1, "changed": 0, "unchanged": 0, "refused": 0})
