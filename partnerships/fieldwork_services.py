"""Writes for field work: progress logs and their files, milestones, action items.

Other features create action items through `action_item_create` (the gates do, for
the conditions of a "go with conditions").
"""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ActionItem, Milestone, ProgressAttachment, ProgressLog


def _check_entry(partnership, date, milestone, indicator):
    errors = {}
    if milestone is not None and milestone.partnership_id != partnership.pk:
        errors["milestone"] = _("Choose a milestone of the partnership you report on.")
    if indicator is not None and indicator.partnership_id != partnership.pk:
        errors["indicator"] = _("Choose an indicator of the partnership you report on.")
    if date > timezone.localdate():
        errors["date"] = _("The date cannot be in the future. Choose today or an earlier day.")
    if errors:
        raise ValidationError(errors)


@contextmanager
def _atomic_with_files():
    """A transaction that also removes the files it stored when it rolls back.

    Files go to storage before the rows commit; without this, a failed save would
    leave files on disk that nothing points to.
    """
    stored = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for field_file in stored:
            field_file.storage.delete(field_file.name)
        raise


def _attach(log, files, stored):
    for checked in files:
        attachment = ProgressAttachment(
            log=log,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            is_image=checked.is_image,
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        stored.append(attachment.file)
        attachment.save()


def progress_log_create(
    *, partnership, author, ministry, field_unit, date, text, milestone=None, indicator=None, files=()
):
    """A field officer's entry, with files already checked by `uploads.check_uploads`."""
    _check_entry(partnership, date, milestone, indicator)
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    with _atomic_with_files() as stored:
        log = ProgressLog.objects.create(
            partnership=partnership,
            author=author,
            ministry=ministry,
            field_unit=field_unit,
            date=date,
            text=text.strip(),
            milestone=milestone,
            indicator=indicator,
        )
        _attach(log, files, stored)
    return log


def progress_log_update(*, log, by, date, text, milestone=None, indicator=None, files=(), remove=()):
    """Correct an entry: its text, date, links and files. `remove` lists attachments to delete."""
    _check_entry(log.partnership, date, milestone, indicator)
    if not text.strip():
        raise ValidationError({"text": _("Write what happened.")})
    removed = [a for a in log.attachments.all() if a in set(remove)]
    with _atomic_with_files() as stored:
        log.date, log.text, log.milestone, log.indicator = date, text.strip(), milestone, indicator
        log.save()
        for attachment in removed:
            attachment.delete()
        _attach(log, files, stored)
        # Remove the old files only once the rows are gone for good.
        for attachment in removed:
            transaction.on_commit(lambda f=attachment.file: f.storage.delete(f.name))
    return log


# Milestones

MILESTONE_FIELDS = ["title", "description", "due_date", "owner", "owner_ministry"]


def _check_milestone_owner(partnership, fields):
    ministry = fields.get("owner_ministry")
    if ministry is not None and ministry.pk not in partnership.ministry_ids:
        raise ValidationError({"owner_ministry": _("Choose a ministry that takes part in the partnership.")})


@transaction.atomic
def milestone_create(*, partnership, by, fields):
    _check_milestone_owner(partnership, fields)
    milestone = Milestone(partnership=partnership, created_by=by, **fields)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_update(*, milestone, by, fields):
    _check_milestone_owner(milestone.partnership, fields)
    for name, value in fields.items():
        setattr(milestone, name, value)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_complete(*, milestone, by, note):
    """Mark the milestone done, with a short note on what was achieved: it shows on the feed as a win."""
    if not note.strip():
        raise ValidationError({"note": _("Write a line on what was achieved, for the partners to celebrate.")})
    milestone = Milestone.objects.select_for_update().order_by().get(pk=milestone.pk)
    if milestone.is_done:
        return milestone
    milestone.status = Milestone.Status.DONE
    milestone.done_at = timezone.now()
    milestone.done_by = by
    milestone.done_note = note.strip()
    milestone.save(update_fields=["status", "done_at", "done_by", "done_note"])
    return milestone


@transaction.atomic
def milestone_reopen(*, milestone, by):
    milestone = Milestone.objects.select_for_update().order_by().get(pk=milestone.pk)
    if not milestone.is_done:
        return milestone
    milestone.status = Milestone.Status.OPEN
    milestone.done_at = None
    milestone.done_by = None
    milestone.save(update_fields=["status", "done_at", "done_by"])
    return milestone


# Action items


@transaction.atomic
def action_item_create(
    *, partnership, title, owner=None, owner_ministry=None, due_date=None, created_by, source="", meeting=None
):
    """Something someone agreed to do, by a date. Used by meetings and by gate conditions.

    `owner` is a person, `owner_ministry` a participating ministry; either, both or neither.
    """
    if not (title or "").strip():
        raise ValidationError({"title": _("Say what is to be done.")})
    if owner_ministry is not None and owner_ministry.pk not in set(
        partnership.participations.values_list("ministry_id", flat=True)
    ):
        raise ValidationError({"owner_ministry": _("Choose a ministry that takes part in the partnership.")})
    if meeting is not None and meeting.partnership_id != partnership.pk:
        raise ValidationError({"meeting": _("Choose a meeting of this partnership.")})
    return ActionItem.objects.create(
        partnership=partnership,
        meeting=meeting,
        title=title.strip()[:300],
        owner=owner,
        owner_ministry=owner_ministry,
        due_date=due_date,
        created_by=created_by,
        source=(source or "")[:200],
    )


@transaction.atomic
def action_item_set_status(*, item, by, status):
    item = ActionItem.objects.select_for_update().order_by().get(pk=item.pk)
    if status not in ActionItem.Status.values:
        raise ValidationError(_("Choose open, done or cancelled."))
    if item.status == status:
        return item
    item.status = status
    item.closed_at = None if status == ActionItem.Status.OPEN else timezone.now()
    item.save(update_fields=["status", "closed_at"])
    return item
