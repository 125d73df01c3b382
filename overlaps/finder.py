"""The likely duplicates: pairs of partnerships serving the same audience, in the same regions, with the
same purpose, each with the reasons it matched and a score.

Candidates come from the texts of `PartnershipText`: on PostgreSQL by pg_trgm's `%` (its GIN index keeps
this fast at tens of thousands of partnerships), elsewhere by the share of words two texts have in common.
The reasons are worked out the same way on both, from the parts of the two texts and the regions.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils.translation import gettext as _

from overlaps.models import DuplicateMark, PartnershipText, Verdict
from overlaps.services import overlap_texts_refresh
from partnerships.models import Partnership

# The page shows the best pairs only; a portfolio with more has a wording problem, not a list to read.
PAIRS_AT_MOST = 100
# Words shorter than this (the, and, de, les) say nothing about what a partnership does.
SIGNIFICANT_WORD = 4
WORD = re.compile(r"\w+")

PAIRS_AMONG = """
SELECT a.partnership_id, b.partnership_id, similarity(a.text, b.text) AS score
FROM overlaps_partnershiptext a
JOIN overlaps_partnershiptext b ON b.text %% a.text AND b.partnership_id > a.partnership_id
WHERE a.partnership_id = ANY(%(scope)s) AND b.partnership_id = ANY(%(scope)s)
ORDER BY score DESC, 1, 2 LIMIT %(limit)s
"""
PAIRS_WITH = """
SELECT a.partnership_id, b.partnership_id, similarity(a.text, b.text) AS score
FROM overlaps_partnershiptext a
JOIN overlaps_partnershiptext b ON b.text %% a.text AND b.partnership_id <> a.partnership_id
JOIN partnerships_partnership p ON p.id = b.partnership_id AND p.status <> %(closed)s
WHERE a.partnership_id = %(pk)s
ORDER BY score DESC, 2 LIMIT %(limit)s
"""


def words(text):
    return {word for word in WORD.findall(text.lower()) if len(word) >= SIGNIFICANT_WORD and not word.isdigit()}


def word_similarity(a, b):
    """The SQLite stand-in for pg_trgm's similarity: words in common over words in either."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def shared_share(a, b):
    """The share of the shorter text's words found in the other: "the same audience" in other words."""
    shorter = min(len(a), len(b))
    return len(a & b) / shorter if shorter else 0.0


@dataclass
class Side:
    partnership: Partnership
    visible: bool
    standing: DuplicateMark | None = None  # the newest mark of an organisation of this side


@dataclass
class Pair:
    first: Side
    second: Side
    score: float
    reasons: list = field(default_factory=list)
    marks: list = field(default_factory=list)  # every mark, newest first

    @property
    def percent(self):
        return round(self.score * 100)

    @property
    def dismissed(self):
        """Both sides said "not a duplicate": the pair leaves the likely list."""
        return all(
            side.standing is not None and side.standing.verdict == Verdict.NOT_DUPLICATE
            for side in (self.first, self.second)
        )

    def other_than(self, partnership):
        return self.second if self.first.partnership.pk == partnership.pk else self.first


def likely_pairs(*, user, partnership=None, trigram=None):
    """The likely pairs among the partnerships `user` sees, or of `partnership` with any other, best first;
    pairs both sides marked "not a duplicate" are left out."""
    overlap_texts_refresh()
    visible = set(Partnership.objects.visible_to(user).not_closed().values_list("pk", flat=True))
    if trigram is None:
        trigram = connection.vendor == "postgresql"
    if partnership is not None:
        found = _with_trigrams(partnership) if trigram else _with_words(partnership)
    else:
        found = _among_trigrams(visible) if trigram else _among_words(visible)
    pairs = _pairs(found, visible=visible | ({partnership.pk} if partnership else set()))
    return [pair for pair in pairs if not pair.dismissed]


def marked_pairs(*, user, partnership=None):
    """Every pair someone marked, among the partnerships `user` sees or of `partnership`, newest first."""
    visible = set(Partnership.objects.visible_to(user).values_list("pk", flat=True))
    marks = DuplicateMark.objects.all()
    if partnership is not None:
        marks = marks.filter(first=partnership) | marks.filter(second=partnership)
        visible.add(partnership.pk)
    else:
        marks = marks.filter(first__in=visible, second__in=visible)
    ordered = dict.fromkeys(marks.order_by("-marked_at", "-pk").values_list("first_id", "second_id"))
    scores = _scores(list(ordered))
    return _pairs([(a, b, scores.get((a, b), 0.0)) for a, b in ordered], visible=visible)


def pair_of(*, user, partnership, other):
    """The pair of two partnerships, as `likely_pairs` shows it, or None when they are not alike and nobody
    marked them (nothing to show of a partnership the person does not see)."""
    first, second = sorted((partnership.pk, other.pk))
    visible = set(Partnership.objects.visible_to(user).filter(pk__in=[first, second]).values_list("pk", flat=True))
    visible.add(partnership.pk)
    score = _scores([(first, second)]).get((first, second), 0.0)
    marked = DuplicateMark.objects.filter(first_id=first, second_id=second).exists()
    if score < settings.INTERLOCK_OVERLAP_SIMILARITY and not marked and other.pk not in visible:
        return None
    return _pairs([(first, second, score)], visible=visible)[0]


def _scores(pairs):
    """The score of each (first id, second id) pair, worked out as the finder does."""
    if not pairs:
        return {}
    overlap_texts_refresh()
    ids = {pk for pair in pairs for pk in pair}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.partnership_id, b.partnership_id, similarity(a.text, b.text) "
                "FROM unnest(%s::bigint[], %s::bigint[]) AS pair (x, y) "
                "JOIN overlaps_partnershiptext a ON a.partnership_id = pair.x "
                "JOIN overlaps_partnershiptext b ON b.partnership_id = pair.y",
                [[a for a, _b in pairs], [b for _a, b in pairs]],
            )
            found = {(a, b): score for a, b, score in cursor.fetchall()}
        return {pair: found.get(pair, 0.0) for pair in pairs}
    texts = {t.pk: words(t.text) for t in PartnershipText.objects.filter(pk__in=ids)}
    return {(a, b): word_similarity(texts.get(a, set()), texts.get(b, set())) for a, b in pairs}


def _trigram_rows(sql, params):
    with transaction.atomic(), connection.cursor() as cursor:
        # `%` matches at this threshold; set for this transaction only.
        cursor.execute(
            "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(settings.INTERLOCK_OVERLAP_SIMILARITY)]
        )
        cursor.execute(sql, params)
        return cursor.fetchall()


def _among_trigrams(scope):
    if len(scope) < 2:
        return []
    return _trigram_rows(PAIRS_AMONG, {"scope": sorted(scope), "limit": PAIRS_AT_MOST})


def _with_trigrams(partnership):
    rows = _trigram_rows(
        PAIRS_WITH, {"pk": partnership.pk, "closed": Partnership.Status.CLOSED, "limit": PAIRS_AT_MOST}
    )
    return [(min(a, b), max(a, b), score) for a, b, score in rows]


def _best(found):
    found.sort(key=lambda row: (-row[2], row[0], row[1]))
    return found[:PAIRS_AT_MOST]


def _with_words(partnership):
    texts = PartnershipText.objects.exclude(partnership__status=Partnership.Status.CLOSED)
    own = PartnershipText.objects.filter(pk=partnership.pk).first()
    mine = words(own.text) if own else set()
    found = []
    for other in texts.exclude(pk=partnership.pk).only("text"):
        score = word_similarity(mine, words(other.text))
        if score >= settings.INTERLOCK_OVERLAP_SIMILARITY:
            found.append((min(partnership.pk, other.pk), max(partnership.pk, other.pk), score))
    return _best(found)


def _among_words(scope):
    texts = {t.pk: words(t.text) for t in PartnershipText.objects.filter(pk__in=scope).only("text")}
    # Only partnerships with a word in common are compared (an inverted index of the words).
    having = {}
    for pk, found in texts.items():
        for word in found:
            having.setdefault(word, set()).add(pk)
    compared, found = set(), []
    for pk, mine in texts.items():
        for other in {o for word in mine for o in having[word] if o > pk} - compared:
            score = word_similarity(mine, texts[other])
            if score >= settings.INTERLOCK_OVERLAP_SIMILARITY:
                found.append((pk, other, score))
    return _best(found)


def _pairs(found, *, visible):
    """The found (first id, second id, score) rows as pairs with their reasons and marks, in four queries."""
    if not found:
        return []
    ids = {pk for a, b, _score in found for pk in (a, b)}
    partnerships = {
        p.pk: p for p in Partnership.objects.filter(pk__in=ids).with_participants().prefetch_related("regions")
    }
    texts = {t.pk: t for t in PartnershipText.objects.filter(pk__in=ids)}
    marks = {}
    for mark in DuplicateMark.objects.of_pairs([(a, b) for a, b, _score in found]):
        marks.setdefault((mark.first_id, mark.second_id), []).append(mark)
    pairs = []
    for a, b, score in found:
        first = Side(partnerships[a], a in visible)
        second = Side(partnerships[b], b in visible)
        history = marks.get((a, b), [])
        for side in (first, second):
            side.standing = next(
                (m for m in history if m.ministry_id in side.partnership.participant_ministry_ids), None
            )
        pair = Pair(first, second, score, marks=history)
        pair.reasons = reasons(first, second, texts.get(a), texts.get(b))
        pairs.append(pair)
    return pairs


def reasons(first, second, first_text, second_text):
    """Why two partnerships look alike, in the words of the side the person sees (the first when both)."""
    if first_text is None or second_text is None:
        return []
    shown = first if first.visible else second
    found = []
    if shared_share(words(first_text.audience), words(second_text.audience)) >= settings.INTERLOCK_OVERLAP_REASON_SHARE:
        found.append(_("Same audience: %(audience)s") % {"audience": shown.partnership.target_audience})
    regions = sorted(
        {str(r) for r in first.partnership.regions.all()} & {str(r) for r in second.partnership.regions.all()}
    )
    if regions:
        found.append(_("Same regions: %(regions)s") % {"regions": ", ".join(regions)})
    if shared_share(words(first_text.purpose), words(second_text.purpose)) >= settings.INTERLOCK_OVERLAP_REASON_SHARE:
        found.append(_("Similar purpose"))
    for name in sorted(set(first_text.indicator_names) & set(second_text.indicator_names)):
        found.append(_("Shared indicator: %(name)s") % {"name": name})
    return found
