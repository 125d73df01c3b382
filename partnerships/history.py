"""The partnership's history tab: every change to it, its ministries and its charter, newest first."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from partnerships.models import Participation, Partnership

MAX_ENTRIES = 300


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: object
    what: str
    changes: list[Change] = field(default_factory=list)


def _display(record, name, value, names):
    """A historical value as people read it: choice labels, names rather than ids."""
    model_field = record.instance._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value or "—"))
    if model_field.is_relation and value is not None:
        if model_field.many_to_many:
            # simple-history gives the through rows as dicts: {"partnership": 1, "region": 4}.
            key = model_field.m2m_reverse_field_name()
            ids = [row[key] for row in value]
            names = model_field.related_model._default_manager.filter(pk__in=ids).values_list("name", flat=True)
            return ", ".join(sorted(names)) or "—"
        # `names` keeps what one history page has looked up: each related row is read once.
        key = (model_field.related_model, value)
        if key not in names:
            related = model_field.related_model._default_manager.filter(pk=value).first()
            names[key] = str(related) if related else "—"
        return names[key]
    if value in (None, ""):
        return "—"
    return str(value)


def _record_changes(record, previous, names):
    if previous is None:
        return []
    delta = record.diff_against(previous)
    return [
        Change(
            str(record.instance._meta.get_field(c.field).verbose_name).capitalize(),
            _display(record, c.field, c.old, names),
            _display(record, c.field, c.new, names),
        )
        for c in delta.changes
    ]


def _entries_from_history(records, describe, names):
    entries = []
    by_object = {}
    for record in sorted(records, key=lambda r: r.history_date):
        previous = by_object.get(record.id)
        by_object[record.id] = record
        changes = _record_changes(record, previous, names) if record.history_type == "~" else []
        if record.history_type == "~" and not changes:
            continue
        entries.append(Entry(record.history_date, record.history_user, describe(record), changes))
    return entries


# Apps built on partnerships (the charter) add their own entries: they register a function
# `source(partnership, limit) -> [Entry]` from their AppConfig.ready(), so that partnerships
# imports none of them.
_sources = []


def add_source(source):
    if source not in _sources:
        _sources.append(source)
    return source


def entries_for(partnership: Partnership):
    def describe_partnership(record):
        return {"+": _("Created the partnership"), "~": _("Changed the partnership"), "-": _("Deleted")}[
            record.history_type
        ]

    def describe_participation(record):
        ministry = record.ministry.name if record.ministry_id else "?"
        if record.history_type == "-" and record.history_change_reason:
            return _("%(ministry)s withdrew from the partnership: %(reason)s") % {
                "ministry": ministry,
                "reason": record.history_change_reason,
            }
        return {
            "+": _("Added %(ministry)s as a partner"),
            "~": _("Changed the part of %(ministry)s"),
            "-": _("Removed %(ministry)s from the partnership"),
        }[record.history_type] % {"ministry": ministry}

    names = {}
    entries = _entries_from_history(
        partnership.history.select_related("history_user").order_by("history_date")[:MAX_ENTRIES],
        describe_partnership,
        names,
    )
    entries += _entries_from_history(
        Participation.history.filter(partnership_id=partnership.pk)
        .select_related("history_user", "ministry")
        .order_by("history_date")[:MAX_ENTRIES],
        describe_participation,
        names,
    )
    for decision in partnership.pilot_decisions.select_related("decided_by")[:MAX_ENTRIES]:
        what = _("Decided after the pilot: %(outcome)s. Why: %(reason)s") % {
            "outcome": decision.get_outcome_display(),
            "reason": decision.reason,
        }
        entries.append(Entry(decision.created_at, decision.decided_by, what))
    for source in _sources:
        entries += source(partnership, MAX_ENTRIES)
    return sorted(entries, key=lambda e: e.when, reverse=True)[:MAX_ENTRIES]
