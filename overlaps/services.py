from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from charters.models import CharterVersion
from overlaps.models import DuplicateMark, PartnershipText, stale_partnerships
from results.models import Indicator

BATCH = 2000


@transaction.atomic
def overlap_texts_refresh(*, partnerships=None):
    """Build the finder's text of `partnerships` (a queryset; by default those whose text is missing or
    older than a change to them). Returns how many were built.

    The one place that says what the finder compares: the need, the public value, the audience, the
    goals of the charter version people work on, and the indicators' names.
    """
    if partnerships is None:
        partnerships = stale_partnerships()
    rows = list(partnerships.values_list("pk", "problem", "public_value", "target_audience"))
    if not rows:
        return 0
    ids = [row[0] for row in rows]
    goals = {}
    # Newest first: the first version met for a partnership is the one people work on.
    for partnership_id, text in (
        CharterVersion.objects.filter(partnership_id__in=ids).current().values_list("partnership_id", "goals")
    ):
        goals.setdefault(partnership_id, text)
    indicators = {}
    for partnership_id, name in Indicator.objects.filter(partnership_id__in=ids).values_list("partnership_id", "name"):
        indicators.setdefault(partnership_id, []).append(name.strip().lower())
    now = timezone.now()
    texts = []
    for pk, problem, public_value, audience in rows:
        purpose = " ".join((problem, public_value, goals.get(pk, ""))).lower()
        names = "\n".join(sorted(set(indicators.get(pk, []))))
        audience = audience.lower()
        texts.append(
            PartnershipText(
                partnership_id=pk,
                audience=audience,
                purpose=purpose,
                indicators=names,
                text=" ".join((audience, purpose, names.replace("\n", " "))),
                refreshed_at=now,
            )
        )
    PartnershipText.objects.bulk_create(
        texts,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["partnership"],
        update_fields=["audience", "purpose", "indicators", "text", "refreshed_at"],
    )
    return len(texts)


@transaction.atomic
def duplicate_mark(*, first, second, ministry, by, verdict, note=""):
    """Record what `ministry` says about two partnerships: not a duplicate, coordinate them, or merge them.

    Every mark is kept; the newest of each side stands. Saying again what the organisation's newest mark
    says changes nothing.
    """
    if first.pk == second.pk:
        raise ValidationError(_("A partnership is not a duplicate of itself. Choose another partnership."))
    first, second = sorted((first, second), key=lambda p: p.pk)
    if ministry.pk not in first.participant_ministry_ids | second.participant_ministry_ids:
        raise ValidationError(_("Only an organisation taking part in one of the two partnerships marks them."))
    latest = DuplicateMark.objects.filter(first=first, second=second, ministry=ministry).first()
    if latest is not None and (latest.verdict, latest.note) == (verdict, note):
        return latest
    return DuplicateMark.objects.create(
        first=first, second=second, ministry=ministry, verdict=verdict, note=note, marked_by=by
    )
