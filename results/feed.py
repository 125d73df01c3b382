"""A partnership's activity feed: progress from the field, approved results, wins, decisions, settled conflicts.

One UNION query finds the page's items across the five kinds (newest first), then one
query per kind loads them: the number of queries does not grow with the feed.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, F, Value
from django.utils import timezone

from meetings.models import Conflict, Decision
from results.models import Measurement, Milestone, ProgressLog
from results.permissions import can_edit_progress_log

PAGE_SIZE = 20
MAX_PAGE = 1_000_000_000  # the number comes from the URL, and OFFSET is a bigint


@dataclass
class FeedItem:
    kind: str  # "log", "measurement", "win", "decision", "conflict"
    at: datetime
    obj: object


@dataclass
class FeedPage:
    items: list
    number: int
    has_next: bool

    @property
    def next_number(self):
        return self.number + 1


def _keys(queryset, kind, when):
    return (
        queryset.order_by()
        .annotate(feed_kind=Value(kind, output_field=CharField()), feed_at=F(when))
        .values_list("feed_kind", "pk", "feed_at")
    )


def _sources(partnership):
    return {
        "log": (ProgressLog.objects.filter(partnership=partnership), "created_at"),
        "measurement": (
            Measurement.objects.filter(indicator__partnership=partnership, status=Measurement.Status.APPROVED),
            "reviewed_at",
        ),
        "win": (Milestone.objects.filter(partnership=partnership, status=Milestone.Status.DONE), "done_at"),
        "decision": (Decision.objects.filter(partnership=partnership), "created_at"),
        "conflict": (Conflict.objects.filter(partnership=partnership, status=Conflict.Status.RESOLVED), "resolved_at"),
    }


LOADERS = {
    "log": lambda ids: ProgressLog.objects.for_display().filter(pk__in=ids),
    "measurement": lambda ids: Measurement.objects.select_related(
        "indicator", "period", "ministry", "field_unit", "reviewed_by", "reported_by"
    ).filter(pk__in=ids),
    "win": lambda ids: Milestone.objects.select_related("owner", "owner_ministry", "done_by").filter(pk__in=ids),
    "decision": lambda ids: Decision.objects.with_votes().filter(pk__in=ids),
    "conflict": lambda ids: Conflict.objects.filter(pk__in=ids),
}


def feed_page(partnership, number=1, *, size=PAGE_SIZE):
    """Page `number` (from 1) of the partnership's feed, newest first."""
    number = min(max(1, number), MAX_PAGE)
    sources = [_keys(queryset, kind, when) for kind, (queryset, when) in _sources(partnership).items()]
    union = sources[0].union(*sources[1:], all=True).order_by("-feed_at", "feed_kind", "-pk")
    offset = (number - 1) * size
    keys = list(union[offset : offset + size + 1])
    has_next = len(keys) > size
    keys = keys[:size]
    wanted = {}
    for kind, pk, _at in keys:
        wanted.setdefault(kind, []).append(pk)
    loaded = {kind: {obj.pk: obj for obj in LOADERS[kind](ids)} for kind, ids in wanted.items()}
    items = [FeedItem(kind, at, loaded[kind][pk]) for kind, pk, at in keys if pk in loaded[kind]]
    return FeedPage(items, number, has_next)


def recent_entries(user, limit=10):
    """The person's latest progress entries, each marked with whether they may still change it."""
    logs = list(
        ProgressLog.objects.filter(author=user)
        .for_display()
        .select_related("partnership")
        .order_by("-created_at")[:limit]
    )
    now = timezone.now()
    for log in logs:
        log.may_edit = can_edit_progress_log(user, log, now=now)
    return logs
