"""Writes that change more than one row or enforce a rule: partnerships and their parties."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ministries.permissions import signer_role
from partnerships.models import (
    EngagementEntry,
    Participation,
    Partnership,
    PilotDecision,
    StandingTeam,
    StructureAgreement,
    StructureProposal,
)
from partnerships.permissions import ministries_that_may_agree
from security.models import SecurityEvent
from security.services import security_event_record

# What must follow a partnership's parties lives in the apps built on partnerships (the charter
# that every party signs). They subscribe here from their AppConfig.ready(), so that they import
# partnerships and partnerships imports none of them.
_party_followers = []


def follow_parties(callback):
    """Call `callback(partnership=, by=, created=)` in the same transaction whenever a partnership is
    created or its set of signing parties changes (a stakeholder or a funder that does not sign may
    come and go without a new charter). It may return a sentence to show the person who made the change."""
    if callback not in _party_followers:
        _party_followers.append(callback)
    return callback


# What a partnership started from another one takes over lives in those apps too (the charter's
# text, the indicators, the answers to the points): they subscribe here in the same way.
_copy_followers = []


def follow_copies(callback):
    """Call `callback(partnership=, source=, by=)` in the same transaction when a partnership is created
    from `source`, after the parties' followers (the new charter draft exists by then)."""
    if callback not in _copy_followers:
        _copy_followers.append(callback)
    return callback


def _tell_followers(*, partnership, by, created):
    notices = [callback(partnership=partnership, by=by, created=created) for callback in _party_followers]
    return [notice for notice in notices if notice]


def _teams_copy(*, partnership, source):
    """The source's standing teams, as a structure to staff: their names, kinds, remits and the
    organisations represented that are parties here too, but no members and no terms."""
    parties = partnership.ministry_ids
    for team in source.teams.prefetch_related("organisations"):
        copy = StandingTeam.objects.create(
            partnership=partnership,
            kind=team.kind,
            name=team.name,
            name_fr=team.name_fr,
            name_he=team.name_he,
            remit=team.remit,
        )
        copy.organisations.set([m for m in team.organisations.all() if m.pk in parties])


@transaction.atomic
def partnership_create(*, created_by, fields, regions, participations, source=None):
    """Create a partnership, its participating ministries and the first draft of its charter.

    `participations` is a list of dicts of Participation fields, already validated by the
    participation formset (two ministries or more, one lead, shares that add up). With a
    `source`, the new partnership records it and what follows copies (see `follow_copies`)
    take over its charter text, indicators and answers.
    """
    partnership = Partnership(created_by=created_by, copied_from=source, **fields)
    partnership.full_clean()
    partnership.save()
    partnership.regions.set(regions)
    for data in participations:
        Participation.objects.create(partnership=partnership, **data)
    _tell_followers(partnership=partnership, by=created_by, created=True)
    if source is not None:
        _teams_copy(partnership=partnership, source=source)
        for callback in _copy_followers:
            callback(partnership=partnership, source=source, by=created_by)
    return partnership


@transaction.atomic
def participations_set_holdings(*, partnership, holdings):
    """Point 3: record which participating ministries hold interests, knowledge and authority.

    `holdings` maps a participation's pk to the names (of `Participation.HOLDINGS`) it holds;
    a participation left out holds none. Only the rows that change are written.
    """
    for participation in Participation.objects.select_for_update().filter(partnership=partnership).order_by("pk"):
        values = {name: name in holdings.get(participation.pk, ()) for name in Participation.HOLDINGS}
        if any(getattr(participation, name) != value for name, value in values.items()):
            Participation.objects.filter(pk=participation.pk).update(**values)


@transaction.atomic
def participation_withdraw(*, participation, by, reason):
    """Take a ministry that does not lead out of the partnership, at the request of its own coordinator.

    Its shares of gains and risks go to the lead, so that the shares still add up to 100 % until
    the partners agree new ones. The reason is kept in the partnership's history. Returns what the
    person should be told (the charter starts over when the parties change: see `follow_parties`).
    """
    # Locked, so that two partners withdrawing at once cannot both count the other as remaining.
    partnership = Partnership.objects.select_for_update().get(pk=participation.partnership_id)
    if participation.is_lead:
        raise ValidationError(_("The lead organisation cannot withdraw. Another organisation must become lead first."))
    others = list(partnership.participations.exclude(pk=participation.pk).select_related("ministry"))
    if participation.is_participant and sum(o.is_participant and o.ministry.is_government for o in others) < 2:
        raise ValidationError(
            _(
                "Without your organisation fewer than two government organisations would remain. "
                "Propose closing it instead."
            )
        )
    lead = next(other for other in others if other.is_lead)
    lead.gain_share += participation.gain_share
    lead.risk_share += participation.risk_share
    lead.save(update_fields=["gain_share", "risk_share"])
    # simple-history keeps the reason on the deletion's history row (at most 100 characters there).
    participation._change_reason = reason[:100]
    participation.delete()
    if not participation.signs:
        return []
    return _tell_followers(partnership=partnership, by=by, created=False)


@transaction.atomic
def pilot_decide(*, partnership, by, outcome, reason):
    """Record what the ministries decided once the pilot ended: scale it up, adjust it, or stop it.

    Only the decision is recorded; scaling up or stopping is then done as usual (the partnership's
    form, its status), so that each of those changes keeps its own history.
    """
    if not partnership.pilot_has_ended():
        raise ValidationError(_("The decision after the pilot is taken once the pilot has ended."))
    return PilotDecision.objects.create(
        partnership=partnership, outcome=outcome, reason=reason.strip(), decided_by=by, decided_on=timezone.localdate()
    )


# Changing the structure: proposed by a coordinator, agreed by every participating ministry.
# A snapshot is plain data, {"fields": {...}, "parties": [{"ministry": id, ...}]}, kept on the
# proposal as it was before and as it would be after.

# Who must hear of a new proposal lives above this app (notifications): the app that sends
# signature reminders subscribes here from its AppConfig.ready(), as with `follow_parties`.
_proposal_followers = []


def follow_proposals(callback):
    """Call `callback(proposal=)` in the same transaction when a change to the structure is proposed."""
    if callback not in _proposal_followers:
        _proposal_followers.append(callback)
    return callback


# Rules kept by the apps above this one that the partners also change only together (how point 11
# weighs votes and when a committee's decision carries, in meetings). Each registers a name with
# read(partnership) -> plain dict, write(partnership, values, by) and describe(before, after) ->
# [(label, old, new)], so that a proposal carries them like the fields and the parties.
_structure_rules = {}


def follow_structure_rules(name, *, read, write, describe):
    _structure_rules[name] = (read, write, describe)


def structure_rule_changes(before, after):
    """(label, old, new) for each registered rule a proposal changes, for the proposal page."""
    changes = []
    for name, (_read, _write, describe) in _structure_rules.items():
        old, new = before.get("rules", {}).get(name), after.get("rules", {}).get(name)
        if new is not None and old != new:
            changes.extend(describe(old or {}, new))
    return changes


def _plain(value):
    if isinstance(value, Decimal):
        return format(value.quantize(Decimal("0.01")), "f")
    return getattr(value, "pk", value)


def party_row(values):
    """A party as a snapshot holds it, from a Participation or a participation form's cleaned data."""
    if isinstance(values, dict):
        get = lambda name: values.get(name, Participation.SNAPSHOT_DEFAULTS.get(name))  # noqa: E731
    else:  # a Participation: its ids, without loading the ministry and the person
        related = {"ministry", "unit", "focal_person"}
        get = lambda name: getattr(values, f"{name}_id" if name in related else name)  # noqa: E731
    names = ("ministry", *Participation.STRUCTURE_FIELDS, *Participation.DETAIL_FIELDS)
    return {name: _plain(get(name)) for name in names}


def structure_snapshot(partnership, *, fields=None, parties=None, rules=None):
    """The partnership's structure now, with `fields` (a dict), `parties` (rows) or `rules` (a
    registered rule's name: its values) put in its place."""
    current = Partnership.objects.get(pk=partnership.pk)
    rows = parties
    if rows is None:
        rows = [party_row(p) for p in Participation.objects.filter(partnership=partnership).order_by("ministry_id")]
    return {
        "fields": {name: getattr(current, name) for name in Partnership.STRUCTURE_FIELDS} | (fields or {}),
        "parties": sorted(rows, key=lambda row: row["ministry"]),
        "rules": {name: read(current) for name, (read, _write, _describe) in _structure_rules.items()} | (rules or {}),
    }


SHARES = ("gain_share", "risk_share")


def _structure_key(snapshot):
    """What only the partners together change: the fields, and each party's kind, role and shares."""
    parties = {
        row["ministry"]: tuple(
            str(Decimal(row[n])) if n in SHARES else row.get(n, Participation.SNAPSHOT_DEFAULTS.get(n))
            for n in Participation.STRUCTURE_FIELDS
        )
        for row in snapshot["parties"]
    }
    # .get: proposals made before rules were registered hold none.
    return snapshot["fields"], parties, snapshot.get("rules", {})


def _parties(snapshot):
    return {row["ministry"]: row for row in snapshot["parties"]}


@transaction.atomic
def structure_propose(*, partnership, by, after, reason, may_change_details=False):
    """Propose the structure `after` (a snapshot) with a reason; return the open proposal.

    With `may_change_details` (the lead's coordinators), a change to the parties' details alone is
    saved at once instead, and None is returned.
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if partnership.is_closed:
        raise ValidationError(_("This partnership is closed. Nothing about it changes any more."))
    before = structure_snapshot(partnership)
    if may_change_details and _structure_key(before) == _structure_key(after):
        # The same ministries take part: nothing follows the parties (see `follow_parties`).
        _structure_apply(partnership=partnership, by=by, before=before, after=after)
        return None
    if before == after:
        raise ValidationError(_("Nothing would change. Change a partner, a share or how it is run first."))
    if StructureProposal.objects.filter(partnership=partnership).open().exists():
        raise ValidationError(
            _("A change is already waiting for the partners. Wait for their answer, or withdraw it if it is yours.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why you propose this change, so the other partners can decide.")})
    proposal = StructureProposal.objects.create(
        partnership=partnership, proposed_by=by, reason=reason.strip(), before=before, after=after
    )
    for callback in _proposal_followers:
        callback(proposal=proposal)
    return proposal


def _locked_open(proposal):
    proposal = StructureProposal.objects.select_for_update().select_related("partnership").get(pk=proposal.pk)
    if not proposal.is_open:
        raise ValidationError(_("This proposal is no longer open: it was agreed, refused or withdrawn."))
    return proposal


@transaction.atomic
def structure_agree(*, proposal, ministry, by):
    """Agree to an open proposal for `ministry`; when the last ministry agrees, the change takes effect.

    Returns what the person should be told (the charter starts over when the parties change).
    """
    proposal = _locked_open(proposal)
    if ministry.pk not in ministries_that_may_agree(by, proposal):
        raise PermissionDenied(_("You cannot agree for this ministry."))
    partnership = Partnership.objects.select_for_update().get(pk=proposal.partnership_id)
    # Something else changed the structure since (a ministry withdrew, a gate closed it): the
    # partners would agree to a change of something that no longer exists.
    current = structure_snapshot(partnership)
    if "rules" not in proposal.before:  # proposed before rules were part of the structure
        current.pop("rules")
    if _structure_key(current) != _structure_key(proposal.before):
        raise ValidationError(
            _("The partnership changed since this was proposed. Ask who proposed it to withdraw it and propose again.")
        )
    StructureAgreement.objects.create(
        proposal=proposal,
        ministry=ministry,
        agreed_by=by,
        agreed_by_name=str(by),
        agreed_by_role=signer_role(by, ministry.pk),
    )
    if proposal.agreements.count() < len(proposal.ministry_ids_to_agree):
        return []
    proposal.status = StructureProposal.Status.AGREED
    proposal.ended_at, proposal.ended_by = timezone.now(), by
    proposal.save(update_fields=["status", "ended_at", "ended_by"])
    return _structure_apply(partnership=partnership, by=by, before=proposal.before, after=proposal.after)


@transaction.atomic
def structure_refuse(*, proposal, ministry, by, reason):
    """Refuse an open proposal for `ministry`, with a reason: it ends, and nothing changes."""
    proposal = _locked_open(proposal)
    if ministry.pk not in ministries_that_may_agree(by, proposal):
        raise PermissionDenied(_("You cannot answer for this ministry."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why your ministry refuses, so the others can propose better.")})
    proposal.status = StructureProposal.Status.REFUSED
    proposal.ended_at, proposal.ended_by = timezone.now(), by
    proposal.refused_for, proposal.refusal = ministry, reason.strip()
    proposal.save(update_fields=["status", "ended_at", "ended_by", "refused_for", "refusal"])
    return proposal


@transaction.atomic
def structure_withdraw(*, proposal, by):
    """The person who proposed a change takes it back while it is open."""
    proposal = _locked_open(proposal)
    if proposal.proposed_by_id != by.pk:
        raise PermissionDenied(_("Only the person who proposed a change can withdraw it."))
    proposal.status = StructureProposal.Status.WITHDRAWN
    proposal.ended_at, proposal.ended_by = timezone.now(), by
    proposal.save(update_fields=["status", "ended_at", "ended_by"])
    return proposal


def _structure_apply(*, partnership, by, before, after):
    """Make the partnership's structure `after`, changing only what differs from `before`.

    What someone changed since the proposal in a field the proposal leaves alone (a focal person)
    is kept. Returns what the person should be told.
    """
    for name, values in after.get("rules", {}).items():
        if name in _structure_rules and values != before.get("rules", {}).get(name):
            _structure_rules[name][1](partnership, values, by)
    changed = {n: v for n, v in after["fields"].items() if v != before["fields"].get(n)}
    if changed:
        for name, value in changed.items():
            setattr(partnership, name, value)
        partnership.save(update_fields=[*changed, "updated_at"])
    old, new = _parties(before), _parties(after)
    Participation.objects.filter(partnership=partnership, ministry_id__in=old.keys() - new.keys()).delete()
    # The old lead steps down before the new one takes the lead: one lead at any moment.
    kept = sorted(old.keys() & new.keys(), key=lambda m: new[m]["role"] == Participation.Role.LEAD)
    for ministry_id in kept:
        was = Participation.SNAPSHOT_DEFAULTS | old[ministry_id]
        values = {n: v for n, v in new[ministry_id].items() if v != was.get(n) and n != "ministry"}
        if values:
            participation = Participation.objects.get(partnership=partnership, ministry_id=ministry_id)
            for name, value in values.items():
                setattr(participation, f"{name}_id" if name in ("unit", "focal_person") else name, value)
            participation.save()
    for ministry_id in sorted(new.keys() - old.keys()):
        row = {n: v for n, v in new[ministry_id].items() if n not in ("ministry", "unit", "focal_person")}
        Participation.objects.create(
            partnership=partnership,
            ministry_id=ministry_id,
            unit_id=new[ministry_id].get("unit"),
            focal_person_id=new[ministry_id]["focal_person"],
            **row,
        )
    if _signing(old) == _signing(new):
        return []
    return _tell_followers(partnership=partnership, by=by, created=False)


def _signing(parties):
    return {ministry_id for ministry_id, row in parties.items() if Participation.row_signs(row)}


@transaction.atomic
def support_access_open(*, partnership, by, reason, request=None):
    """Log a superuser's reason for seeing a partnership in the security log of each participating ministry."""
    return security_event_record(
        kind=SecurityEvent.Kind.SUPPORT_ACCESS,
        user=by,
        request=request,
        ministries=partnership.ministry_ids,
        partnership=partnership,
        detail=reason,
    )


@transaction.atomic
def focal_people_hand_over(*, person, successor):
    """A person leaving: where they are a party's focal person, `successor` becomes it (only counted when None)."""
    parties = Participation.objects.filter(focal_person=person)
    count = parties.update(focal_person=successor) if successor is not None else parties.count()
    if not count:
        return []
    return [ngettext("%(count)d focal-person role", "%(count)d focal-person roles", count) % {"count": count}]


TEAM_FIELDS = ["kind", "name", "name_fr", "name_he", "remit", "starts_on", "ends_on"]


@transaction.atomic
def team_save(*, partnership, fields, organisations, members, team=None):
    """Create or change a standing team of the partnership, with the organisations and people in it.

    Only the partnership's own organisations, and their people, sit on its teams.
    """
    taking_part = partnership.ministry_ids
    if any(o.pk not in taking_part for o in organisations):
        raise ValidationError({"organisations": _("Choose organisations that take part in the partnership.")})
    if members and set(
        members.exclude(memberships__ministry_id__in=[o.pk for o in organisations]).values_list("pk", flat=True)
    ):
        raise ValidationError({"members": _("Choose people who work in the organisations of the team.")})
    team = team or StandingTeam(partnership=partnership)
    for name, value in fields.items():
        setattr(team, name, value)
    team.full_clean()
    team.save()
    team.organisations.set(organisations)
    team.members.set(members)
    return team


@transaction.atomic
def engagement_record(*, participation, by, happened_on, kind, summary):
    """Add a dated contact with a stakeholder to its engagement log."""
    if participation.kind != Participation.Kind.STAKEHOLDER:
        raise ValidationError(_("Only a stakeholder has an engagement log."))
    if happened_on > timezone.localdate():
        raise ValidationError({"happened_on": _("Record a contact once it has happened: choose today or earlier.")})
    if not summary.strip():
        raise ValidationError({"summary": _("Say in a few words what was shared or asked.")})
    return EngagementEntry.objects.create(
        participation=participation, happened_on=happened_on, kind=kind, summary=summary.strip(), recorded_by=by
    )
