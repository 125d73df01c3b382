"""What the search looks through: each kind of thing, the rows of it a person may see, its text and its page.

Visibility is never decided here: each source starts from the owning app's rule
(`Partnership.objects.visible_to`, `people_visible_in`), so search shows no more than the pages do.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.models import PointAnswer
from charters.models import CharterVersion
from common.dates import day_label
from lessons.models import Lesson
from meetings.models import Decision, Meeting
from ministries.models import Membership, Ministry
from ministries.permissions import people_visible_in
from partnerships.models import Participation, Partnership
from results.models import ProgressLog


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    fields: tuple  # the text fields searched, most telling first
    rows: Callable  # rows(user) -> the QuerySet of what the user may see
    title: Callable  # title(row) -> what the hit is called
    url: Callable  # url(row) -> where it is read
    context: Callable = lambda row: ""  # what it belongs to
    ministry: Callable = None  # ministry(queryset, ministry) -> narrowed; None: the filter does not apply
    phase: Callable = None  # phase(queryset, phase) -> narrowed; None: the filter does not apply


def _visible_partnerships(user):
    return Partnership.objects.visible_to(user).values("pk")


def _of_visible_partnerships(model):
    return lambda user: model.objects.filter(partnership__in=_visible_partnerships(user)).select_related("partnership")


def _taking_part(queryset, ministry, field="partnership"):
    return queryset.filter(**{f"{field}__in": Participation.objects.filter(ministry=ministry).values("partnership_id")})


def _in_phase(queryset, phase):
    return queryset.filter(partnership__phase=phase)


def _people(user):
    visible = people_visible_in(user)
    memberships = Membership.objects.filter(user=OuterRef("pk"))
    if visible is not None:
        memberships = memberships.filter(ministry_id__in=visible)
    # The person's page lives under one of their ministries: the first the reader may see.
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=memberships.values("user_id").order_by())
        .annotate(ministry_pk=Subquery(memberships.order_by("ministry_id").values("ministry_id")[:1]))
    )


def _decision_url(decision):
    if decision.meeting_id:
        return reverse("meetings:meeting", args=[decision.partnership_id, decision.meeting_id])
    if decision.conflict_id:
        return reverse("meetings:conflict", args=[decision.partnership_id, decision.conflict_id])
    return reverse("meetings:meetings", args=[decision.partnership_id])


def _partnership_title(row):
    return row.partnership.title


SOURCES = [
    Source(
        kind="partnership",
        label=_("Partnerships"),
        fields=("title", "problem", "public_value", "target_audience"),
        rows=lambda user: Partnership.objects.visible_to(user),
        title=lambda row: row.title,
        url=lambda row: row.get_absolute_url(),
        context=lambda row: row.get_phase_display(),
        ministry=lambda qs, ministry: _taking_part(qs, ministry, "pk"),
        phase=lambda qs, phase: qs.filter(phase=phase),
    ),
    Source(
        kind="charter",
        label=_("Charters"),
        fields=(
            "shared_vision",
            "goals",
            "membership_and_responsibilities",
            "decision_protocol",
            "conflict_protocol",
            "information_what",
            "reporting_schedule",
            "change_note",
        ),
        # The versions people work on or signed; replaced ones are history.
        rows=lambda user: _of_visible_partnerships(CharterVersion)(user).exclude(
            status=CharterVersion.Status.SUPERSEDED
        ),
        title=lambda row: _("Charter, version %(number)s") % {"number": row.number},
        url=lambda row: reverse("charters:charter", args=[row.partnership_id]),
        context=_partnership_title,
        ministry=_taking_part,
        phase=_in_phase,
    ),
    Source(
        kind="point",
        label=_("Answers to the points"),
        fields=("answer", "not_applicable_reason"),
        rows=lambda user: _of_visible_partnerships(PointAnswer)(user).select_related("point"),
        title=lambda row: str(row.point),
        url=lambda row: reverse("assessments:points", args=[row.partnership_id]) + f"#point-{row.point.number}",
        context=_partnership_title,
        ministry=_taking_part,
        phase=_in_phase,
    ),
    Source(
        kind="meeting",
        label=_("Meeting minutes"),
        fields=("title", "minutes"),
        rows=_of_visible_partnerships(Meeting),
        title=str,
        url=lambda row: reverse("meetings:meeting", args=[row.partnership_id, row.pk]),
        context=_partnership_title,
        ministry=_taking_part,
        phase=_in_phase,
    ),
    Source(
        kind="decision",
        label=_("Decisions"),
        fields=("title", "text", "verdict_note"),
        rows=_of_visible_partnerships(Decision),
        title=lambda row: row.title,
        url=_decision_url,
        context=_partnership_title,
        ministry=_taking_part,
        phase=_in_phase,
    ),
    Source(
        kind="progress",
        label=_("Progress log"),
        fields=("text",),
        rows=lambda user: _of_visible_partnerships(ProgressLog)(user).select_related("ministry", "field_unit"),
        title=lambda row: _("%(who)s, %(date)s") % {"who": row.reporter_label, "date": day_label(row.date)},
        url=lambda row: reverse("results:progress", args=[row.partnership_id]),
        context=_partnership_title,
        ministry=_taking_part,
        phase=_in_phase,
    ),
    Source(
        kind="lesson",
        label=_("Lessons learned"),
        fields=Lesson.TEXT_FIELDS,
        rows=lambda user: Lesson.objects.visible_to(user).for_display(),
        title=lambda row: row.source_label,
        url=lambda row: reverse("lessons:partnership", args=[row.partnership_id]) + f"#lesson-{row.pk}",
        context=_partnership_title,
        ministry=_taking_part,
        phase=_in_phase,
    ),
    Source(
        kind="organisation",
        label=_("Organisations"),
        fields=("name", "short_name", "name_fr", "name_he", "description"),
        # Every organisation's page is open to everyone signed in.
        rows=lambda user: Ministry.objects.all(),
        title=str,
        url=lambda row: row.get_absolute_url(),
        context=lambda row: row.get_kind_display(),
        ministry=lambda qs, ministry: qs.filter(pk=ministry.pk),
    ),
    Source(
        kind="person",
        label=_("People"),
        fields=("first_name", "last_name", "job_title"),
        rows=_people,
        title=str,
        url=lambda row: reverse("ministries:person", args=[row.ministry_pk, row.pk]),
        context=lambda row: row.job_title,
        ministry=lambda qs, ministry: qs.filter(pk__in=Membership.objects.filter(ministry=ministry).values("user_id")),
    ),
]

BY_KIND = {source.kind: source for source in SOURCES}


def applicable(source, *, ministry=None, phase=""):
    """Whether `source` can have hits under these filters: people have no phase, for one."""
    return (ministry is None or source.ministry is not None) and (not phase or source.phase is not None)
