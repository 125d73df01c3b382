"""Team and organisation competence profiles: who counts, the anonymity guard, the figures and the gaps.

Anonymity is proven against arithmetic, not only against lookup. Counts per level are exact, so
two profiles whose people differ by one person (the team before and after someone shares, joins or
assesses again; a team and its organisation) subtract to that person's levels. The guard
(`may_publish`) therefore publishes a new profile only when it counts at least ANONYMITY_THRESHOLD
people (the health checks' threshold, reused) and differs from every profile ever published, of
any team or organisation, by none or by at least that many people. Until then the page keeps
showing the last published profile, or nothing once someone in it has stopped sharing.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from assessments.health_permissions import TEAM_ROLES
from assessments.models import ANONYMITY_THRESHOLD
from common.dates import day_label
from competences.catalogue import LEVELS, PHASE_NEEDS, Competency
from competences.models import AssessedLevel, CompetenceProfile, CompetenceSharing, ProfileMember, SelfAssessment
from ministries.models import Membership


def team_people(partnership):
    """The people of a partnership's team: as for health checks, the participants' coordinators,
    executives and field staff."""
    return Membership.objects.filter(ministry_id__in=partnership.participant_ministry_ids, role__in=TEAM_ROLES).values(
        "user_id"
    )


def organisation_people(ministry):
    return Membership.objects.filter(ministry=ministry).values("user_id")


def current_members(people):
    """{person id: id of their latest assessment} for the people among `people` who share. One query."""
    rows = SelfAssessment.objects.shared().latest_per_person().filter(user__in=people).values_list("user_id", "pk")
    return dict(rows)


def people_changed(before, after):
    """How many people count differently in two profiles: in one only, or with another assessment."""
    return sum(1 for person in before.keys() | after.keys() if before.get(person) != after.get(person))


def may_publish(members, published):
    """Whether a profile of `members` ({person: assessment}) may be shown beside the `published` ones.

    Subtracting two profiles gives the levels of the people who differ between them; at least
    ANONYMITY_THRESHOLD of them keeps that a group's figure. The one guard of both profiles.
    """
    if len(members) < ANONYMITY_THRESHOLD:
        return False
    return not any(0 < people_changed(other, members) < ANONYMITY_THRESHOLD for other in published)


def published_overlapping(members):
    """The member maps of every published profile that counted one of these assessments. Profiles
    with none of them differ by all of `members`' people, which the threshold already covers."""
    overlapping = ProfileMember.objects.filter(assessment_pk__in=list(members.values())).values("profile_id")
    maps = {}
    for profile_id, person, assessment in ProfileMember.objects.filter(profile_id__in=overlapping).values_list(
        "profile_id", "person_pk", "assessment_pk"
    ):
        maps.setdefault(profile_id, {})[person] = assessment
    return list(maps.values())


def count_levels(members):
    """{competency: [not assessed, level 1, …, level 5]} over the members' assessments. One query."""
    counts = {c.value: [len(members)] + [0] * len(LEVELS) for c in Competency}
    for competency, level in AssessedLevel.objects.filter(assessment_id__in=list(members.values())).values_list(
        "competency", "level"
    ):
        counts[competency][0] -= 1
        counts[competency][level] += 1
    return counts


def still_shared(profiles):
    """The ids of the profiles whose every member still shares (and is still here). One query."""
    sharing = CompetenceSharing.objects.filter(shared=True, user__is_active=True).values("user_id")
    kept = {}
    for profile_id in ProfileMember.objects.filter(
        profile__in=[p.pk for p in profiles], person_pk__in=sharing
    ).values_list("profile_id", flat=True):
        kept[profile_id] = kept.get(profile_id, 0) + 1
    return {p.pk for p in profiles if kept.get(p.pk, 0) == p.size}


def mean_level(counts):
    assessed = sum(counts[1:])
    if not assessed:
        return None
    total = sum(level * n for level, n in enumerate(counts) if level)
    return (Decimal(total) / assessed).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Row:
    competency: str
    label: str
    counts: list  # [not assessed, level 1, …, level 5]
    mean: Decimal | None
    previous_mean: Decimal | None = None

    @property
    def not_assessed(self):
        return self.counts[0]

    @property
    def by_level(self):
        return list(zip(LEVELS, self.counts[1:], strict=True))

    @property
    def change(self):
        if self.mean is None or self.previous_mean is None:
            return None
        return self.mean - self.previous_mean

    def reaching(self, level):
        """How many people assessed themselves at `level` or above."""
        return sum(self.counts[level:])


@dataclass
class Gap:
    label: str
    needed: int
    reaching: int
    size: int

    @property
    def is_gap(self):
        """A competency is covered when at least one person of the team reaches the level the phase needs."""
        return self.reaching == 0


@dataclass
class Profile:
    """What a team or organisation page shows: the published figures, or why there are none."""

    published: CompetenceProfile | None = None
    previous: CompetenceProfile | None = None
    waiting: bool = False  # the people sharing now differ from the figures shown, by too few to update them
    rows: list = field(default_factory=list)

    @property
    def visible(self):
        return self.published is not None

    def chart(self):
        """The table's people at each level per competency as stacked bars (static/js/charts.js); None
        when no profile is published, so that the chart never shows what the table holds back."""
        if not self.visible:
            return None
        columns = [(_("Level %(level)s") % {"level": level}, level) for level in LEVELS]
        columns.append((_("Not assessed"), 0))
        return {
            "type": "bar",
            "horizontal": True,
            "stacked": True,
            "decimals": 0,
            "axis": _("People"),
            "labels": [str(row.label) for row in self.rows],
            "datasets": [{"label": label, "data": [row.counts[i] for row in self.rows]} for label, i in columns],
        }

    def gaps(self, phase):
        """Each competency's need in `phase` beside how many in the profile reach it."""
        needs = PHASE_NEEDS.get(phase, {})
        return [
            Gap(row.label, needs[row.competency], row.reaching(needs[row.competency]), self.published.size)
            for row in self.rows
            if row.competency in needs
        ]


def profile_from(published, previous, *, waiting):
    if published is None:
        return Profile(waiting=waiting)
    rows = []
    for competency in Competency:
        counts = published.counts[competency.value]
        before = previous.counts.get(competency.value) if previous is not None else None
        rows.append(Row(competency.value, competency.label, counts, mean_level(counts), before and mean_level(before)))
    return Profile(published=published, previous=previous, waiting=waiting, rows=rows)


def recent_profiles(*, partnership=None, ministry=None):
    scope = {"partnership": partnership} if partnership is not None else {"ministry": ministry}
    return list(CompetenceProfile.objects.filter(**scope).order_by("-published_at", "-pk")[:2])


@dataclass
class Entry:
    """One of a person's own assessments, each competency's level beside the change since the one before."""

    assessment: SelfAssessment
    rows: list  # (label, level or None, change or None)


def own_history(user):
    """A person's assessments, newest first, with the change per competency. Two queries."""
    assessments = SelfAssessment.objects.filter(user=user).prefetch_related("levels").order_by("assessed_on", "pk")
    entries, before = [], {}
    for assessment in assessments:
        levels = assessment.level_map
        rows = []
        for competency in Competency:
            level, earlier = levels.get(competency.value), before.get(competency.value)
            change = level - earlier if level is not None and earlier is not None else None
            rows.append((competency.label, level, change))
        entries.append(Entry(assessment, rows))
        before = {**before, **levels}
    return entries[::-1]


def history_chart(history):
    """A person's own levels over their assessments (own_history, newest first), oldest first, one line per
    competency; None before a second assessment, when there is no change to see."""
    if len(history) < 2:
        return None
    entries = history[::-1]
    return {
        "type": "line",
        "min": 1,
        "max": 5,
        "decimals": 0,
        "axis": _("Level"),
        "labels": [day_label(entry.assessment.assessed_on) for entry in entries],
        "datasets": [
            {"label": str(label), "data": [entry.rows[i][1] for entry in entries]}
            for i, (label, _level, _change) in enumerate(entries[0].rows)
        ],
    }
