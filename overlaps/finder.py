"""The likely duplicates: pairs of partnerships serving the same audience, in the same regions, with the
same purpose, each with the reasons it matched and a score.

The pairs are those `services.overlap_texts_refresh` keeps in `SimilarPair` (by pg_trgm's `%` on PostgreSQL,
by the share of words in common elsewhere); the finder brings them up to date, reads those of the person's
partnerships, and works out the reasons the same way on both databases.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from overlaps.models import DuplicateMark, PartnershipText, SimilarPair, Verdict
from overlaps.services import overlap_texts_refresh_some
from overlaps.words import shared_share, words
from partnerships.models import Partnership

# The page shows the best pairs only; a portfolio with more has a wording problem, not a list to read.
PAIRS_AT_MOST = 100


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


def likely_pairs(*, user, partnership=None):
    """The likely pairs among the partnerships `user` sees, or of `partnership` with any other, best first;
    pairs both sides marked "not a duplicate" are left out. Closed partnerships are no duplicates."""
    overlap_texts_refresh_some()
    closed = Partnership.Status.CLOSED
    pairs = SimilarPair.objects.exclude(first__status=closed).exclude(second__status=closed)
    if partnership is not None:
        pairs = pairs.filter(Q(first=partnership) | Q(second=partnership))
    else:
        seen = Partnership.objects.visible_to(user).values("pk")
        pairs = pairs.filter(first__in=seen, second__in=seen)
    found = list(pairs.order_by("-score", "first", "second").values_list("first", "second", "score")[:PAIRS_AT_MOST])
    return [pair for pair in _pairs(found, user=user, partnership=partnership) if not pair.dismissed]


def marked_pairs(*, user, partnership=None):
    """Every pair someone marked, among the partnerships `user` sees or of `partnership`, newest first."""
    marks = DuplicateMark.objects.all()
    if partnership is not None:
        marks = marks.filter(Q(first=partnership) | Q(second=partnership))
    else:
        seen = Partnership.objects.visible_to(user).values("pk")
        marks = marks.filter(first__in=seen, second__in=seen)
    ordered = list(dict.fromkeys(marks.order_by("-marked_at", "-pk").values_list("first_id", "second_id")))
    scores = _scores(ordered)
    return _pairs([(a, b, scores.get((a, b), 0.0)) for a, b in ordered], user=user, partnership=partnership)


def pair_of(*, user, partnership, other):
    """The pair of two partnerships, as `likely_pairs` shows it, or None when they are not alike, nobody
    marked them, and the person does not see `other` (nothing to show of it)."""
    first, second = sorted((partnership.pk, other.pk))
    overlap_texts_refresh_some()
    score = _scores([(first, second)]).get((first, second), 0.0)
    [pair] = _pairs([(first, second, score)], user=user, partnership=partnership)
    if score or pair.marks or (pair.first.visible and pair.second.visible):
        return pair
    return None


def _scores(pairs):
    """The score of each (first id, second id) pair that is alike."""
    wanted = Q(pk__in=[])
    for first, second in pairs:
        wanted |= Q(first_id=first, second_id=second)
    return {(a, b): score for a, b, score in SimilarPair.objects.filter(wanted).values_list("first", "second", "score")}


def _pairs(found, *, user, partnership=None):
    """The found (first id, second id, score) rows as pairs with their reasons and marks, in six queries."""
    if not found:
        return []
    ids = {pk for a, b, _score in found for pk in (a, b)}
    visible = set(Partnership.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    if partnership is not None:
        visible.add(partnership.pk)  # a superuser who stated a reason sees it
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
