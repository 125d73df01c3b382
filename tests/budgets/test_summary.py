"""The arithmetic of every total, over random contributions, transfers and spending."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import services
from budgets.summary import COMMITTEE, Cell, budget_summary, burn_rows, percent, share_rows, summarise
from tests.builders import make_budget, make_partnership
from tests.factories import MinistryFactory, UserFactory

YEARS = [2026, 2027, 2028]
KEYS = [1, 2, 3, COMMITTEE]
amounts = st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000000"), places=2)
positive = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000000000"), places=2)
years = st.sampled_from(YEARS)
ministries = st.sampled_from([1, 2, 3])


@st.composite
def contribution(draw):
    pledged = draw(amounts)
    committed = draw(st.decimals(min_value=Decimal("0"), max_value=pledged, places=2))
    return (draw(ministries), draw(years), pledged, committed)


@st.composite
def transfer(draw):
    sender = draw(ministries)
    receiver = draw(st.sampled_from([k for k in KEYS if k != sender]))
    return (sender, receiver, draw(years), draw(positive))


expenditure = st.tuples(st.sampled_from(KEYS), years, positive)


ANY = object()  # not None: None is the committee's key


def by_hand(rows, pick, year=ANY, key=ANY, value=lambda row: row[-1]):
    """Add up the rows matching a year and key the slow, obvious way."""
    total = Decimal("0")
    for row in rows:
        row_key, row_year = pick(row)
        if (year is ANY or row_year == year) and (key is ANY or row_key == key):
            total += value(row)
    return total


@given(st.lists(contribution(), max_size=20), st.lists(transfer(), max_size=15), st.lists(expenditure, max_size=25))
def test_every_total_is_the_sum_of_its_rows(contributions, transfers, expenditures):
    summary = summarise(
        years=YEARS, keys=KEYS, contributions=contributions, transfers=transfers, expenditures=expenditures
    )

    for year in YEARS:
        for key in KEYS:
            cell = summary.cell(year, key)
            assert cell.pledged == by_hand(contributions, lambda r: (r[0], r[1]), year, key, lambda r: r[2])
            assert cell.committed == by_hand(contributions, lambda r: (r[0], r[1]), year, key, lambda r: r[3])
            assert cell.sent == by_hand(transfers, lambda r: (r[0], r[2]), year, key)
            assert cell.received == by_hand(transfers, lambda r: (r[1], r[2]), year, key)
            assert cell.spent == by_hand(expenditures, lambda r: (r[0], r[1]), year, key)
            assert cell.variance == cell.committed - cell.sent + cell.received - cell.spent
        year_total = summary.year_total(year)
        assert year_total.pledged == by_hand(contributions, lambda r: (r[0], r[1]), year, ANY, lambda r: r[2])
        assert year_total.spent == by_hand(expenditures, lambda r: (r[0], r[1]), year)
        # Transfers move money between rows: within a year, what is sent is what is received.
        assert year_total.sent == year_total.received
        assert year_total.variance == year_total.committed - year_total.spent
    for key in KEYS:
        assert summary.key_total(key).committed == by_hand(
            contributions, lambda r: (r[0], r[1]), ANY, key, lambda r: r[3]
        )
        assert summary.key_total(key).spent == by_hand(expenditures, lambda r: (r[0], r[1]), ANY, key)
    total = summary.total
    assert total.pledged == sum((r[2] for r in contributions), Decimal("0"))
    assert total.committed == sum((r[3] for r in contributions), Decimal("0"))
    assert total.spent == sum((r[2] for r in expenditures), Decimal("0"))
    assert total.sent == total.received == sum((r[3] for r in transfers), Decimal("0"))
    assert total.variance == total.committed - total.spent
    assert (
        total
        == sum((summary.key_total(k) for k in KEYS), Cell())
        == sum((summary.year_total(y) for y in YEARS), Cell())
    )
    # No float crept in anywhere.
    for value in (total.pledged, total.committed, total.sent, total.spent, total.variance):
        assert isinstance(value, Decimal)


@given(st.lists(contribution(), max_size=15), st.lists(expenditure, max_size=15))
def test_burn_rows_run_to_the_totals(contributions, expenditures):
    summary = summarise(years=YEARS, keys=KEYS, contributions=contributions, expenditures=expenditures)

    rows = burn_rows(summary)

    assert [row["year"] for row in rows] == YEARS
    assert rows[-1]["committed_to_date"] == summary.total.committed
    assert rows[-1]["spent_to_date"] == summary.total.spent
    assert rows[-1]["remaining"] == summary.total.committed - summary.total.spent
    assert sum((row["spent"] for row in rows), Decimal("0")) == summary.total.spent


def test_rows_of_a_ministry_that_left_get_their_own_line_before_the_committee():
    summary = summarise(years=YEARS, keys=[1, COMMITTEE], contributions=[(9, 2026, Decimal("5"), Decimal("5"))])

    assert summary.keys == [1, 9, COMMITTEE]
    assert summary.cell(2026, 9).committed == Decimal("5")


def test_rows_outside_the_years_are_left_out():
    summary = summarise(years=YEARS, keys=[1], expenditures=[(1, 2030, Decimal("5"))])

    assert summary.total.spent == Decimal("0")


def test_percent_rounds_to_a_tenth_and_survives_nothing():
    assert percent(Decimal("1"), Decimal("3")) == Decimal("33.3")
    assert percent(Decimal("1"), Decimal("0")) == Decimal("0")


class FakeParticipation:
    def __init__(self, ministry_id, gain, risk):
        self.ministry_id, self.gain_share, self.risk_share = ministry_id, Decimal(gain), Decimal(risk)


def test_a_ministry_paying_much_more_than_its_share_is_flagged():
    summary = summarise(
        years=YEARS,
        keys=[1, 2],
        contributions=[(1, 2026, Decimal("700"), Decimal("700")), (2, 2026, Decimal("300"), Decimal("300"))],
    )

    basis, rows = share_rows(summary, [FakeParticipation(1, 50, 55), FakeParticipation(2, 50, 45)])

    assert basis == "committed"
    assert [(r.cost_share, r.carries_more) for r in rows] == [(Decimal("70.0"), True), (Decimal("30.0"), False)]


def test_shares_use_pledges_until_something_is_committed():
    summary = summarise(
        years=YEARS,
        keys=[1, 2],
        contributions=[(1, 2026, Decimal("600"), Decimal("0")), (2, 2026, Decimal("400"), Decimal("0"))],
    )

    basis, rows = share_rows(summary, [FakeParticipation(1, 50, 50), FakeParticipation(2, 50, 50)])

    assert basis == "pledged"
    assert [(r.cost_share, r.carries_more) for r in rows] == [(Decimal("60.0"), False), (Decimal("40.0"), False)]


def test_share_tolerance_is_a_setting(settings):
    settings.INTERLOCK_BUDGET_SHARE_TOLERANCE = 5
    summary = summarise(
        years=YEARS,
        keys=[1, 2],
        contributions=[(1, 2026, Decimal("560"), Decimal("560")), (2, 2026, Decimal("440"), Decimal("440"))],
    )

    _basis, rows = share_rows(summary, [FakeParticipation(1, 50, 50), FakeParticipation(2, 50, 50)])

    assert [r.carries_more for r in rows] == [True, False]


# The same arithmetic through the database: stored rows, confirmed transfers only, Sum() in SQL.


@pytest.mark.django_db
# too_slow: drawing rows takes database writes, slow on a busy machine; the examples are what is checked.
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(contribution(), max_size=8),
    st.lists(st.tuples(transfer(), st.sampled_from(["planned", "sent", "complete"])), max_size=6),
    st.lists(expenditure, max_size=10),
)
def test_stored_budget_adds_up_like_the_rows(contributions, transfers, expenditures):
    with transaction.atomic():
        ministries = [MinistryFactory(), MinistryFactory(), MinistryFactory()]
        partnership = make_partnership(ministries, start_date=date(2026, 4, 1), end_date=date(2029, 3, 31))
        budget = make_budget(partnership, managed_by="committee", committee=ministries)
        pk = {1: ministries[0].pk, 2: ministries[1].pk, 3: ministries[2].pk, COMMITTEE: COMMITTEE}
        grid = {}
        for key, year, pledged, committed in contributions:
            grid[(pk[key], year)] = (pledged, committed)  # the last entry for a cell wins, as in the form
        services.contributions_save(budget=budget, by=None, amounts=grid)
        sender_person, receiver_person = UserFactory(), UserFactory()
        complete = []
        for (sender, receiver, year, amount), state in transfers:
            moved = services.transfer_propose(
                budget=budget,
                by=None,
                from_ministry=ministries[sender - 1],
                to_ministry=ministries[receiver - 1] if receiver else None,
                fiscal_year=year,
                amount=amount,
            )
            if state != "planned":
                services.transfer_mark_sent(transfer=moved, by=sender_person)
            if state == "complete":
                services.transfer_confirm_received(transfer=moved, by=receiver_person)
                complete.append((pk[sender], pk[receiver], year, amount))
        for key, year, amount in expenditures:
            services.expenditure_record(
                budget=budget,
                by=None,
                date=date(year, 7, 1),
                category="other",
                amount=amount,
                ministry=ministries[key - 1] if key else None,
                description="x",
            )

        stored = budget_summary(budget, budget.partnership.participants)
        expected = summarise(
            years=YEARS,
            keys=[*pk.values()],
            contributions=[(m, y, p, c) for (m, y), (p, c) in grid.items()],
            transfers=complete,
            expenditures=[(pk[k], y, a) for k, y, a in expenditures],
        )

        for year in YEARS:
            for key in pk.values():
                assert stored.cell(year, key) == expected.cell(year, key)
        assert stored.total == expected.total
        transaction.set_rollback(True)
