"""What needs an executive now: the exceptions in a portfolio, each with its reason and whose move it is.

Each finder gives the exceptions of one kind as a queryset, the oldest first, over a queryset
of partnerships already limited to what the person may see and to the filters. The dashboard
counts each kind in the database and builds only the items it shows, so its work does not grow
with the size of the portfolio.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Subquery, Sum, Value, Window, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from assessments.models import GateRequest, HealthCheck
from assessments.permissions import approving_ministry_ids
from budgets.models import Budget, Contribution, Expenditure
from charters.models import CharterVersion
from common.dates import day_label
from common.numbers import parse_positive_int
from meetings.models import ActionItem
from notifications.models import Kind
from partnerships.models import Participation, Phase, prefetch_participations
from results.models import Milestone

SHOWN_AT_FIRST = 25
ATTENTION_PAGE_SIZE = 50
# Each page reads every row before it: past 100 pages (5,000 exceptions) the filters are the way on.
ATTENTION_PAGES_AT_MOST = 100
WORKING_PHASES = [Phase.APPLICATION, Phase.ASSESSMENT]
# What an item reads of a partnership it reaches through another row: its title, and who approves its gates.
SHOWN_OF_PARTNERSHIP = ("partnership", "partnership__title", "partnership__operating_mechanism")
ZERO = Decimal("0.00")


@dataclass
class AttentionItem:
    kind: str
    partnership: object
    reason: str
    responsible: list  # ministries whose move it is
    url: str
    since: date | None = None
    subject: object = None  # the row that is late: a charter version, a gate request, a milestone…
    # The reminder the scans send about the same thing, and its context: the weekly digest words the item with it.
    reminder_kind: str = ""
    context: dict = field(default_factory=dict)

    @property
    def days(self):
        return (timezone.localdate() - self.since).days if self.since else None


class Finder(ABC):
    """One kind of exception: `rows` finds them (oldest first), `item` says what each one means.

    Each finder asks the model's own rule (`GateRequest.objects.waiting(today)`…), the same the
    reminder scans ask. `since` and `partnership` read a row cheaply, so that only the rows shown
    are made into items.
    """

    kind = ""
    needs_leads = True  # whether `item` names the lead ministries (loaded once for all finders)

    @abstractmethod
    def rows(self, partnerships, today):
        """The exceptions of this kind among `partnerships` on `today`, as a queryset ordered oldest first."""

    def partnership(self, row):
        return row.partnership

    def since(self, row):
        return None

    def prefetches(self):
        """What `item` needs beyond the row, loaded for the rows shown only."""
        return ()

    @abstractmethod
    def item(self, row, leads):
        """The AttentionItem for one row; `leads` maps partnership ids to their lead ministries."""


class ChartersStuck(Finder):
    kind = "charter"
    needs_leads = False

    def rows(self, partnerships, today):
        return (
            CharterVersion.objects.waiting_for_signatures(today)
            .filter(partnership__in=partnerships)
            .select_related("partnership")
            .only("number", "sent_for_signature_at", *SHOWN_OF_PARTNERSHIP)
            .order_by("sent_for_signature_at", "partnership__title", "pk")
        )

    def since(self, version):
        return version.sent_on

    def prefetches(self):
        return ("signatures", prefetch_participations("partnership__participations"))

    def item(self, version, leads):
        signed = {s.ministry_id for s in version.signatures.all()}
        waiting = [p.ministry for p in version.partnership.signing_parties if p.ministry_id not in signed]
        return AttentionItem(
            self.kind,
            version.partnership,
            _("Charter version %(number)s waits for a signature") % {"number": version.number},
            waiting,
            reverse("charters:charter", args=[version.partnership_id]),
            self.since(version),
            version,
            Kind.CHARTER_SIGNATURE,
            {
                "partnership": version.partnership.title,
                "ministry": ", ".join(m.name for m in waiting),
                "version": version.number,
                "sent": version.sent_on.isoformat(),
            },
        )


class NobodyCanSign(Finder):
    """A charter out for signature that a party cannot sign, having nobody who may: stuck from the first day."""

    kind = "signatory"
    needs_leads = False

    def rows(self, partnerships, today):
        return (
            CharterVersion.objects.nobody_can_sign()
            .filter(partnership__in=partnerships)
            .select_related("partnership")
            .only("number", "sent_for_signature_at", *SHOWN_OF_PARTNERSHIP)
            .order_by("sent_for_signature_at", "partnership__title", "pk")
        )

    def since(self, version):
        return version.sent_on

    def prefetches(self):
        return ("signatures", prefetch_participations("partnership__participations"))

    def item(self, version, leads):
        signed = {s.ministry_id for s in version.signatures.all()}
        unsigned = [p.ministry_id for p in version.partnership.signing_parties if p.ministry_id not in signed]
        # One query per item shown (at most a page of them): who among the unsigned parties has nobody.
        stuck = list(
            Participation.objects.filter(partnership_id=version.partnership_id, ministry_id__in=unsigned)
            .nobody_signs()
            .select_related("ministry")
            .order_by("ministry__name")
        )
        ministries = [p.ministry for p in stuck]
        return AttentionItem(
            self.kind,
            version.partnership,
            _(
                "Nobody can sign for %(ministries)s: invite its contact person, "
                "or make it a funder or a stakeholder that does not sign"
            )
            % {"ministries": ", ".join(m.short_name for m in ministries)},
            ministries,
            reverse("ministries:invite", args=[ministries[0].pk]),
            self.since(version),
            version,
        )


class GatesWaiting(Finder):
    kind = "gate"
    needs_leads = False

    def rows(self, partnerships, today):
        return (
            GateRequest.objects.waiting(today)
            .filter(partnership__in=partnerships)
            .select_related("partnership")
            .only("from_phase", "requested_at", *SHOWN_OF_PARTNERSHIP)
            .order_by("requested_at", "partnership__title", "pk")
        )

    def since(self, request):
        return request.requested_on

    def prefetches(self):
        return (prefetch_participations("partnership__participations"),)

    def item(self, request, leads):
        partnership = request.partnership
        approvers = approving_ministry_ids(partnership)
        return AttentionItem(
            self.kind,
            partnership,
            _("A gate decision is waiting (leaving %(phase)s)") % {"phase": request.get_from_phase_display()},
            [p.ministry for p in partnership.participants if p.ministry_id in approvers],
            reverse("assessments:gate", args=[partnership.pk]),
            self.since(request),
            request,
            Kind.GATE_WAITING,
            {
                "partnership": partnership.title,
                "requested": request.requested_on.isoformat(),
                "phase": request.from_phase,
            },
        )


class ReviewsOverdue(Finder):
    kind = "review"

    def rows(self, partnerships, today):
        return (
            partnerships.review_overdue(today)
            .only("title", "next_review_due")
            .order_by("next_review_due", "title", "pk")
        )

    def partnership(self, row):
        return row

    def since(self, partnership):
        return partnership.next_review_due

    def item(self, partnership, leads):
        return AttentionItem(
            self.kind,
            partnership,
            _("The review due on %(date)s has not been held") % {"date": day_label(partnership.next_review_due)},
            leads.get(partnership.pk, []),
            reverse("assessments:reviews", args=[partnership.pk]),
            partnership.next_review_due,
            partnership,
            Kind.REVIEW_OVERDUE,
            {"partnership": partnership.title, "due": partnership.next_review_due.isoformat()},
        )


class ItemsOverdue(Finder):
    """Milestones or action items past their date and still open."""

    model = None
    url_name = ""
    reminder_kind = ""

    def rows(self, partnerships, today):
        return (
            self.model.objects.overdue(today)
            .filter(partnership__in=partnerships)
            .select_related("partnership", "owner_ministry")
            .order_by("due_date", "partnership__title", "pk")
        )

    def since(self, row):
        return row.due_date

    @abstractmethod
    def reason(self, row):
        """What the row says about the late item, in the reader's words."""

    def item(self, row, leads):
        return AttentionItem(
            self.kind,
            row.partnership,
            self.reason(row),
            [row.owner_ministry] if row.owner_ministry else leads.get(row.partnership_id, []),
            reverse(self.url_name, args=[row.partnership_id]),
            row.due_date,
            row,
            self.reminder_kind,
            {"partnership": row.partnership.title, "title": row.title, "due": row.due_date.isoformat()},
        )


class MilestonesOverdue(ItemsOverdue):
    kind = "milestone"
    model = Milestone
    url_name = "results:progress"
    reminder_kind = Kind.MILESTONE_OVERDUE

    def reason(self, milestone):
        return _("Milestone overdue: %(title)s") % {"title": milestone.title}


class ActionItemsOverdue(ItemsOverdue):
    kind = "action"
    model = ActionItem
    url_name = "meetings:meetings"
    reminder_kind = Kind.ACTION_ITEM_OVERDUE

    def reason(self, action_item):
        return _("Action item overdue: %(title)s") % {"title": action_item.title}


class BudgetsOverspent(Finder):
    """Budgets spending beyond what the ministries committed."""

    kind = "budget"

    def rows(self, partnerships, today):
        committed = (
            Contribution.objects.filter(budget=OuterRef("pk")).values("budget").annotate(t=Sum("committed")).values("t")
        )
        spent = Expenditure.objects.filter(budget=OuterRef("pk")).values("budget").annotate(t=Sum("amount")).values("t")
        return (
            Budget.objects.filter(partnership__in=partnerships.active())
            .annotate(committed_total=Coalesce(Subquery(committed), Value(ZERO)), spent_total=Subquery(spent))
            .filter(spent_total__gt=F("committed_total"))
            .select_related("partnership")
            .order_by("partnership__title", "pk")
        )

    def item(self, budget, leads):
        return AttentionItem(
            self.kind,
            budget.partnership,
            _("Spending is beyond the money committed"),
            leads.get(budget.partnership_id, []),
            reverse("budgets:budget", args=[budget.partnership_id]),
            subject=budget,
        )


class AtWorkWithoutMoney(Finder):
    """Partnerships at work (application or assessment) that no ministry has committed money to."""

    kind = "budget"

    def rows(self, partnerships, today):
        funded = Contribution.objects.filter(budget__partnership=OuterRef("pk"), committed__gt=0)
        return (
            partnerships.active()
            .filter(phase__in=WORKING_PHASES)
            .filter(~Exists(funded))
            .only("title")
            .order_by("title", "pk")
        )

    def partnership(self, row):
        return row

    def item(self, partnership, leads):
        return AttentionItem(
            self.kind,
            partnership,
            _("At work with no money committed"),
            leads.get(partnership.pk, []),
            reverse("budgets:budget", args=[partnership.pk]),
            subject=partnership,
        )


class HealthFlagged(Finder):
    """Partnerships whose newest closed team health check (with enough answers) shows a low score or a fall."""

    kind = "health"

    def rows(self, partnerships, today):
        return (
            HealthCheck.objects.flagged(today)
            .filter(partnership__in=partnerships)
            .select_related("partnership")
            .only("due_date", "flag", "average", "partnership", "partnership__title")
            .order_by("due_date", "partnership__title", "pk")
        )

    def since(self, check):
        return check.due_date

    def item(self, check, leads):
        reasons = {HealthCheck.Flag.LOW: _("Team health is low"), HealthCheck.Flag.FALLING: _("Team health is falling")}
        return AttentionItem(
            self.kind,
            check.partnership,
            reasons[check.flag],
            leads.get(check.partnership_id, []),
            reverse("assessments:health", args=[check.partnership_id]),
            check.due_date,
            check,
            Kind.HEALTH_FLAGGED,
            {
                "partnership": check.partnership.title,
                "due": check.due_date.isoformat(),
                "flag": check.flag,
                "average": str(check.average),
            },
        )


FINDERS = [
    NobodyCanSign(),
    ChartersStuck(),
    GatesWaiting(),
    ReviewsOverdue(),
    MilestonesOverdue(),
    ActionItemsOverdue(),
    BudgetsOverspent(),
    AtWorkWithoutMoney(),
    HealthFlagged(),
]

KIND_LABELS = {
    "signatory": gettext_lazy("charters nobody can sign"),
    "charter": gettext_lazy("charters waiting for a signature"),
    "gate": gettext_lazy("gates waiting for a decision"),
    "review": gettext_lazy("overdue reviews"),
    "milestone": gettext_lazy("overdue milestones"),
    "action": gettext_lazy("overdue action items"),
    "budget": gettext_lazy("budgets in trouble"),
    "health": gettext_lazy("teams in poor health"),
}
# The same with how many, for the summary line: "1 overdue review", "3 overdue reviews".
KIND_COUNTS = {
    "signatory": ngettext_lazy("%(count)s charter nobody can sign", "%(count)s charters nobody can sign", "count"),
    "charter": ngettext_lazy(
        "%(count)s charter waiting for a signature", "%(count)s charters waiting for a signature", "count"
    ),
    "gate": ngettext_lazy("%(count)s gate waiting for a decision", "%(count)s gates waiting for a decision", "count"),
    "review": ngettext_lazy("%(count)s overdue review", "%(count)s overdue reviews", "count"),
    "milestone": ngettext_lazy("%(count)s overdue milestone", "%(count)s overdue milestones", "count"),
    "action": ngettext_lazy("%(count)s overdue action item", "%(count)s overdue action items", "count"),
    "budget": ngettext_lazy("%(count)s budget in trouble", "%(count)s budgets in trouble", "count"),
    "health": ngettext_lazy("%(count)s team in poor health", "%(count)s teams in poor health", "count"),
}


@dataclass
class Attention:
    items: list  # the oldest first, at most the limit asked for
    count: int  # how many there are in all
    by_kind: list  # (kind, "3 overdue reviews", count) for each kind present, most frequent first


def _lead_ministries(partnership_ids):
    leads = {}
    participations = Participation.objects.filter(partnership_id__in=partnership_ids, role=Participation.Role.LEAD)
    for p in participations.select_related("ministry"):
        leads.setdefault(p.partnership_id, []).append(p.ministry)
    return leads


def attention(partnerships, limit=SHOWN_AT_FIRST, *, offset=0, kind=None, kinds=None, today=None):
    """The oldest exceptions from `offset` on, at most `limit` (all when None), and how many there are of each kind.

    kind: only that kind ("review", "budget"…); kinds: only these. Each finder reads at most offset
    + limit rows, each with the count of all; of those only the `limit` wanted become items. The
    queries stay the same whatever the size of the portfolio, and the work grows only with how far
    one pages. Only partnerships at work (active) have exceptions.
    """
    today = today or timezone.localdate()
    partnerships = partnerships.active()
    finders = [f for f in FINDERS if (kind is None or f.kind == kind) and (kinds is None or f.kind in kinds)]
    wanted = None if limit is None else offset + limit
    found, counts = [], {}
    for finder in finders:
        # Each row carries how many there are in all (COUNT(*) OVER (), counted before the LIMIT).
        rows = list(finder.rows(partnerships, today).annotate(found=Window(Count("pk")))[:wanted])
        counts[finder.kind] = counts.get(finder.kind, 0) + (rows[0].found if rows else 0)
        found += [(finder, row) for row in rows]
    found.sort(key=lambda pair: (pair[0].since(pair[1]) or date.max, pair[0].partnership(pair[1]).title))
    shown = found[offset:wanted]
    for finder in finders:
        if lookups := finder.prefetches():
            prefetch_related_objects([row for f, row in shown if f is finder], *lookups)
    leads = _lead_ministries({finder.partnership(row).pk for finder, row in shown if finder.needs_leads})
    items = [finder.item(row, leads) for finder, row in shown]
    present = [(kind, KIND_COUNTS[kind] % {"count": n}, n) for kind, n in counts.items() if n]
    by_kind = sorted(present, key=lambda row: -row[2])
    return Attention(items, sum(counts.values()), by_kind)


@dataclass
class AttentionPaging:
    """Which part of the attention list a page shows: the oldest few, or a page of all or of one kind."""

    kind: str | None
    number: int
    paged: bool
    query: str  # the page's query without `page`, for the links to the other pages
    filters: str  # the filters alone, for the links to a kind or back to every kind
    count: int = 0

    @property
    def limit(self):
        return ATTENTION_PAGE_SIZE if self.paged else SHOWN_AT_FIRST

    @property
    def offset(self):
        return (self.number - 1) * self.limit

    @property
    def last(self):
        return min(ATTENTION_PAGES_AT_MOST, max(1, -(-self.count // self.limit)))

    @property
    def beyond_reach(self):
        return self.count > ATTENTION_PAGES_AT_MOST * self.limit

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, "")


def paging_from(params):
    """The part of the list a page's query asks for: ?all=1 or ?kind=…, and ?page=."""
    kind = params.get("kind") if params.get("kind") in KIND_LABELS else None
    paged = kind is not None or params.get("all") == "1"
    # Anything that is not a plain page number ("²", thousands of digits) is the first page.
    number = min(parse_positive_int(params.get("page", ""), 1), ATTENTION_PAGES_AT_MOST)
    rest = params.copy()
    rest.pop("page", None)
    filters = rest.copy()
    for name in ("kind", "all"):
        filters.pop(name, None)
    return AttentionPaging(kind, number if paged else 1, paged, rest.urlencode(), filters.urlencode())


def attention_items(partnerships, *, today=None):
    """Every exception in the portfolio, the oldest first."""
    return attention(partnerships, limit=None, today=today).items
