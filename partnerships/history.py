"""The partnership's history tab: every change to it, its ministries and its charter, newest first."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bidi import isolate
from common.dates import day_label
from common.numbers import format_percent
from ministries.models import FieldUnit, Ministry
from partnerships.models import Participation, Partnership, StructureProposal
from partnerships.services import structure_rule_changes

MAX_ENTRIES = 300


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    """One event. `when` is the moment it was recorded; `on` the day it happened, when that can be
    earlier (a charter signed on paper, a gate decided before the partnership was recorded here)."""

    when: datetime
    who: object
    what: str
    changes: list[Change] = field(default_factory=list)
    on: date | None = None

    @property
    def happened_on(self):
        return self.on or timezone.localdate(self.when)

    @property
    def recorded_later(self):
        """Recorded on another day than it happened: the page shows both dates."""
        return self.on is not None and self.on != timezone.localdate(self.when)

    @property
    def sort_key(self):
        # In the order things happened; events of one day in the order they were recorded.
        return (self.happened_on, self.when)


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
            # str(): a region's name in the reader's language (NamedInLanguages), not always the default one.
            related = model_field.related_model._default_manager.filter(pk__in=ids)
            return ", ".join(sorted(str(row) for row in related)) or "—"
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


def was_under_way(partnership):
    """Recorded after it began: its start date is before the day it was recorded."""
    return partnership.start_date is not None and partnership.start_date < timezone.localdate(partnership.created_at)


def entries_for(partnership: Partnership):
    def describe_partnership(record):
        if record.history_type == "+" and was_under_way(record):
            return _("Recorded the partnership, under way since %(start)s, in the phase %(phase)s") % {
                "start": isolate(day_label(record.start_date)),
                "phase": record.get_phase_display(),
            }
        return {"+": _("Created the partnership"), "~": _("Changed the partnership"), "-": _("Deleted")}[
            record.history_type
        ]

    def describe_participation(record):
        ministry = isolate(record.ministry.translated_name) if record.ministry_id else "?"
        if record.history_type == "-" and record.history_change_reason:
            return _("%(ministry)s withdrew from the partnership: %(reason)s") % {
                "ministry": ministry,
                "reason": isolate(record.history_change_reason),
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
            "reason": isolate(decision.reason),
        }
        entries.append(Entry(decision.created_at, decision.decided_by, what, on=decision.decided_on))
    entries += _proposal_entries(partnership)
    for source in _sources:
        entries += source(partnership, MAX_ENTRIES)
    if was_under_way(partnership):
        # Recorded after the fact: the history starts where the partnership did.
        what = _("The partnership began")
        entries.append(Entry(partnership.created_at, partnership.created_by, what, on=partnership.start_date))
    return sorted(entries, key=lambda e: e.sort_key, reverse=True)[:MAX_ENTRIES]


def _choice(model, name, value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value)) if value else "—"
    return str(value) if value not in (None, "") else "—"


def _label(model, name):
    return str(model._meta.get_field(name).verbose_name).capitalize()


def structure_changes(before, after):
    """What a proposal would change, as people read it: one Change per field, party by party."""
    rows_before = {row["ministry"]: row for row in before["parties"]}
    rows_after = {row["ministry"]: row for row in after["parties"]}
    ministries = Ministry.objects.in_bulk(rows_before.keys() | rows_after.keys())
    people_ids = {row["focal_person"] for row in [*rows_before.values(), *rows_after.values()]} - {None}
    people = get_user_model().objects.in_bulk(people_ids)
    unit_ids = {row.get("unit") for row in [*rows_before.values(), *rows_after.values()]} - {None}
    units = FieldUnit.objects.in_bulk(unit_ids)

    def show(name, value):
        if name == "focal_person":
            return str(people[value]) if value in people else "—"
        if name == "unit":
            return units[value].translated_name if value in units else "—"
        if name in ("gain_share", "risk_share"):
            return format_percent(value)
        return _choice(Participation, name, value)

    changes = [
        Change(
            _label(Partnership, name),
            _choice(Partnership, name, before["fields"][name]),
            _choice(Partnership, name, value),
        )
        for name, value in after["fields"].items()
        if value != before["fields"].get(name)
    ]
    changes += [Change(label, old, new) for label, old, new in structure_rule_changes(before, after)]
    for ministry_id in sorted(rows_before.keys() | rows_after.keys(), key=lambda pk: ministries[pk].name):
        # Typed: isolated, so "Ministry 2: Role" keeps its colon where it belongs in a Hebrew line.
        name = isolate(ministries[ministry_id].translated_name)
        old, new = rows_before.get(ministry_id), rows_after.get(ministry_id)
        if new is None:
            changes.append(Change(name, _("takes part"), _("leaves the partnership")))
            continue
        if old is None and new.get("kind", Participation.Kind.PARTICIPANT) != Participation.Kind.PARTICIPANT:
            joins = _("joins as %(kind)s") % {"kind": show("kind", new["kind"])}
            changes.append(Change(name, _("does not take part"), joins))
            continue
        if old is None:
            joins = _("joins as %(role)s, gains %(gains)s, risks %(risks)s") % {
                "role": show("role", new["role"]),
                "gains": format_percent(new["gain_share"]),
                "risks": format_percent(new["risk_share"]),
            }
            changes.append(Change(name, _("does not take part"), joins))
            continue
        for part in (*Participation.STRUCTURE_FIELDS, *Participation.DETAIL_FIELDS):
            # .get: a proposal made before units took part holds no unit.
            if new.get(part) != old.get(part):
                label = f"{name}: {_label(Participation, part)}"
                changes.append(Change(label, show(part, old.get(part)), show(part, new.get(part))))
    return changes


def proposal_answers(proposal):
    """(ministry, its agreement or None, whether it refused) for each ministry that must agree, by name."""
    agreements = {a.ministry_id: a for a in proposal.agreements.all()}
    ministries = Ministry.objects.filter(pk__in=proposal.ministry_ids_to_agree).order_by("name")
    return [(m, agreements.get(m.pk), proposal.refused_for_id == m.pk) for m in ministries]


def _proposal_entries(partnership):
    entries = []
    proposals = (
        StructureProposal.objects.filter(partnership=partnership)
        .select_related("proposed_by", "ended_by", "refused_for")
        .prefetch_related("agreements__ministry")[:MAX_ENTRIES]
    )
    for proposal in proposals:
        what = _("Proposed a change to the partnership's structure. Why: %(reason)s") % {
            "reason": isolate(proposal.reason)
        }
        entries.append(
            Entry(proposal.proposed_at, proposal.proposed_by, what, structure_changes(proposal.before, proposal.after))
        )
        for agreement in proposal.agreements.all():
            what = _("Agreed to the proposed change for %(ministry)s") % {
                "ministry": isolate(agreement.ministry.translated_name)
            }
            entries.append(Entry(agreement.agreed_at, agreement.agreed_as, what))
        if proposal.status == StructureProposal.Status.REFUSED:
            what = _("Refused the proposed change for %(ministry)s. Why: %(reason)s") % {
                "ministry": isolate(proposal.refused_for.translated_name) if proposal.refused_for else "?",
                "reason": isolate(proposal.refusal),
            }
        elif proposal.status == StructureProposal.Status.WITHDRAWN:
            what = _("Withdrew the proposed change")
        elif proposal.status == StructureProposal.Status.AGREED:
            what = _("Every partner agreed: the proposed change took effect")
        else:
            continue
        entries.append(Entry(proposal.ended_at, proposal.ended_by, what))
    return entries
