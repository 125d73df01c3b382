from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from charters.models import CharterVersion
from overlaps.models import DuplicateMark, PartnershipText, SimilarPair, stale_partnerships
from overlaps.words import word_similarity, words
from partnerships.models import Partnership
from results.models import Indicator

BATCH = 2000
# The partnerships alike to each of the given ones, by the trigram index: one lookup each.
PAIRS_OF = """
INSERT INTO overlaps_similarpair (first_id, second_id, score)
SELECT LEAST(a.partnership_id, b.partnership_id), GREATEST(a.partnership_id, b.partnership_id),
       similarity(a.text, b.text)
FROM overlaps_partnershiptext a
JOIN overlaps_partnershiptext b ON b.text %% a.text AND b.partnership_id <> a.partnership_id
WHERE a.partnership_id = ANY(%(ids)s)
ON CONFLICT DO NOTHING
"""


@transaction.atomic
def overlap_texts_refresh(*, partnerships=None, trigram=None):
    """Build the text of `partnerships` (a queryset; by default those whose text is missing or older than a
    change to them) and find their similar pairs again. Returns how many were built.

    `trigram`: find the pairs with pg_trgm (the default on PostgreSQL) or by words in common (elsewhere).

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
    _pairs_rebuild(ids, trigram=connection.vendor == "postgresql" if trigram is None else trigram)
    return len(texts)


def overlap_texts_refresh_some(*, at_most=None):
    """Compare again at most `at_most` of the partnerships changed since their last comparison.

    A page does this for the few changed since the last beat (each costs one trigram lookup, tens of
    milliseconds at 10,000 partnerships), so that an edit shows at once; the beat's task
    (`overlaps.tasks.refresh_overlap_texts`) works through the rest, so that no page ever waits for
    thousands, as after an upgrade or an import.
    """
    at_most = settings.INTERLOCK_OVERLAP_REFRESH_AT_ONCE if at_most is None else at_most
    ids = list(stale_partnerships().order_by("pk").values_list("pk", flat=True)[:at_most])
    if not ids:
        return 0
    return overlap_texts_refresh(partnerships=Partnership.objects.filter(pk__in=ids))


def _pairs_rebuild(ids, *, trigram):
    """Every pair of these partnerships with any other, found again from their new texts."""
    SimilarPair.objects.filter(Q(first_id__in=ids) | Q(second_id__in=ids)).delete()
    threshold = settings.INTERLOCK_OVERLAP_SIMILARITY
    if trigram:
        with connection.cursor() as cursor:
            # `%` matches at this threshold; set for this transaction only.
            cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
            for start in range(0, len(ids), BATCH):
                cursor.execute(PAIRS_OF, {"ids": ids[start : start + BATCH]})
        return
    texts = {pk: words(text) for pk, text in PartnershipText.objects.values_list("pk", "text")}
    found = {}
    for pk in ids:
        for other, their_words in texts.items():
            score = word_similarity(texts[pk], their_words) if other != pk else 0.0
            if score >= threshold:
                found[(min(pk, other), max(pk, other))] = score
    SimilarPair.objects.bulk_create(
        [SimilarPair(first_id=a, second_id=b, score=score) for (a, b), score in found.items()], batch_size=BATCH
    )


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
