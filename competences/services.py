"""Collaboration competence writes: recording a self-assessment, sharing, and publishing profiles."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from competences import profiles
from competences.catalogue import LEVELS, Competency
from competences.models import AssessedLevel, CompetenceProfile, CompetenceSharing, ProfileMember, SelfAssessment
from ministries.models import Ministry
from partnerships.models import Partnership


@transaction.atomic
def assessment_record(*, user, levels, assessed_on=None):
    """Record a new self-assessment. `levels` maps competencies to 1–5, or None for "not assessed"."""
    assessed_on = assessed_on or timezone.localdate()
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The date cannot be in the future. Give today's date or earlier.")})
    chosen = {Competency(key): level for key, level in levels.items() if level is not None}
    if not chosen:
        raise ValidationError(_("Choose a level for at least one competency, then save."))
    if any(level not in LEVELS for level in chosen.values()):
        raise ValidationError(_("Choose a level from 1 to 5."))
    assessment = SelfAssessment.objects.create(user=user, assessed_on=assessed_on)
    AssessedLevel.objects.bulk_create(
        AssessedLevel(assessment=assessment, competency=competency.value, level=level)
        for competency, level in chosen.items()
    )
    return assessment


@transaction.atomic
def sharing_set(*, user, shared):
    """Share one's latest assessment with one's teams and organisations, or stop. A no-op if unchanged."""
    choice, _created = CompetenceSharing.objects.select_for_update().get_or_create(user=user)
    if choice.shared != shared:
        choice.shared = shared
        choice.save(update_fields=["shared", "changed_at"])
    return choice


def profile_refresh(*, partnership=None, ministry=None):
    """The profile of a partnership's team or of an organisation, publishing the current one if it may be.

    Publishing happens when a page asks, so that people joining, leaving, assessing or sharing in any
    app reach the figures without each of those apps knowing about this one. Most views find nothing
    to publish and take no lock; only when the members changed is the partnership or organisation row
    locked and the question asked again, so that two pages opened at once publish once.
    """
    shown = _profile_read(partnership=partnership, ministry=ministry, lock=False)
    if shown is not None:
        return shown
    with transaction.atomic():
        return _profile_read(partnership=partnership, ministry=ministry, lock=True)


def _profile_read(*, partnership, ministry, lock):
    """The profile to show; None when unlocked and a new one may need publishing."""
    if lock:
        owner = (
            Partnership.objects.filter(pk=partnership.pk) if partnership else Ministry.objects.filter(pk=ministry.pk)
        )
        list(owner.select_for_update().values_list("pk"))
    people = profiles.team_people(partnership) if partnership is not None else profiles.organisation_people(ministry)
    recent = profiles.recent_profiles(partnership=partnership, ministry=ministry)
    members = profiles.current_members(people)
    latest = recent[0] if recent else None
    changed = latest is None or members != _members_of(latest)
    if changed and profiles.may_publish(members, profiles.published_overlapping(members)):
        if not lock:
            return None
        recent = [_publish(members, partnership=partnership, ministry=ministry), *recent[:1]]
        latest = recent[0]
    waiting = latest is None or members != _members_of(latest)
    kept = profiles.still_shared(recent)
    shown = latest if latest is not None and latest.pk in kept else None
    previous = recent[1] if shown is not None and len(recent) > 1 and recent[1].pk in kept else None
    return profiles.profile_from(shown, previous, waiting=waiting)


def _members_of(profile):
    if not hasattr(profile, "_member_map"):
        profile._member_map = dict(profile.members.values_list("person_pk", "assessment_pk"))
    return profile._member_map


def _publish(members, *, partnership, ministry):
    profile = CompetenceProfile.objects.create(
        partnership=partnership,
        ministry=ministry,
        size=len(members),
        counts=profiles.count_levels(members),
    )
    ProfileMember.objects.bulk_create(
        ProfileMember(profile=profile, person_pk=person, assessment_pk=assessment)
        for person, assessment in members.items()
    )
    profile._member_map = dict(members)
    return profile
