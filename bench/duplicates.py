# ruff: noqa: S311 -- random words for a benchmark's texts, not secrets.
"""The duplicate finder at portfolio scale: its time beside the raw SQL of its trigram join.

    bin/bench --duplicates [--partnerships 10000] [--ministries 100]
    .venv/bin/python bench/duplicates.py [--partnerships 10000]

Starts a throwaway PostgreSQL (as bin/test does) and fills it with `--partnerships` partnerships of two
ministries each (lead i % ministries), each with its own need, public value, audience and indicator made
of words drawn from a large vocabulary and a few words every partnership uses (families, services...).
Among them, in ministry 0's portfolio: a seeded pair that serves the same audience in the same region for
the same purpose in other words, and a partnership about something else that must be skipped. Then it
builds the texts and their similar pairs (`overlap_texts_refresh`: one trigram lookup per partnership), and
times (best of three, in milliseconds): the check for texts to rebuild, one partnership rebuilt as after an
edit, and

- the finder for the executive of ministry 0's portfolio (`likely_pairs(user=...)`), beside the raw SQL of
  the pairs it reads;
- the finder for one partnership of the pair (`likely_pairs(partnership=...)`), beside its raw SQL;

with their queries, and checks that the seeded pair is found and the dissimilar partnership is in no pair.
Goal: each finder under a second at 10,000 partnerships. tests/overlaps/test_bench.py runs it at 300.
"""

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import django_on_fresh_postgres  # noqa: E402 - needs the path above

BATCH = 5_000
LETTERS = "abcdefghijklmnopqrstuvwxyz"
COMMON = ["families", "services", "health", "people", "support", "community", "program", "access", "regional"]
SEEDED = (
    {
        "title": "Early minds north",
        "problem": "Young children in the north wait months for a mental health assessment.",
        "public_value": "One intake for early childhood mental health, close to home.",
        "target_audience": "Families with young children in Northern Ontario",
    },
    {
        "title": "Child mental health north",
        "problem": "Young children in northern towns wait many months for a mental health assessment.",
        "public_value": "A single intake for childhood mental health, close to home.",
        "target_audience": "Families with young children in Northern Ontario",
    },
)
SEEDED_INDICATOR = "Families assessed within 30 days"
DISSIMILAR = {
    "title": "Road salt",
    "problem": "Winter road salt damages rivers and drinking water wells.",
    "public_value": "Cleaner rivers with safe roads.",
    "target_audience": "Municipal road crews",
}


def vocabulary(rng, size=20_000):
    """Made-up words of random letters: as varied in their trigrams as a language's words are."""
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(LETTERS) for _ in range(rng.randint(5, 10))))
    return sorted(words)


def sentence(rng, words, count):
    return " ".join([*rng.sample(words, count), *rng.sample(COMMON, 2)])


def fill(partnerships, *, ministries=100, seed=22):
    """The portfolio, the seeded pair and the dissimilar partnership; returns (executive of ministry 0,
    the pair, the dissimilar one)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from ministries.models import Membership, Ministry, Region, Role
    from partnerships.models import Participation, Partnership
    from results.models import Indicator

    rng = random.Random(seed)
    words = vocabulary(rng)
    made = Ministry.objects.bulk_create(
        [Ministry(name=f"Bench ministry {m}", short_name=f"BM{m}") for m in range(ministries)]
    )
    executive = get_user_model().objects.create(
        username="bench-executive-0", email="executive0@bench.example", password=make_password(None)
    )
    Membership.objects.create(user=executive, ministry=made[0], role=Role.EXECUTIVE)
    north = Region.objects.create(name="Northern Ontario")
    rows = []
    for start in range(0, partnerships, BATCH):
        numbers = range(start, min(start + BATCH, partnerships))
        batch = Partnership.objects.bulk_create(
            [
                Partnership(
                    title=f"Bench partnership {i}",
                    problem=sentence(rng, words, 10),
                    public_value=sentence(rng, words, 6),
                    target_audience=sentence(rng, words, 4),
                )
                for i in numbers
            ],
            batch_size=BATCH,
        )
        Participation.objects.bulk_create(
            [
                Participation(partnership=p, ministry=made[i % ministries], role="lead")
                for i, p in zip(numbers, batch, strict=True)
            ]
            + [
                Participation(partnership=p, ministry=made[(i * 7 + 1) % ministries])
                for i, p in zip(numbers, batch, strict=True)
                if (i * 7 + 1) % ministries != i % ministries
            ],
            batch_size=BATCH,
        )
        Indicator.objects.bulk_create(
            [
                Indicator(partnership=p, name=sentence(rng, words, 3), owner_ministry=made[i % ministries])
                for i, p in zip(numbers, batch, strict=True)
            ],
            batch_size=BATCH,
        )
        rows.extend(batch)
    # The seeded pair and the dissimilar one: ministry 0 with ministries 1 and 2, so that its executive sees them.
    special = [Partnership.objects.create(**fields) for fields in (*SEEDED, DISSIMILAR)]
    for n, partnership in enumerate(special):
        Participation.objects.create(partnership=partnership, ministry=made[0], role="lead")
        Participation.objects.create(partnership=partnership, ministry=made[1 + n % 2])
        name = SEEDED_INDICATOR if partnership.title != DISSIMILAR["title"] else "Tonnes of salt"
        Indicator.objects.create(partnership=partnership, name=name, owner_ministry=made[0])
        partnership.regions.set([north])
    return executive, special[:2], special[2]


def best_of(run, repeats=3):
    """(best seconds, what the last run returned)."""
    best = result = None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        took = time.perf_counter() - started
        best = took if best is None else min(best, took)
    return best, result


def raw(sql, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class Rollback(Exception):
    pass


def rebuilt(partnership):
    """Seconds to rebuild one partnership's text and find its pairs again, as after an edit (rolled back)."""
    from django.db import transaction

    from overlaps.services import overlap_texts_refresh
    from partnerships.models import Partnership

    try:
        with transaction.atomic():
            started = time.perf_counter()
            overlap_texts_refresh(partnerships=Partnership.objects.filter(pk=partnership.pk))
            took = time.perf_counter() - started
            raise Rollback
    except Rollback:
        return took


# What the finder reads, by hand: the pairs of a portfolio, and of one partnership.
PAIRS = (
    "SELECT s.first_id, s.second_id, s.score FROM overlaps_similarpair s "
    "JOIN partnerships_partnership a ON a.id = s.first_id AND a.status <> 'closed' "
    "JOIN partnerships_partnership b ON b.id = s.second_id AND b.status <> 'closed' WHERE {} "
    "ORDER BY s.score DESC, s.first_id, s.second_id LIMIT 100"
)
SEEN = "SELECT partnership_id FROM partnerships_participation WHERE ministry_id = ANY(%(ministries)s)"
PORTFOLIO = PAIRS.format(f"s.first_id IN ({SEEN}) AND s.second_id IN ({SEEN})")
ONE = PAIRS.format("(s.first_id = %(pk)s OR s.second_id = %(pk)s)")


def measure(executive, pair, dissimilar):
    """[(what, finder seconds, queries, raw SQL seconds, pairs found)] and whether the checks hold."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ministries.permissions import ministry_ids
    from overlaps import finder
    from overlaps.models import stale_partnerships

    stale_seconds, _stale = best_of(lambda: list(stale_partnerships().values_list("pk", flat=True)))
    print(f"The check for texts to rebuild (part of each finder run): {stale_seconds * 1000:.1f} ms", flush=True)
    print(f"One partnership's text and pairs rebuilt, as after an edit: {rebuilt(pair[0]) * 1000:.1f} ms", flush=True)
    runs = {
        "portfolio of ministry 0": (
            lambda: finder.likely_pairs(user=executive),
            PORTFOLIO,
            {"ministries": sorted(ministry_ids(executive))},
        ),
        "one partnership": (
            lambda: finder.likely_pairs(user=executive, partnership=pair[0]),
            ONE,
            {"pk": pair[0].pk},
        ),
    }
    results, checks = [], {}
    wanted = (pair[0].pk, pair[1].pk)
    for what, (run, sql, params) in runs.items():
        raw_seconds, _rows = best_of(lambda sql=sql, params=params: raw(sql, params))
        seconds, found = best_of(run)
        with CaptureQueriesContext(connection) as queries:
            run()
        ids = [(p.first.partnership.pk, p.second.partnership.pk) for p in found]
        checks[f"{what}: the seeded pair is found"] = wanted in ids
        checks[f"{what}: the dissimilar partnership is skipped"] = all(dissimilar.pk not in pair for pair in ids)
        results.append((what, seconds, len(queries), raw_seconds, len(found)))
    return results, checks


def report(results, checks):
    print(f"\n{'finder':<26}{'pairs':>7}{'queries':>9}{'finder ms':>11}{'raw SQL ms':>12}{'ratio':>8}")
    for what, seconds, queries, raw_seconds, found in results:
        print(
            f"{what:<26}{found:>7}{queries:>9}{seconds * 1000:>11.1f}{raw_seconds * 1000:>12.1f}"
            f"{seconds / raw_seconds:>7.2f}x"
        )
    for check, held in checks.items():
        print(f"{'ok  ' if held else 'FAIL'} {check}")
    print("Best of 3 runs each; the finder includes its check for texts to rebuild and its reasons. Goal: under 1 s.")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--partnerships", type=int, default=10_000)
    parser.add_argument("--ministries", type=int, default=100)
    args = parser.parse_args()

    with django_on_fresh_postgres():
        from django.db import connection

        from overlaps.services import overlap_texts_refresh

        started = time.monotonic()
        executive, pair, dissimilar = fill(args.partnerships, ministries=args.ministries)
        print(f"{args.partnerships + 3} partnerships made in {time.monotonic() - started:.0f} s", flush=True)
        started = time.monotonic()
        built = overlap_texts_refresh()
        connection.cursor().execute("ANALYZE")
        print(f"{built} texts built and their pairs found in {time.monotonic() - started:.1f} s", flush=True)
        results, checks = measure(executive, pair, dissimilar)
        report(results, checks)
        if not all(checks.values()):
            raise SystemExit(1)


if __name__ == "__main__":
    main()
