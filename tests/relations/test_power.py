"""The balance of power: shares side by side, and the flags when pay, say and work part ways."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from charters.models import CharterAssignment
from meetings.models import MeetingAttendance
from partnerships.models import Participation, Partnership
from relations.power import DECIDES_MORE, PAYS_MORE, WORKS_WITHOUT_VOICE, portfolio_power_flags, power_balance
from tests.builders import make_partnership
from tests.factories import (
    ActionItemFactory,
    BudgetFactory,
    ConflictArrangementFactory,
    ContributionFactory,
    ExpenditureFactory,
    MeetingFactory,
    MinistryFactory,
)

D = Decimal
TODAY = timezone.localdate()


def shares(partnership, **by_ministry):
    for ministry, share in by_ministry.values():
        Participation.objects.filter(partnership=partnership, ministry=ministry).update(
            gain_share=share, risk_share=share
        )


def test_a_party_paying_70_percent_with_20_percent_of_the_vote_is_flagged(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    shares(partnership, a=(ministry, 20), b=(other_ministry, 80))
    budget = BudgetFactory(partnership=partnership)
    ContributionFactory(budget=budget, ministry=ministry, pledged=D("70000"), committed=D("70000"))
    ContributionFactory(budget=budget, ministry=other_ministry, pledged=D("30000"), committed=D("30000"))
    ExpenditureFactory(budget=budget, ministry=ministry, amount=D("500"))
    ExpenditureFactory(budget=budget, ministry=other_ministry, amount=D("1500"))
    for _ in range(3):
        ActionItemFactory(partnership=partnership, owner_ministry=ministry)
    ActionItemFactory(partnership=partnership, owner_ministry=other_ministry)
    CharterAssignment.objects.create(
        version=partnership.charter_versions.get(), task="Open the intake office", ministry=ministry
    )
    held = MeetingFactory(partnership=partnership, date=TODAY - timedelta(days=7))
    MeetingFactory(partnership=partnership, date=TODAY + timedelta(days=7))  # not held yet
    MeetingAttendance.objects.create(meeting=held, ministry=ministry, people="A. Lee")

    balance = power_balance(partnership, today=TODAY)

    rows = {p.participation.ministry.short_name: p for p in balance.parties}
    mcss, moh = rows["MCSS"], rows["MOH"]
    assert (mcss.committed, mcss.spent, mcss.decision, mcss.actions, mcss.assignments, mcss.work) == (
        D("70.0"),
        D("25.0"),
        D("20.0"),
        D("75.0"),
        D("100.0"),
        D("80.0"),
    )
    assert (moh.committed, moh.decision, moh.work, moh.meetings_attended, mcss.meetings_attended) == (
        D("30.0"),
        D("80.0"),
        D("20.0"),
        0,
        1,
    )
    assert (balance.meetings, balance.work_items) == (1, 5)
    assert mcss.flags == [PAYS_MORE, WORKS_WITHOUT_VOICE]
    assert moh.flags == [DECIDES_MORE]
    assert [str(label) for label in mcss.flag_labels] == [
        "Pays much more than it decides",
        "Carries the work without a voice",
    ]


def test_the_thresholds_are_settings(ministry, other_ministry, settings):
    settings.INTERLOCK_POWER_PAYS_MORE_POINTS = 60
    settings.INTERLOCK_POWER_DECIDES_MORE_POINTS = 60
    partnership = make_partnership([ministry, other_ministry])
    shares(partnership, a=(ministry, 20), b=(other_ministry, 80))
    budget = BudgetFactory(partnership=partnership)
    ContributionFactory(budget=budget, ministry=ministry, pledged=D("70000"), committed=D("70000"))
    ContributionFactory(budget=budget, ministry=other_ministry, pledged=D("30000"), committed=D("30000"))

    assert [p.flags for p in power_balance(partnership).parties] == [[], []]


def test_votes_weigh_as_point_11_says_and_no_money_means_no_money_flag(ministry, other_ministry):
    partnership = make_partnership([ministry, other_ministry])
    shares(partnership, a=(ministry, 20), b=(other_ministry, 80))
    ConflictArrangementFactory(partnership=partnership, weighting="equal")

    balance = power_balance(partnership)

    assert [(p.decision, p.committed, p.flags) for p in balance.parties] == [
        (D("50.0"), D("0.0"), []),
        (D("50.0"), D("0.0"), []),
    ]
    assert (balance.money, balance.meetings, balance.work_items) == (False, 0, 0)


def test_the_portfolio_lists_flagged_parties_in_constant_queries(ministry, other_ministry, django_assert_num_queries):
    def flagged_partnership(title):
        partnership = make_partnership([ministry, other_ministry], title=title)
        shares(partnership, a=(ministry, 20), b=(other_ministry, 80))
        budget = BudgetFactory(partnership=partnership)
        ContributionFactory(budget=budget, ministry=ministry, pledged=D("70000"), committed=D("70000"))
        ContributionFactory(budget=budget, ministry=other_ministry, pledged=D("30000"), committed=D("30000"))

    flagged_partnership("First")
    with django_assert_num_queries(9):
        one = portfolio_power_flags(Partnership.objects.all())
    for n in range(3):
        flagged_partnership(f"More {n}")
    make_partnership([ministry, MinistryFactory()], title="In balance")
    with django_assert_num_queries(9):
        four = portfolio_power_flags(Partnership.objects.all())

    assert [(title, party.participation.ministry.short_name, party.flags) for title, _pk, party in one] == [
        ("First", "MCSS", [PAYS_MORE]),
        ("First", "MOH", [DECIDES_MORE]),
    ]
    assert len(four) == 8
