"""Builders of several rows at once, through the services, as the pages make them.

tests/factories.py makes single rows; these make what a workflow makes: a partnership with its participations and
first charter draft, a signed charter, settled points, an approved measurement, a budget with its pledges. Every test
module takes its helpers from here or from the factories, never from another test module.
"""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accounts.two_factor import mark_verified
from assessments import services as assessment_services
from assessments.models import PointAnswer
from budgets import services as budget_services
from budgets.models import Budget
from budgets.permissions import load_budget
from charters import services as charter_services
from ministries.models import Ministry, Role
from notifications.models import Reminder
from partnerships import services as partnership_services
from partnerships.models import Participation, Partnership
from results import services as results_services
from results.models import Indicator
from tests.factories import IndicatorFactory, ParticipationFactory, PartnershipFactory, person

# The persona fixtures of tests/conftest.py by name, least rights first; the security walks sign in as each.
ROLES = ["anonymous", "outsider", "field_officer", "coordinator", "executive", "evaluator", "administrator"]


# partnerships


def signed_in(client, user):
    """The client signed in as `user`, both steps passed: force_login stands for the password, this for the code.

    The tests of two-step sign-in itself sign in without it (tests/accounts/test_two_factor.py).
    """
    client.force_login(user)
    session = client.session
    mark_verified(session)
    session.save()
    return client


def equal_shares(count):
    """Shares that add up to exactly 100, the first ministry taking the rounding."""
    share = (Decimal("100") / count).quantize(Decimal("0.01"))
    return [Decimal("100") - share * (count - 1), *[share] * (count - 1)]


def make_partnership(ministries, title="Integrated services for children", by=None, **fields):
    """A partnership created as the creation pages do, with its first charter draft.

    Led by the first ministry; gains and risks shared equally, the lead taking the rounding.
    """
    shares = equal_shares(len(ministries))
    return partnership_services.partnership_create(
        created_by=by,
        fields={"title": title, "problem": "Families fall between programs.", "public_value": "One door.", **fields},
        regions=[],
        participations=[
            {"ministry": m, "role": "lead" if i == 0 else "supporting", "gain_share": s, "risk_share": s}
            for i, (m, s) in enumerate(zip(ministries, shares, strict=True))
        ],
    )


def need_step():
    """The POST data of the first creation step (the need)."""
    return {"title": "Children first", "problem": "Families fall between programs.", "public_value": "One door."}


def partners_step(*rows):
    """The POST data of the creation step listing the ministries; each row a dict of one participation's fields."""
    data = {"partners-TOTAL_FORMS": len(rows), "partners-INITIAL_FORMS": 0, "partners-MIN_NUM_FORMS": 2}
    for i, row in enumerate(rows):
        data.update({f"partners-{i}-{k}": v for k, v in row.items()})
    return data


def partnership_of(*ministries, **fields):
    """Bare rows: a partnership led by the first ministry, the others supporting, and no charter."""
    partnership = PartnershipFactory(**fields)
    for i, ministry in enumerate(ministries):
        ParticipationFactory(
            partnership=partnership,
            ministry=ministry,
            role=Participation.Role.LEAD if i == 0 else Participation.Role.SUPPORTING,
        )
    return partnership


def due_in(partnership, days, field="next_review_due"):
    """Move the partnership's next review (or another date field) to `days` from today."""
    Partnership.objects.filter(pk=partnership.pk).update(**{field: timezone.localdate() + timedelta(days=days)})


# charters

COMPLETE_CHARTER = {
    "shared_vision": "One door for families.",
    "goals": "A single intake in four offices.",
    "professional_lead": "MCSS",
    "procedural_lead": "Cabinet Office",
    "head_figure": "Daniel Okafor",
    "membership_and_responsibilities": "",
    "meeting_schedule": "Monthly",
    "decision_protocol": "Consensus.",
    "conflict_protocol": "A weighted vote.",
    "information_what": "",
    "information_how": "",
    "information_frequency": "",
    "information_where": "",
    "reporting_schedule": "",
}


def charter_post(revision, **changes):
    """The charter form's POST data: the complete charter, empty assignment and milestone formsets."""
    data = {**COMPLETE_CHARTER, **changes, "revision": revision}
    for prefix in ("assignments", "milestones"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def send_charter_for_signature(partnership):
    """Complete the current draft and send it for signature; returns the version."""
    version = partnership.charter_versions.get(status="draft")
    version = charter_services.charter_save(
        version=version,
        by=None,
        expected_revision=version.revision,
        fields=COMPLETE_CHARTER,
        assignments=[],
        milestones=[],
    )
    charter_services.charter_send_for_signature(version=version, by=None)
    return version


def sign_charter(partnership, signers):
    """Complete, send and sign the current draft; `signers` are (user, ministry) pairs."""
    version = send_charter_for_signature(partnership)
    for user, ministry in signers:
        charter_services.charter_sign(version=version, ministry=ministry, by=user)
    return version


# assessments


def settle_points(partnership, numbers, status=PointAnswer.Status.ADDRESSED):
    """Mark the given points of the 15 as answered (addressed unless told)."""
    assessment_services.answers_for(partnership)
    PointAnswer.objects.filter(partnership=partnership, point__number__in=list(numbers)).update(
        status=status, answer="<p>Agreed.</p>"
    )


# results


def indicator_for(partnership, owner, **fields):
    """An indicator owned by `owner`, created through the service (so its reporting periods exist)."""
    values = {
        "name": "Families served",
        "definition": "Families with a shared case plan.",
        "unit": Indicator.Unit.NUMBER,
        "baseline": Decimal("0"),
        "target": Decimal("100"),
        "owner_ministry": owner,
        **fields,
    }
    return results_services.indicator_create(partnership=partnership, by=None, fields=values)


def approved(indicator, reporter, reviewer, day, value=None, value_text="", ministry=None, unit=None):
    """A measurement taken through the whole workflow to approved."""
    measurement = results_services.measurement_save(
        indicator=indicator,
        by=reporter,
        ministry=ministry or indicator.owner_ministry,
        field_unit=unit,
        day=day,
        value=None if value is None else Decimal(str(value)),
        value_text=value_text,
        submit=True,
    )
    return results_services.measurement_approve(measurement=measurement, by=reviewer)


def quarter(n, year=2026):
    """A day in the middle of the first month of quarter `n`."""
    return date(year, 3 * (n - 1) + 1, 15)


# uploads


def jpeg(name="site.jpg", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def png(name="chart.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="report.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n", content_type="application/pdf"
    )


# notifications


def kinds_for(user):
    """The kinds of the reminders made for `user`, sorted."""
    return sorted(Reminder.objects.filter(recipient=user).values_list("kind", flat=True))


# budgets


def budget_fields(**changes):
    """The budget form's fields: CAD, fiscal years from April, 2026-27 to 2028-29, managed by the lead."""
    return {
        "currency": "CAD",
        "fiscal_year_start_month": 4,
        "first_year": 2026,
        "last_year": 2028,
        "managed_by": Budget.ManagedBy.LEAD,
        "field_units_may_record": False,
        **changes,
    }


def make_budget(partnership, *, committee=(), **changes):
    """A budget created through the service, loaded as the budget pages load it."""
    budget_services.budget_create(
        partnership=partnership, by=None, fields=budget_fields(**changes), committee=committee
    )
    fresh = Partnership.objects.with_participants().get(pk=partnership.pk)
    return load_budget(fresh)


def pledge(budget, ministry, year, pledged, committed=None):
    budget_services.contributions_save(
        budget=budget,
        by=None,
        amounts={(ministry.pk, year): (Decimal(pledged), Decimal(pledged if committed is None else committed))},
    )


def spend(budget, ministry, amount, day=date(2026, 6, 1), **kwargs):
    return budget_services.expenditure_record(
        budget=budget,
        by=kwargs.pop("by", None),
        date=day,
        category="services",
        amount=Decimal(amount),
        ministry=ministry,
        description=kwargs.pop("description", "Consultants"),
        **kwargs,
    )


def restructure(partnership, by, parties, reason="Agreed at the steering committee.", **fields):
    """Change the parties (dicts with ministry, role and shares) and `fields` the only way there is:
    `by` proposes, and an executive of every participating ministry agrees. Returns what the last is told."""
    details = {"contributes": "", "receives": "", "responsibility": "", "focal_person": None}
    details.update(dict.fromkeys(Participation.HOLDINGS, False))
    rows = [partnership_services.party_row({**details, **row}) for row in parties]
    after = partnership_services.structure_snapshot(partnership, fields=fields, parties=rows)
    proposal = partnership_services.structure_propose(partnership=partnership, by=by, after=after, reason=reason)
    notices = []
    for ministry in Ministry.objects.filter(pk__in=proposal.ministry_ids_to_agree).order_by("pk"):
        notices = partnership_services.structure_agree(
            proposal=proposal, ministry=ministry, by=person(ministry, Role.EXECUTIVE)
        )
    return notices


# Possible duplicates: two ways of writing one service, and something else.
NORTH_CHILDREN = {
    "problem": "Young children in the north wait months for a mental health assessment.",
    "public_value": "One intake for early childhood mental health, close to home.",
    "target_audience": "Families with young children in Northern Ontario",
}
# The same service, in other words, run by other ministries.
NORTH_CHILDREN_AGAIN = {
    "problem": "Young children in northern towns wait many months for a mental health assessment.",
    "public_value": "A single intake for childhood mental health, close to home.",
    "target_audience": "Families with young children in Northern Ontario",
}
ROAD_SALT = {
    "problem": "Winter road salt damages rivers and drinking water wells.",
    "public_value": "Cleaner rivers with safe roads.",
    "target_audience": "Municipal road crews",
}


def make_alike_partnership(ministries, title, fields, regions, indicator="Families assessed within 30 days"):
    """A partnership about `fields` (need, value, audience) in `regions`, with one indicator (duplicates)."""
    partnership = make_partnership(ministries, title=title, **fields)
    partnership.regions.set(regions)
    if indicator:
        IndicatorFactory(partnership=partnership, name=indicator, owner_ministry=ministries[0])
    return partnership
