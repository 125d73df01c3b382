"""Writes that change more than one row or enforce a rule: partnerships and their parties."""

from django.db import transaction

from partnerships.models import Participation, Partnership

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


def _tell_followers(*, partnership, by, created):
    notices = [callback(partnership=partnership, by=by, created=created) for callback in _party_followers]
    return [notice for notice in notices if notice]


@transaction.atomic
def partnership_create(*, created_by, fields, regions, participations):
    """Create a partnership, its participating ministries and the first draft of its charter.

    `participations` is a list of dicts of Participation fields, already validated by the
    participation formset (two ministries or more, one lead, shares that add up).
    """
    partnership = Partnership(created_by=created_by, **fields)
    partnership.full_clean()
    partnership.save()
    partnership.regions.set(regions)
    for data in participations:
        Participation.objects.create(partnership=partnership, **data)
    _tell_followers(partnership=partnership, by=created_by, created=True)
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
