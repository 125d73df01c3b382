"""The conflicts' part of a partnership's history: each raised and each rung it reached, on its day."""

from django.utils.translation import gettext as _

from common.bidi import isolate
from meetings.models import ConflictEscalation, EscalationLevel
from partnerships.history import Entry


def conflict_entries(partnership, limit):
    entries = []
    rungs = (
        ConflictEscalation.objects.filter(conflict__partnership=partnership)
        .select_related("conflict", "by")
        .order_by("-reached_on", "-level")[:limit]
    )
    for rung in rungs:
        conflict = rung.conflict
        if rung.level == EscalationLevel.WORKING_GROUP:
            what = _("Raised “%(title)s” with the working group") % {"title": isolate(conflict.title)}
        else:
            what = _("“%(title)s” went up a rung, to: %(level)s") % {
                "title": isolate(conflict.title),
                "level": rung.get_level_display(),
            }
            if rung.note:
                what += ". " + _("Why: %(reason)s") % {"reason": isolate(rung.note)}
        # A rung recorded before the moment was kept has only its day.
        entries.append(Entry(rung.recorded_at or conflict.created_at, rung.by, what, on=rung.reached_on))
    return entries
