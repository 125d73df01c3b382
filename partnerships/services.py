"""Writes that change more than one row or enforce a rule: partnerships and their parties."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Participation, Partnership, PilotDecision, StandingTeam

# What must follow a partnership's parties lives in the apps built on partnerships (the charter
# that every party signs). They subscribe here from their AppConfig.ready(), so that they import
# partnerships and partnerships imports none of them.
_party_followers = []


def follow_parties(callback):
    """Call `callback(partnership=, by=, created=)` in the same transaction whenever a partnership is
    created or its set of parties changes. It may return a sentence to show the person who made the change."""
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
        for callback in _copy_followers:
            callback(partnership=partnership, source=source, by=created_by)
    return partnership


@transaction.atomic
def participations_save(*, partnership, by, formset):
    """Save the participating ministries from a valid formset; return what the person should be told.

    When the set of ministries changes, what followed the old set (the charter they signed)
    is told, and may start over: see `follow_parties`.
    """
    before = set(partnership.participations.values_list("ministry_id", flat=True))
    for form in formset.deleted_forms:
        if form.instance.pk:
            form.instance.delete()
    kept = [f for f in formset.forms if f.cleaned_data and f not in formset.deleted_forms]
    # The old lead steps down before the new one is saved: one lead at any moment.
    for form in sorted(kept, key=lambda f: f.cleaned_data["role"] == Participation.Role.LEAD):
        form.save()
    after = set(partnership.participations.values_list("ministry_id", flat=True))
    if before == after:
        return []
    return _tell_followers(partnership=partnership, by=by, created=False)


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
    if sum(other.ministry.is_government for other in others) < 2:
        raise ValidationError(
            _(
                "Without your organisation fewer than two government organisations would remain. "
                "Ask the lead to close it."
            )
        )
    lead = next(other for other in others if other.is_lead)
    lead.gain_share += participation.gain_share
    lead.risk_share += participation.risk_share
    lead.save(update_fields=["gain_share", "risk_share"])
    # simple-history keeps the reason on the deletion's history row (at most 100 characters there).
    participation._change_reason = reason[:100]
    participation.delete()
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
