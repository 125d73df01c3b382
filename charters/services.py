"""Writing, changing and signing a partnership's charter."""

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from charters.comparison import compare_snapshots
from charters.models import (
    CHARTER_TEXT_FIELDS,
    CharterAssignment,
    CharterMilestone,
    CharterRevision,
    CharterSignature,
    CharterVersion,
)
from common.dates import day_label
from ministries.permissions import signatory_ministry_ids, signer_role
from security.models import SecurityEvent
from security.services import security_event_record

# What must follow a charter coming into force lives in the apps built on charters (the live
# milestones of the Progress tab, in results). They subscribe here from their AppConfig.ready(),
# so that they import charters and charters imports none of them.
_in_force_followers = []


def on_charter_in_force(callback):
    """Call `callback(version=, previous=, by=)` in the same transaction when the last ministry signs
    `version`; `previous` is the version it replaces in force, or None for the first one."""
    if callback not in _in_force_followers:
        _in_force_followers.append(callback)
    return callback


class CharterConflict(Exception):
    """Someone else saved the charter after the editor opened it."""

    def __init__(self, version, changes):
        super().__init__("charter changed since it was opened")
        self.version = version
        self.changes = changes


@transaction.atomic
def charter_save(*, version, by, expected_revision, fields, assignments, milestones):
    """Save a draft charter, unless someone else saved it since `expected_revision`.

    The conditional UPDATE is the lock: of two people saving the same revision, only
    the first one's update matches a row; the second gets CharterConflict, listing
    what the first one changed, and their own form is shown back to them untouched.
    """
    if not version.is_editable:
        raise ValidationError(_("This version is no longer a draft. Start a new version to change it."))
    updated = CharterVersion.objects.filter(pk=version.pk, revision=expected_revision, status=version.status).update(
        revision=F("revision") + 1, updated_by=by, updated_at=timezone.now(), **fields
    )
    if not updated:
        version.refresh_from_db()
        raise CharterConflict(version, charter_changes_since(version, expected_revision))
    version.refresh_from_db()
    version.assignments.all().delete()
    CharterAssignment.objects.bulk_create(CharterAssignment(version=version, **a) for a in assignments)
    version.milestones.all().delete()
    CharterMilestone.objects.bulk_create(_milestones_with_keys(version, milestones))
    _record_revision(version, by)
    return version


def _milestones_with_keys(version, milestones):
    """Rows that come back from the form keep their key; a new row (or a repeated key) gets a new one."""
    seen = set()
    for fields in milestones:
        key = fields.get("key")
        if key is None or key in seen:
            key = uuid.uuid4()
        seen.add(key)
        yield CharterMilestone(version=version, **{**fields, "key": key})


def charter_changes_since(version, revision):
    """What differs between the charter as it was at `revision` and as it is now."""
    old = version.revisions.filter(revision=revision).first()
    old_content = old.content if old else {"fields": {}, "assignments": [], "milestones": []}
    return [row for row in compare_snapshots(old_content, version.snapshot()) if row.changed]


@transaction.atomic
def charter_new_version(*, partnership, by, reason, note):
    """Start a new draft from the current version. Every ministry must sign it again."""
    current = CharterVersion.objects.current_for(partnership).select_for_update().first()
    if current is None:
        raise ValidationError(_("This partnership has no charter yet."))
    if current.is_editable:
        return current
    if not reason:
        raise ValidationError({"change_reason": _("Choose the reason for the change.")})
    copied = {name: getattr(current, name) for name in CHARTER_TEXT_FIELDS}
    draft = CharterVersion.objects.create(
        partnership=partnership,
        number=current.number + 1,
        change_reason=reason,
        change_note=note,
        created_by=by,
        updated_by=by,
        **copied,
    )
    CharterAssignment.objects.bulk_create(
        CharterAssignment(version=draft, task=a.task, ministry_id=a.ministry_id, due_date=a.due_date)
        for a in current.assignments.all()
    )
    CharterMilestone.objects.bulk_create(
        CharterMilestone(version=draft, title=m.title, due_date=m.due_date, description=m.description, key=m.key)
        for m in current.milestones.all()
    )
    # A version still out for signature is withdrawn; a signed one stays in force until the new one is signed.
    if current.status == CharterVersion.Status.SIGNING:
        current.status = CharterVersion.Status.SUPERSEDED
        current.save(update_fields=["status", "updated_at"])
    _record_revision(draft, by)
    return draft


def charter_missing_content(version):
    """What a charter must say before it goes out for signature, as messages."""
    missing = []
    if not version.shared_vision.strip():
        missing.append(_("Write the shared vision."))
    if not version.goals.strip():
        missing.append(_("Write at least one goal."))
    if not (version.professional_lead or version.procedural_lead or version.head_figure):
        missing.append(_("Name who leads the partnership."))
    if not version.decision_protocol.strip():
        missing.append(_("Say how decisions are made."))
    if not version.conflict_protocol.strip():
        missing.append(_("Say how conflicts are resolved."))
    participations = list(version.partnership.participations.all())
    if len(participations) < 2:
        missing.append(_("A partnership needs at least two organisations."))
    if sum(p.is_lead for p in participations) != 1:
        missing.append(_("Choose exactly one lead organisation."))
    return missing


@transaction.atomic
def charter_send_for_signature(*, version, by):
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != CharterVersion.Status.DRAFT:
        return version
    missing = charter_missing_content(version)
    if missing:
        raise ValidationError(missing)
    version.status = CharterVersion.Status.SIGNING
    version.sent_for_signature_at = timezone.now()
    version.updated_by = by
    version.save(update_fields=["status", "sent_for_signature_at", "updated_by", "updated_at"])
    return version


def ministries_that_may_sign(user, version):
    """The signing organisations for which `user` may sign this version and has not yet."""
    signed = set(version.signatures.values_list("ministry_id", flat=True))
    return (signatory_ministry_ids(user) & version.partnership.signing_ministry_ids) - signed


@transaction.atomic
def charter_sign(*, version, ministry, by, signed_on=None):
    """Sign the version for `ministry`. When the last ministry signs, the version is in force.

    `signed_on` is the day the signatory signed (on paper, before the partnership was recorded
    here): today by default, never later, never before the partnership began.
    """
    version = CharterVersion.objects.select_for_update().get(pk=version.pk)
    if ministry.pk not in version.partnership.signing_ministry_ids or ministry.pk not in signatory_ministry_ids(by):
        raise PermissionDenied(_("You cannot sign for this organisation."))
    # Two signatories of one ministry may press "Sign" at once: the version's row lock lets one
    # through first, and the other is told who signed (the version may be in force by then).
    earlier = version.signatures.filter(ministry=ministry).select_related("signed_by").first()
    if earlier is not None:
        raise ValidationError(
            _("%(person)s already signed version %(number)s for %(ministry)s (%(when)s). Nothing more is needed.")
            % {
                "person": earlier.signed_by,
                "number": version.number,
                "ministry": ministry,
                "when": day_label(earlier.signed_on),
            },
            code="already_signed",
        )
    if version.status != CharterVersion.Status.SIGNING:
        raise ValidationError(_("Only a version out for signature can be signed."))
    signed_on = signed_on or timezone.localdate()
    version.partnership.check_happened_on(signed_on, field="signed_on")
    CharterSignature.objects.create(
        version=version,
        ministry=ministry,
        signed_by=by,
        signer_name=str(by),
        signer_role=signer_role(by, ministry.pk),
        signed_on=signed_on,
    )
    security_event_record(
        kind=SecurityEvent.Kind.CHARTER_SIGNED,
        user=by,
        ministries=[ministry],
        partnership=version.partnership,
        detail=_("Charter version %(number)s") % {"number": version.number},
    )
    if not charter_waiting_on(version):
        previous = CharterVersion.objects.filter(
            partnership=version.partnership, status=CharterVersion.Status.SIGNED
        ).first()
        version.status = CharterVersion.Status.SIGNED
        version.signed_at = timezone.now()
        version.save(update_fields=["status", "signed_at", "updated_at"])
        CharterVersion.objects.filter(partnership=version.partnership, status=CharterVersion.Status.SIGNED).exclude(
            pk=version.pk
        ).update(status=CharterVersion.Status.SUPERSEDED)
        for callback in _in_force_followers:
            callback(version=version, previous=previous, by=by)
    return version


@dataclass
class ChartersToSign:
    items: list  # (version, the person's ministries that have not signed it), oldest first
    count: int  # how many wait in all

    def __iter__(self):
        return iter(self.items)

    def __bool__(self):
        return bool(self.items)


CHARTERS_SHOWN_AT_FIRST = 10


def charters_limit(request):
    """The oldest few on a home page; all of them once the person asks (?charters=all)."""
    return None if request.GET.get("charters") == "all" else CHARTERS_SHOWN_AT_FIRST


def charters_to_sign(user, limit=None):
    """What waits for this person's signature, oldest first: at most `limit` of them, with the count of all."""
    signing = signatory_ministry_ids(user)
    versions = CharterVersion.objects.out_for_signature_to(signing)
    shown = list(versions if limit is None else versions[:limit])
    count = len(shown) if limit is None or len(shown) < limit else versions.count()
    return ChartersToSign([(v, [m for m in charter_waiting_on(v) if m.pk in signing]) for v in shown], count)


def charter_waiting_on(version):
    """The organisations that sign (participants, funders asked to) and have not signed this version yet.

    Stakeholders and funders not asked to sign never hold a charter up."""
    signed = {s.ministry_id for s in version.signatures.all()}
    return [p.ministry for p in version.partnership.participations.all() if p.signs and p.ministry_id not in signed]


def _record_revision(version, by):
    version = CharterVersion.objects.prefetch_related("assignments__ministry", "milestones").get(pk=version.pk)
    CharterRevision.objects.create(version=version, revision=version.revision, saved_by=by, content=version.snapshot())


def charter_start(*, partnership, by):
    """The first draft of a new partnership's charter, its vision taken from the public value."""
    version = CharterVersion.objects.create(
        partnership=partnership,
        number=1,
        shared_vision=partnership.public_value,
        created_by=by,
        updated_by=by,
    )
    _record_revision(version, by)
    return version


def charter_follow_parties(*, partnership, by, created):
    """Keep the charter in step with the parties (registered with partnerships.services.follow_parties).

    A new partnership gets its first draft. When the set of ministries changes, the charter they
    signed no longer speaks for all of them: a new draft is started (a version out for signature
    is withdrawn) so that every ministry, old and new, signs again.
    """
    if created:
        charter_start(partnership=partnership, by=by)
        return None
    current = CharterVersion.objects.current_for(partnership).first()
    if current is None or current.is_editable:
        return None
    draft = charter_new_version(
        partnership=partnership,
        by=by,
        reason=CharterVersion.ChangeReason.NEW_PARTNER,
        note=_("The participating organisations changed."),
    )
    return _(
        "The organisations changed, so every organisation must sign the charter again. "
        "Version %(number)s is a new draft."
    ) % {"number": draft.number}


# Names of people: they belong to the partnership that used the charter, not to one started from it.
PEOPLE_IN_THE_CHARTER = {"procedural_lead", "head_figure"}


def charter_copy_text(*, partnership, source, by):
    """Fill a new partnership's first draft with the charter text of `source` (registered with
    partnerships.services.follow_copies).

    The text comes from the version in force, or else the newest one. Signatures, the names of
    people, assignments and milestones (they carry the old dates) are not copied.
    """
    versions = CharterVersion.objects.filter(partnership=source)
    copied = versions.filter(status=CharterVersion.Status.SIGNED).first() or versions.current().first()
    draft = CharterVersion.objects.filter(partnership=partnership, status=CharterVersion.Status.DRAFT).first()
    if copied is None or draft is None:
        return
    fields = {name: getattr(copied, name) for name in CHARTER_TEXT_FIELDS if name not in PEOPLE_IN_THE_CHARTER}
    charter_save(version=draft, by=by, expected_revision=draft.revision, fields=fields, assignments=[], milestones=[])
