"""Demo budgets for the demo partnerships, built through the same services people use.

Safe to run twice: a partnership that already has a budget is left alone.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from budgets import services
from budgets.models import Budget, Expenditure, Grant
from ministries.models import FieldUnit, Ministry, Role
from ministries.permissions import people_holding
from partnerships import services as partnership_services
from partnerships.models import Participation, Partnership

# title -> (currency, first month, managed by, committee, field staff record,
#           {ministry: [pledged per year]}, share of each pledge committed,
#           [(from, to or None, year index, amount, state)],
#           [(ministry, unit or None, days after the start, category, amount, description)])
BUDGETS = {
    "Integrated services for children in Northern Ontario": (
        "CAD",
        4,
        Budget.ManagedBy.COMMITTEE,
        ["MCSS", "MOHLTC", "EDU"],
        True,
        {"MCSS": [900000, 950000, 1000000], "MOHLTC": [300000, 320000, 340000], "EDU": [150000, 150000, 150000]},
        [Decimal("1"), Decimal("0.8"), Decimal("0")],
        [
            ("MOHLTC", None, 0, 150000, "complete"),
            ("EDU", None, 0, 75000, "sent"),
            ("MOHLTC", "MCSS", 1, 100000, "planned"),
        ],
        [
            ("MCSS", None, 20, "staff", "210000.00", "Intake coordinators, first quarter"),
            ("MCSS", "Thunder Bay Office", 45, "facilities", "18450.75", "Fit-out of the shared intake room"),
            ("MOHLTC", None, 60, "services", "96500.00", "Public health nurse visits under the shared case plan"),
            (None, None, 75, "training", "12800.00", "Joint training on the single intake form"),
        ],
    ),
    "Madawaska River water management plan": (
        "CAD",
        4,
        Budget.ManagedBy.LEAD,
        [],
        False,
        {"MNR": [250000, 200000, 150000], "MOE": [80000, 60000, 60000], "OPG": [120000, 100000, 100000]},
        [Decimal("1"), Decimal("0.5"), Decimal("0")],
        [("OPG", "MNR", 0, 60000, "complete")],
        [
            ("MNR", None, 30, "services", "142000.00", "Hydrology study of the upper river"),
            ("MOE", None, 50, "equipment", "23990.50", "Water quality sensors"),
        ],
    ),
    "Agricultural employment in the Negev": (
        "ILS",
        1,
        Budget.ManagedBy.LEAD,
        [],
        True,
        {"IL-NEGEV": [2000000, 2200000, 2200000, 600000], "IL-AGRI": [1500000, 1500000, 1500000, 400000]},
        [Decimal("1"), Decimal("0.5"), Decimal("0"), Decimal("0")],
        [("IL-AGRI", "IL-NEGEV", 0, 500000, "sent")],
        [("IL-NEGEV", "Negev District", 40, "training", "185000.00", "First cohort of farm apprentices")],
    ),
}


# title -> (funder, grant fields, reporting dates as days after the partnership's start)
GRANTS = {
    "Integrated services for children in Northern Ontario": (
        "OTF",
        {
            "title": "Family navigators",
            "amount": Decimal("250000"),
            "currency": "CAD",
            "conditions": "A yearly report on families served; the foundation's name on public material.",
            "restricted_uses": "Stipends and training of family navigators only.",
        },
        [180, 365],
    ),
}


def _funder_joins(partnership, funder):
    """The funder joins the way parties do: the lead's coordinator proposes, every signing party agrees."""
    details = {"contributes": "A grant for family navigators", "receives": "", "responsibility": ""}
    details |= {"focal_person": None, **dict.fromkeys(Participation.HOLDINGS, False)}
    rows = [partnership_services.party_row(p) for p in partnership.participations.all()]
    rows.append(
        partnership_services.party_row(
            {"ministry": funder, "kind": Participation.Kind.FUNDER, "role": "supporting", **details}
            | {"gain_share": Decimal(0), "risk_share": Decimal(0), "unit": None}
        )
    )
    after = partnership_services.structure_snapshot(partnership, parties=rows)
    proposal = partnership_services.structure_propose(
        partnership=partnership,
        by=_money_person(partnership.lead.ministry),
        after=after,
        reason="The foundation funds the family navigators; it does not sign the charter.",
    )
    for ministry in Ministry.objects.filter(pk__in=proposal.ministry_ids_to_agree).order_by("pk"):
        signers = people_holding([ministry.pk], signatories=True)
        if not signers:
            return None
        partnership_services.structure_agree(proposal=proposal, ministry=ministry, by=signers[0])
    return partnership.participations.get(ministry=funder)


def seed_grants():
    created = 0
    for title, (short, fields, days) in GRANTS.items():
        partnership = Partnership.objects.with_participants().filter(title=title).first()
        funder = Ministry.objects.filter(short_name=short).first()
        if partnership is None or funder is None or Grant.objects.filter(funder__partnership=partnership).exists():
            continue
        party = partnership.participations.filter(ministry=funder).first() or _funder_joins(partnership, funder)
        if party is None:
            continue
        start = partnership.start_date or partnership.created_at.date()
        dates = [start + timedelta(days=n) for n in days]
        services.grant_save(
            funder=party, by=_money_person(partnership.lead.ministry), fields=fields, reporting_dates=dates
        )
        created += 1
    return created


def _money_person(ministry):
    return (
        get_user_model()
        .objects.filter(memberships__ministry=ministry, memberships__role__in=[Role.COORDINATOR, Role.EXECUTIVE])
        .order_by("memberships__role", "username")
        .first()
    )


def seed_demo(stdout):
    created = 0
    for title, spec in BUDGETS.items():
        partnership = Partnership.objects.with_participants().filter(title=title).first()
        if partnership is None or Budget.objects.filter(partnership=partnership).exists():
            continue
        currency, month, managed_by, committee, field_may_record, pledges, committed_part, transfers, spending = spec
        ministries = {p.ministry.short_name: p.ministry for p in partnership.participations.all()}
        lead = partnership.lead.ministry
        manager = _money_person(lead)
        years = services.budget_years_for(partnership, month)
        budget = services.budget_create(
            partnership=partnership,
            by=manager,
            fields={
                "currency": currency,
                "fiscal_year_start_month": month,
                "first_year": years[0],
                "last_year": years[1],
                "managed_by": managed_by,
                "field_units_may_record": field_may_record,
            },
            committee=[ministries[short] for short in committee],
        )
        created += 1
        amounts = {}
        for short, per_year in pledges.items():
            for index, pledged in enumerate(per_year[: len(budget.years)]):
                pledged = Decimal(pledged)
                committed = (pledged * committed_part[index]).quantize(Decimal("0.01"))
                amounts[(ministries[short].pk, budget.first_year + index)] = (pledged, committed)
        created += services.contributions_save(budget=budget, by=manager, amounts=amounts)
        for sender, receiver, index, amount, state in transfers:
            transfer = services.transfer_propose(
                budget=budget,
                by=_money_person(ministries[sender]),
                from_ministry=ministries[sender],
                to_ministry=ministries[receiver] if receiver else None,
                fiscal_year=budget.first_year + index,
                amount=Decimal(amount),
                description="Agreed share for the year",
            )
            created += 1
            if state in ("sent", "complete"):
                services.transfer_mark_sent(transfer=transfer, by=_money_person(ministries[sender]))
            if state == "complete":
                # In the demo the lead sits on every committee and never sends to it.
                receiving = ministries[receiver] if receiver else lead
                services.transfer_confirm_received(transfer=transfer, by=_money_person(receiving))
        start = max(partnership.start_date, budget.first_day)
        for short, unit_name, days, category, amount, description in spending:
            ministry = ministries[short] if short else None
            unit = FieldUnit.objects.filter(ministry=ministry, name=unit_name).first() if unit_name else None
            services.expenditure_record(
                budget=budget,
                by=manager,
                date=start + timedelta(days=days),
                category=category,
                amount=Decimal(amount),
                ministry=ministry,
                field_unit=unit,
                description=description,
            )
            created += 1
    created += seed_grants()
    if created:
        stdout.write(f"Demo budgets: {created} new records ({Expenditure.objects.count()} expenditures in all).")
    return created
