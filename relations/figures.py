"""The relationship survey's figures: scores per pair and per organisation, and the network's shape.

Anonymity, as for health checks (assessments): a closed round's ratings from one organisation of
another (a "cell": the same people answering about the same party) are shown only when at least
ANONYMITY_THRESHOLD people gave them. Every other figure (a pair, an organisation's given and
received scores, the network) is worked out from the shown cells alone, never from all ratings:
a total over everyone, with the shown cells beside it, would give away a hidden cell by
subtraction (tests/security/test_anonymity.py tries it). Counts of hidden cells are not shown.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from django.conf import settings
from django.db.models import Avg, Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import ANONYMITY_THRESHOLD
from common.dates import day_label
from ministries.models import Cluster, Ministry
from relations.models import SCALE, SCORE_NAMES, TRUST_NAMES, VALUE_NAMES, RelationshipRating, RelationshipSurvey

CENT = Decimal("0.01")


def rounded(value):
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def mean(values):
    values = [Decimal(v) for v in values if v is not None]
    return rounded(sum(values) / len(values)) if values else None


def tie_score():
    """A pair scoring at least this (trust and value together, 1 to 4) counts as a working tie."""
    return Decimal(str(settings.INTERLOCK_RELATIONSHIP_TIE_SCORE))


def score_bars(labels, series):
    """A chart (static/js/charts.js) of 1-to-4 scores as horizontal bars: one bar per series and label."""
    return {
        "type": "bar",
        "horizontal": True,
        "min": SCALE[0],
        "max": SCALE[1],
        "axis": _("1 is not at all, 4 very"),
        "labels": labels,
        "datasets": [{"label": label, "data": data} for label, data in series.items()],
    }


@dataclass
class Cell:
    """What one organisation's people said of another, in one round: shown with ≥ threshold raters."""

    rater: int
    rated: int
    count: int
    trust: Decimal
    value: Decimal


@dataclass
class Pair:
    """Two organisations, both directions of their ratings taken together (the mean of the shown ones)."""

    first: str
    second: str
    ids: tuple
    trust: Decimal | None = None
    value: Decimal | None = None

    @property
    def known(self):
        return self.trust is not None

    @property
    def score(self):
        return mean([self.trust, self.value]) if self.known else None

    @property
    def is_tie(self):
        return self.known and self.score >= tie_score()


@dataclass
class Party:
    ministry_id: int
    name: str
    given_trust: Decimal | None = None
    given_value: Decimal | None = None
    received_trust: Decimal | None = None
    received_value: Decimal | None = None
    degree: int = 0
    centrality: Decimal = Decimal("0.00")


@dataclass
class Network:
    """Density: the share of the possible pairs that are ties. A party's degree centrality: its ties
    over the others it could be tied to. Pairs with too few answers count as no tie, and are counted."""

    parties: list
    pairs: list
    density: Decimal
    known_pairs: int
    central: list = field(default_factory=list)  # names of the parties with the most ties
    isolated: list = field(default_factory=list)  # names of the parties with no tie

    @property
    def trust(self):
        """The mean trust over the pairs with figures."""
        return mean(pair.trust for pair in self.pairs)

    @property
    def value(self):
        return mean(pair.value for pair in self.pairs)

    def pairs_chart(self):
        """The pairs table's trust and value as bars (static/js/charts.js), or None without a shown pair.

        Only the pairs the table shows figures for: a hidden pair is left out, not drawn as zero.
        """
        known = [pair for pair in self.pairs if pair.known]
        if not known:
            return None
        return score_bars(
            [f"{pair.first} — {pair.second}" for pair in known],
            {_("Trust"): [pair.trust for pair in known], _("Value"): [pair.value for pair in known]},
        )


def network_measures(names, pairs):
    """Degree of each party, density, the most central and the isolated, from the pairs' ties.

    `names` maps each party's id to its name; `pairs` are Pair objects between them.
    """
    n = len(names)
    degree = dict.fromkeys(names, 0)
    for pair in pairs:
        if pair.is_tie:
            for pk in pair.ids:
                degree[pk] += 1
    possible = n * (n - 1) // 2
    ties = sum(degree.values()) // 2
    density = rounded(Decimal(ties) / possible) if possible else Decimal("0.00")
    parties = [
        Party(pk, names[pk], degree=degree[pk], centrality=rounded(Decimal(degree[pk]) / max(n - 1, 1)))
        for pk in sorted(names, key=lambda pk: names[pk])
    ]
    most = max(degree.values(), default=0)
    return Network(
        parties=parties,
        pairs=pairs,
        density=density,
        known_pairs=sum(pair.known for pair in pairs),
        central=[p.name for p in parties if most and p.degree == most],
        isolated=[p.name for p in parties if p.degree == 0],
    )


def shown_cells(surveys):
    """{survey id: {(rater id, rated id): Cell}} for closed rounds, only cells of ≥ threshold raters. One query."""
    rows = (
        RelationshipRating.objects.filter(survey__in=[s.pk for s in surveys])
        .values("survey_id", "rater_id", "rated_id")
        .annotate(count=Count("pk"), **{name: Avg(name) for name in SCORE_NAMES})
        .order_by()
    )
    cells = {s.pk: {} for s in surveys}
    for row in rows:
        if row["count"] < ANONYMITY_THRESHOLD:
            continue
        cells[row["survey_id"]][(row["rater_id"], row["rated_id"])] = Cell(
            row["rater_id"],
            row["rated_id"],
            row["count"],
            mean(row[name] for name in TRUST_NAMES),
            mean(row[name] for name in VALUE_NAMES),
        )
    return cells


def pairs_from(cells, names):
    """Every pair of the parties named, with the mean of the shown directions' scores."""
    pairs = []
    for a, b in combinations(sorted(names, key=lambda pk: names[pk]), 2):
        sides = [cells[key] for key in ((a, b), (b, a)) if key in cells]
        pairs.append(
            Pair(
                names[a],
                names[b],
                (a, b),
                mean(c.trust for c in sides) if sides else None,
                mean(c.value for c in sides) if sides else None,
            )
        )
    return pairs


@dataclass
class Round:
    survey: RelationshipSurvey
    closed: bool
    network: Network | None = None  # None while open
    comments: list = field(default_factory=list)  # (about whom, text), newest closed round only


def round_figures(cells, names):
    """The network of one closed round, with each party's given and received scores."""
    network = network_measures(names, pairs_from(cells, names))
    for party in network.parties:
        given = [c for (rater, _rated), c in cells.items() if rater == party.ministry_id]
        received = [c for (_rater, rated), c in cells.items() if rated == party.ministry_id]
        party.given_trust = mean(c.trust for c in given)
        party.given_value = mean(c.value for c in given)
        party.received_trust = mean(c.trust for c in received)
        party.received_value = mean(c.value for c in received)
    return network


def rounds_chart(rounds):
    """The network-over-time table's mean trust, mean value and density as lines, closed rounds only;
    None before a closed round has a pair with figures. Trust and value on the 1-to-4 axis, density
    on its own (0 to 1)."""
    closed = [r for r in rounds if r.closed]
    if not any(r.network.known_pairs for r in closed):
        return None  # every pair hidden: the density would only draw the zero it has by construction
    return {
        "type": "line",
        "min": 1,
        "max": 4,
        "axis": _("Mean score, 1 to 4"),
        "y2": {"min": 0, "max": 1, "title": _("Density")},
        "labels": [day_label(r.survey.due_date) for r in closed],
        "datasets": [
            {"label": _("Mean trust"), "data": [r.network.trust for r in closed]},
            {"label": _("Mean value"), "data": [r.network.value for r in closed]},
            {"label": _("Density"), "data": [r.network.density for r in closed], "axis": "y2"},
        ],
    }


def survey_rounds(home, *, limit=6, today=None):
    """The latest rounds of a partnership or a cluster, oldest first; closed ones with their figures. Three queries.

    The parties are those now: the partnership's participants (`with_participants()` loaded) or the
    cluster's organisations (`with_members()` loaded). Comments are given for the newest closed round
    only, of shown cells only, shuffled and without who wrote them.
    """
    today = today or timezone.localdate()
    surveys = list(RelationshipSurvey.objects.of(home).order_by("-due_date")[:limit])
    surveys.reverse()
    closed = [s for s in surveys if s.is_closed(today)]
    cells = shown_cells(closed)
    if isinstance(home, Cluster):
        names = {m.pk: m.short_name for m in home.ministries.all()}
    else:
        names = {p.ministry_id: p.ministry.short_name for p in home.deciding_parties}
    rounds = [Round(s, s in closed, round_figures(cells[s.pk], names) if s in closed else None) for s in surveys]
    latest = next((r for r in reversed(rounds) if r.closed), None)
    if latest is not None:
        shown = cells[latest.survey.pk]
        comments = [
            (names.get(rated, ""), text)
            for rater, rated, text in RelationshipRating.objects.filter(survey=latest.survey)
            .exclude(comment="")
            .values_list("rater_id", "rated_id", "comment")
            if (rater, rated) in shown
        ]
        random.shuffle(comments)  # the order people answered in must not line comments up
        latest.comments = sorted(comments, key=lambda item: item[0])
    return rounds


@dataclass
class Change:
    """A pair's trust moving between the two newest closed rounds of a partnership or of a cluster."""

    source: str  # the partnership's title or the cluster's name
    first: str
    second: str
    before: Decimal
    after: Decimal
    partnership_id: int | None = None
    cluster_id: int | None = None

    @property
    def fell(self):
        return self.after < self.before


def _home_key(survey):
    return ("cluster", survey.cluster_id) if survey.cluster_id else ("partnership", survey.partnership_id)


def _closed_rounds(partnerships, clusters, today):
    """Closed rounds of these partnerships and clusters, each home's newest first, homes in a stable order."""
    homes = Q(partnership__in=partnerships.values("pk"))
    if clusters is not None:
        homes |= Q(cluster__in=clusters.values("pk"))
    return (
        RelationshipSurvey.objects.closed_on(today)
        .filter(homes)
        .select_related("partnership", "cluster")
        .order_by("partnership_id", "cluster_id", "-due_date")
    )


def trust_changes(partnerships, *, clusters=None, today=None):
    """Pairs whose trust moved by INTERLOCK_RELATIONSHIP_TRUST_CHANGE or more between the two newest closed
    rounds of a partnership, or of a cluster (`clusters`, a queryset, between its organisations); falls first,
    the biggest first. Three queries whatever the number."""
    today = today or timezone.localdate()
    threshold = Decimal(str(settings.INTERLOCK_RELATIONSHIP_TRUST_CHANGE))
    surveys = defaultdict(list)
    for survey in _closed_rounds(partnerships, clusters, today):
        if len(surveys[_home_key(survey)]) < 2:
            surveys[_home_key(survey)].append(survey)
    compared = [s for two in surveys.values() if len(two) == 2 for s in two]
    cells = shown_cells(compared)
    names = _names({key for c in cells.values() for key in c})
    changes = []
    for newer, older in (two for two in surveys.values() if len(two) == 2):
        before = {p.ids: p for p in pairs_from(cells[older.pk], names) if p.known}
        for pair in pairs_from(cells[newer.pk], names):
            old = before.get(pair.ids)
            if pair.known and old is not None and abs(pair.trust - old.trust) >= threshold:
                home = newer.cluster.name if newer.cluster_id else newer.partnership.title
                changes.append(
                    Change(home, pair.first, pair.second, old.trust, pair.trust, newer.partnership_id, newer.cluster_id)
                )
    return sorted(changes, key=lambda c: (c.after - c.before, c.source, c.first))


def trust_changes_chart(changes):
    """The portfolio's trust changes (trust_changes) as bars, before and after, pair by pair in the list's
    order; None without a change."""
    if not changes:
        return None
    return score_bars(
        [f"{c.first} — {c.second} ({c.source})" for c in changes],
        {_("Trust before"): [c.before for c in changes], _("Trust after"): [c.after for c in changes]},
    )


def _names(keys):
    ids = {pk for key in keys for pk in key}
    return dict(Ministry.objects.filter(pk__in=ids).values_list("pk", "short_name"))


@dataclass
class TrustLink:
    """The mean trust between two organisations over the newest closed round of each partnership and cluster
    they share, and the clusters among those sources (named, so a reader knows where a figure comes from)."""

    trust: Decimal
    partnerships: int = 0
    clusters: list = field(default_factory=list)


def trust_links(partnerships, *, clusters=None, today=None):
    """{(ministry id, ministry id): TrustLink} over the newest closed round of each partnership (and each
    cluster in `clusters`), for the map. Two queries."""
    today = today or timezone.localdate()
    newest = {}
    for survey in _closed_rounds(partnerships, clusters, today):
        newest.setdefault(_home_key(survey), survey)
    cells = shown_cells(list(newest.values()))
    by_pair = defaultdict(list)
    for survey in newest.values():
        for (rater, rated), cell in cells[survey.pk].items():
            by_pair[tuple(sorted((rater, rated)))].append((cell.trust, survey))
    links = {}
    for pair, rated in by_pair.items():
        homes = {_home_key(survey): survey for _trust, survey in rated}
        links[pair] = TrustLink(
            mean(trust for trust, _survey in rated),
            partnerships=sum(kind == "partnership" for kind, _pk in homes),
            clusters=sorted(s.cluster.name for s in homes.values() if s.cluster_id),
        )
    return links
