"""A coordinator's "what needs me": the next move in each partnership they coordinate."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments.models import GateRequest, PointAnswer, PointPosition
from charters.models import CharterVersion
from meetings.models import ActionItem
from ministries.models import Role
from ministries.permissions import ministry_ids
from partnerships.models import Participation, Partnership, Phase


@dataclass
class Task:
    partnership: object
    what: str
    url: str


def _coordinated(user):
    """Active partnerships in which one of the user's ministries is a participant (a stakeholder's or a
    funder's coordinator has nothing to do there)."""
    ids = ministry_ids(user, Role.COORDINATOR)
    taking_part = Participation.objects.participants().filter(ministry_id__in=ids)
    return Partnership.objects.active().filter(pk__in=taking_part.values("partnership_id"))


def what_needs_me(user):
    """Tasks across the partnerships this person coordinates, grouped by partnership order."""
    partnerships = list(_coordinated(user).order_by("title"))
    by_id = {p.pk: p for p in partnerships}
    tasks = []

    # Points still open for the partnership's current phase.
    disputed = PointPosition.objects.filter(answer=OuterRef("pk"), stance=PointPosition.Stance.DISAGREE)
    settled = Q(status__in=[PointAnswer.Status.ADDRESSED, PointAnswer.Status.NOT_APPLICABLE], disputed=False)
    counts = (
        PointAnswer.objects.filter(partnership__in=partnerships)
        .annotate(disputed=Exists(disputed))
        .values("partnership_id", "point__phase")
        .annotate(
            total=Count("pk"),
            settled=Count("pk", filter=settled),
            started=Count("pk", filter=~Q(status=PointAnswer.Status.NOT_STARTED)),
        )
    )
    pending = set(
        GateRequest.objects.pending().filter(partnership__in=partnerships).values_list("partnership_id", flat=True)
    )
    answered = set()
    for row in counts:
        partnership = by_id[row["partnership_id"]]
        # Every partnership has its blank answers from the start: none begun is "start on them".
        if row["point__phase"] != partnership.phase or not row["started"]:
            continue
        answered.add(partnership.pk)
        remaining = row["total"] - row["settled"]
        if remaining:
            tasks.append(
                Task(
                    partnership,
                    _("%(count)s points still open for this phase") % {"count": remaining},
                    reverse("assessments:points", args=[partnership.pk]),
                )
            )
        elif partnership.pk not in pending:
            tasks.append(
                Task(
                    partnership,
                    # The gate may still miss other things (a budget, a signed charter): the gate page says
                    # which, so the home does not advise asking for a decision it would refuse.
                    _("The points of this phase are settled: see what else the gate needs"),
                    reverse("assessments:gate", args=[partnership.pk]),
                )
            )
    for partnership in partnerships:
        if partnership.pk not in answered and partnership.phase != Phase.ASSESSMENT:
            tasks.append(
                Task(
                    partnership,
                    _("Start on the points for thought of this phase"),
                    reverse("assessments:points", args=[partnership.pk]),
                )
            )

    # Charters: drafts to finish, and versions waiting on other ministries' signatures.
    for version in CharterVersion.objects.filter(
        partnership__in=partnerships, status__in=[CharterVersion.Status.DRAFT, CharterVersion.Status.SIGNING]
    ).annotate(signed=Count("signatures")):
        partnership = by_id[version.partnership_id]
        if version.status == CharterVersion.Status.DRAFT:
            what = _("Finish charter version %(number)s and send it out") % {"number": version.number}
        else:
            what = _("Charter version %(number)s: %(signed)s signatures so far") % {
                "number": version.number,
                "signed": version.signed,
            }
        tasks.append(Task(partnership, what, reverse("charters:charter", args=[partnership.pk])))

    # Gates already requested are with the approving level; say so rather than ask again.
    for partnership_id in pending:
        partnership = by_id[partnership_id]
        tasks.append(
            Task(
                partnership,
                _("Gate requested: waiting for the approving level"),
                reverse("assessments:gate", args=[partnership.pk]),
            )
        )
    tasks += _action_items(user, partnerships, by_id)
    order = {p.pk: i for i, p in enumerate(partnerships)}
    return sorted(tasks, key=lambda t: order[t.partnership.pk])


def _action_items(user, partnerships, by_id):
    """Open action items this person owns, or their ministry owns with no one named, the soonest due first."""
    mine = ministry_ids(user, Role.COORDINATOR)
    items = (
        ActionItem.objects.open()
        .filter(partnership__in=partnerships)
        .owned_by(user, mine)
        .select_related("partnership")
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )
    today = timezone.localdate()
    tasks = []
    for item in items:
        if item.is_overdue_on(today):
            what = _("Action item overdue since %(date)s: %(title)s")
        elif item.due_date:
            what = _("Action item due on %(date)s: %(title)s")
        else:
            what = _("Action item: %(title)s")
        what = what % {"date": date_format(item.due_date) if item.due_date else "", "title": item.title}
        tasks.append(Task(by_id[item.partnership_id], what, reverse("meetings:meetings", args=[item.partnership_id])))
    return tasks
