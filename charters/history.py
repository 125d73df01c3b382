"""The charter's part of a partnership's history: each saved revision with what changed, and each signature."""

from django.utils.translation import gettext as _

from charters.comparison import compare_snapshots
from charters.models import CharterRevision, CharterSignature
from common.bidi import isolate
from partnerships.history import Change, Entry


def charter_entries(partnership, limit):
    entries = []
    previous = {}
    for revision in (
        CharterRevision.objects.filter(version__partnership=partnership)
        .select_related("saved_by", "version")
        .order_by("version__number", "revision")[:limit]
    ):
        number = revision.version.number
        before = previous.get(number)
        previous[number] = revision
        if before is None:
            what = _("Started version %(number)s of the charter") % {"number": number}
            entries.append(Entry(revision.saved_at, revision.saved_by, what))
            continue
        changes = [
            Change(row.label, row.left, row.right)
            for row in compare_snapshots(before.content, revision.content)
            if row.changed
        ]
        what = _("Saved version %(number)s of the charter") % {"number": number}
        entries.append(Entry(revision.saved_at, revision.saved_by, what, changes))
    for signature in CharterSignature.objects.filter(version__partnership=partnership).select_related(
        "signed_by", "ministry", "version"
    ):
        what = _("Signed version %(number)s of the charter for %(ministry)s") % {
            "number": signature.version.number,
            "ministry": isolate(signature.ministry.translated_name),
        }
        # The name and role the signer had then, not what they are called today.
        entries.append(Entry(signature.signed_at, signature.signed_as, what, on=signature.signed_on))
    return entries
