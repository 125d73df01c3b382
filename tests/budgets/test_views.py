import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budgets import services
from budgets.models import Budget, Contribution, Expenditure, Transfer
from tests.builders import make_budget, make_partnership, pledge, spend
from tests.factories import FieldUnitFactory, MinistryFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def url(name, budget_or_partnership, *args):
    pk = getattr(budget_or_partnership, "partnership_id", None) or budget_or_partnership.pk
    return reverse(f"budgets:{name}", args=[pk, *args])


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


# The tab before there is a budget


def test_tab_offers_lead_coordinators_to_set_up_the_budget(client_for, coordinator, partnership):
    response = client_for(coordinator).get(url("budget", partnership))

    assert response.templates[0].name == "budgets/budget_none.html"
    assert url("setup", partnership) in response.content.decode()


def test_tab_tells_others_that_no_budget_is_set_up(client_for, other_coordinator, partnership):
    response = client_for(other_coordinator).get(url("budget", partnership))

    assert "No budget is set up for this partnership yet." in text(response)
    assert url("setup", partnership) not in response.content.decode()


def test_partnership_tabs_link_to_the_budget(client_for, coordinator, partnership):
    response = client_for(coordinator).get(partnership.get_absolute_url())

    assert f'href="{url("budget", partnership)}"' in response.content.decode()


# Setting up


def test_setup_form_proposes_the_partnerships_fiscal_years(client_for, coordinator, partnership):
    response = client_for(coordinator).get(url("setup", partnership))

    form = response.context["form"]
    assert (form["first_year"].value(), form["last_year"].value(), form["managed_by"].value()) == (2026, 2028, "lead")


def test_setup_creates_the_budget_and_goes_on_to_contributions(client_for, coordinator, partnership, other_ministry):
    response = client_for(coordinator).post(
        url("setup", partnership),
        {
            "currency": "CAD",
            "fiscal_year_start_month": 4,
            "first_year": 2026,
            "last_year": 2028,
            "managed_by": "committee",
            "committee": [partnership.lead.ministry_id, other_ministry.pk],
            "field_units_may_record": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == url("contributions", partnership)
    budget = Budget.objects.get()
    assert (budget.years, budget.managed_by, budget.created_by) == ([2026, 2027, 2028], "committee", coordinator)
    assert set(budget.committee.values_list("pk", flat=True)) == partnership.ministry_ids


def test_setup_shows_why_the_years_are_refused(client_for, coordinator, partnership):
    response = client_for(coordinator).post(
        url("setup", partnership),
        {"currency": "CAD", "fiscal_year_start_month": 4, "first_year": 2027, "last_year": 2028, "managed_by": "lead"},
    )

    assert response.status_code == 200
    assert "its budget must cover fiscal years 2026–27 to 2028–29. Widen the years." in text(response)
    assert not Budget.objects.exists()


def test_setup_with_a_budget_already_goes_to_the_budget(client_for, coordinator, budget):
    response = client_for(coordinator).get(url("setup", budget))

    assert response["Location"] == url("budget", budget)


def test_settings_can_widen_the_years(client_for, coordinator, budget):
    response = client_for(coordinator).post(
        url("edit", budget),
        {"currency": "CAD", "fiscal_year_start_month": 4, "first_year": 2026, "last_year": 2029, "managed_by": "lead"},
    )

    assert response.status_code == 302
    assert Budget.objects.get().last_year == 2029


# Contributions


def grid(budget, **cells):
    """Post data for the whole grid, empty but for `pledged_<ministry>_<year>=...` given."""
    data = {}
    for participation in budget.partnership.participants:
        for year in budget.years:
            for kind in ("pledged", "committed"):
                data[f"{kind}_{participation.ministry_id}_{year}"] = ""
    data.update(cells)
    return data


def test_contributions_grid_saves_decimals(client_for, coordinator, budget, ministry, other_ministry):
    response = client_for(coordinator).post(
        url("contributions", budget),
        grid(
            budget,
            **{
                f"pledged_{ministry.pk}_2026": "1000.10",
                f"committed_{ministry.pk}_2026": "500.05",
                f"pledged_{other_ministry.pk}_2028": "0.30",
            },
        ),
    )

    assert response.status_code == 302
    assert sorted(Contribution.objects.values_list("ministry_id", "fiscal_year", "pledged", "committed")) == sorted(
        [
            (ministry.pk, 2026, Decimal("1000.10"), Decimal("500.05")),
            (other_ministry.pk, 2028, Decimal("0.30"), Decimal("0.00")),
        ]
    )


def test_contributions_grid_puts_errors_next_to_the_fields(client_for, coordinator, budget, ministry, other_ministry):
    response = client_for(coordinator).post(
        url("contributions", budget),
        grid(
            budget,
            **{
                f"pledged_{ministry.pk}_2026": "-5",
                f"pledged_{other_ministry.pk}_2027": "100",
                f"committed_{other_ministry.pk}_2027": "150",
                f"pledged_{other_ministry.pk}_2028": "ten",
            },
        ),
    )

    page = text(response)
    assert response.status_code == 200
    assert (
        f'id="id_pledged_{ministry.pk}_2026" value="-5" aria-invalid="true" '
        f'aria-describedby="id_pledged_{ministry.pk}_2026-error">' in page
    )
    assert (
        f'<div class="invalid-feedback" id="id_pledged_{ministry.pk}_2026-error"> Enter an amount of zero or more. '
        in page
    )
    assert "The committed amount cannot be more than the pledge (100). Raise the pledge first." in page
    assert "Enter an amount in figures, such as 12500.00." in page
    assert not Contribution.objects.exists()


def test_every_grid_field_has_a_label(client_for, coordinator, budget, ministry):
    page = client_for(coordinator).get(url("contributions", budget)).content.decode()

    assert (
        f'<label class="visually-hidden" for="id_pledged_{ministry.pk}_2027">Pledged by MCSS in 2027–28</label>' in page
    )
    assert page.count('<label class="visually-hidden" for="id_') == page.count('<input type="number"') == 12


# The budget page


@pytest.fixture
def figures(budget, ministry, other_ministry, coordinator, other_coordinator):
    """MCSS pledges 1,000 and commits 800 in 2026–27; MOH commits 200; MCSS sends MOH 100; both spend."""
    pledge(budget, ministry, 2026, "1000.00", "800.00")
    pledge(budget, other_ministry, 2026, "200.00")
    transfer = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=100
    )
    services.transfer_mark_sent(transfer=transfer, by=coordinator)
    services.transfer_confirm_received(transfer=transfer, by=other_coordinator)
    spend(budget, ministry, "250.25")
    spend(budget, other_ministry, "350.00")  # more than the 300 it has: overspent
    return budget


def test_budget_page_shows_the_year_by_ministry_table(client_for, coordinator, figures, ministry, other_ministry):
    response = client_for(coordinator).get(url("budget", figures))

    first_year = response.context["years"][0]
    rows = dict(first_year["rows"])
    mcss, moh = rows[ministry.name], rows[other_ministry.name]
    assert (mcss.committed, mcss.sent, mcss.spent, mcss.variance) == (
        Decimal("800.00"),
        Decimal("100.00"),
        Decimal("250.25"),
        Decimal("449.75"),
    )
    assert (moh.received, moh.variance, moh.overspent) == (Decimal("100.00"), Decimal("-50.00"), True)
    assert first_year["total"].variance == Decimal("399.75")
    page = text(response)
    assert "1,000.00" in page
    assert "<li> Ministry of Health in 2026–27 </li>" in page
    assert '-50.00 <span class="visually-hidden">(spent more than its funds)</span>' in page


def test_budget_page_flags_a_ministry_carrying_more_than_its_share(client_for, coordinator, figures, ministry):
    response = client_for(coordinator).get(url("budget", figures))

    shares = {row.participation.ministry_id: row for row in response.context["shares"]}
    assert (shares[ministry.pk].cost_share, shares[ministry.pk].carries_more) == (Decimal("80.0"), True)
    assert "Carries much more of the cost than its share" in text(response)


def test_budget_page_passes_chart_data_as_exact_strings_and_has_a_table(client_for, coordinator, figures):
    response = client_for(coordinator).get(url("budget", figures))
    page = response.content.decode()

    data = json.loads(re.search(r'<script id="budget-data" type="application/json">(.*?)</script>', page).group(1))
    assert data["labels"] == ["2026–27", "2027–28", "2028–29"]
    assert data["committed"] == ["1000.00", "0.00", "0.00"]
    assert data["spent"] == ["600.25", "0.00", "0.00"]
    assert data["remaining"] == ["399.75", "399.75", "399.75"]
    assert '<caption id="burn-table"> The chart\'s figures, in CAD </caption>' in text(response)
    assert 'src="/static/js/budget_chart.js" defer' in page


def test_budget_pages_have_no_inline_style_or_script(client_for, coordinator, figures):
    client = client_for(coordinator)
    for name in ("budget", "transfers", "expenditures", "contributions", "edit", "transfer_add", "expenditure_add"):
        page = client.get(url(name, figures)).content.decode()
        assert "style=" not in page, name
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
        assert all('type="application/json"' in attributes for attributes in scripts), name


# Transfers over HTTP


def test_transfer_needs_both_sides(client_for, coordinator, other_coordinator, budget, ministry, other_ministry):
    client = client_for(coordinator)
    response = client.post(
        url("transfer_add", budget),
        {"from_ministry": ministry.pk, "to_ministry": other_ministry.pk, "fiscal_year": 2026, "amount": "125.50"},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get()

    assert client.post(url("transfer_action", budget, transfer.pk, "send")).status_code == 302
    # The sender cannot also say the money arrived.
    assert client.post(url("transfer_action", budget, transfer.pk, "confirm")).status_code == 403
    assert Transfer.objects.get().state == Transfer.State.SENT

    other = client_for(other_coordinator)
    assert other.post(url("transfer_action", budget, transfer.pk, "confirm")).status_code == 302
    assert Transfer.objects.get().state == Transfer.State.COMPLETE


def test_receiver_cannot_mark_someone_elses_transfer_sent(
    client_for, other_coordinator, budget, ministry, other_ministry
):
    transfer = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=5
    )

    response = client_for(other_coordinator).post(url("transfer_action", budget, transfer.pk, "send"))

    assert response.status_code == 403
    assert Transfer.objects.get().sent_at is None


def test_transfer_form_explains_its_errors(client_for, coordinator, budget, ministry):
    response = client_for(coordinator).post(
        url("transfer_add", budget), {"from_ministry": ministry.pk, "to_ministry": ministry.pk, "fiscal_year": 2026}
    )

    page = text(response)
    assert "Enter an amount." in page
    assert not Transfer.objects.exists()


def test_non_managers_propose_transfers_only_from_their_own_ministry(client_for, other_coordinator, budget, ministry):
    response = client_for(other_coordinator).get(url("transfer_add", budget))

    choices = [value for value, _label in response.context["form"].fields["from_ministry"].choices if value]
    assert [int(str(value)) for value in choices] == [budget.partnership.participants[1].ministry_id]


def test_transfer_actions_answer_only_for_post_and_known_actions(
    client_for, coordinator, budget, ministry, other_ministry
):
    transfer = services.transfer_propose(
        budget=budget, by=None, from_ministry=ministry, to_ministry=other_ministry, fiscal_year=2026, amount=5
    )
    client = client_for(coordinator)

    assert client.get(url("transfer_action", budget, transfer.pk, "send")).status_code == 405
    assert client.post(url("transfer_action", budget, transfer.pk, "steal")).status_code == 404


# Expenditures over HTTP


def expenditure_post(spender, **changes):
    return {
        "date": "2026-06-15",
        "category": "travel",
        "amount": "42.10",
        "spender": spender,
        "description": "Bus to Sioux Lookout",
        **changes,
    }


def test_expenditure_outside_the_years_is_refused_with_the_dates_to_use(client_for, coordinator, budget, ministry):
    response = client_for(coordinator).post(
        url("expenditure_add", budget), expenditure_post(f"ministry-{ministry.pk}", date="2029-04-01")
    )

    assert (
        "This date falls outside the budget&#x27;s years (2026–27 to 2028–29). "
        "Choose a date between 2026-04-01 and 2029-03-31." in text(response)
    )
    assert not Expenditure.objects.exists()


def test_expenditure_negative_amount_is_refused(client_for, coordinator, budget, ministry):
    response = client_for(coordinator).post(
        url("expenditure_add", budget), expenditure_post(f"ministry-{ministry.pk}", amount="-3")
    )

    assert response.context["form"].errors == {"amount": ["Enter an amount greater than zero."]}


def test_overspending_is_recorded_with_a_warning(client_for, coordinator, budget, ministry):
    pledge(budget, ministry, 2026, "40", "40")

    response = client_for(coordinator).post(
        url("expenditure_add", budget), expenditure_post(f"ministry-{ministry.pk}"), follow=True
    )

    assert Expenditure.objects.get().amount == Decimal("42.10")
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        "Ministry of Community and Social Services has now spent 42.10 CAD in 2026–27, more than the 40.00 it has "
        "(committed, plus transfers received, less transfers sent). The managers will see it flagged."
    ]


def test_field_officer_records_only_for_their_own_unit(client_for, unit_officer, unit, budget, ministry):
    Budget.objects.filter(pk=budget.pk).update(field_units_may_record=True)
    elsewhere = FieldUnitFactory(ministry=ministry, name="Sudbury Office")
    client = client_for(unit_officer)

    form = client.get(url("expenditure_add", budget)).context["form"]
    assert [value for value, _label in form.fields["spender"].choices] == [f"unit-{unit.pk}"]

    refused = client.post(url("expenditure_add", budget), expenditure_post(f"unit-{elsewhere.pk}"))
    assert "spender" in refused.context["form"].errors
    assert client.post(url("expenditure_add", budget), expenditure_post(f"ministry-{ministry.pk}")).status_code == 200

    client.post(url("expenditure_add", budget), expenditure_post(f"unit-{unit.pk}"))
    assert list(Expenditure.objects.values_list("ministry_id", "field_unit_id", "recorded_by")) == [
        (ministry.pk, unit.pk, unit_officer.pk)
    ]


def test_committee_managers_may_spend_the_joint_funds(client_for, coordinator, committee_budget):
    client = client_for(coordinator)

    client.post(url("expenditure_add", committee_budget), expenditure_post("committee"))

    assert Expenditure.objects.get().ministry is None


def test_expenditure_with_a_receipt_is_downloaded_safely(
    client_for, coordinator, evaluator, outsider, budget, ministry
):
    client_for(coordinator).post(
        url("expenditure_add", budget),
        expenditure_post(
            f"ministry-{ministry.pk}", attachment=SimpleUploadedFile("receipt.pdf", PDF, "application/pdf")
        ),
    )
    expenditure = Expenditure.objects.get()
    assert (expenditure.attachment_name, expenditure.attachment_type) == ("receipt.pdf", "application/pdf")

    response = client_for(evaluator).get(url("expenditure_attachment", budget, expenditure.pk))

    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == 'attachment; filename="receipt.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client_for(outsider).get(url("expenditure_attachment", budget, expenditure.pk)).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.csv", b"<!DOCTYPE html><script>alert(1)</script>", "page.csv is not really a CSV file"),
        ("invoice.pdf", b"<html><body>hi</body></html>", "invoice.pdf is not really a PDF file"),
        ("tool.exe", b"MZ\x90\x00", "tool.exe is a kind of file Interlock does not accept."),
        ("photo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "photo.svg is a kind of file"),
        ("empty.pdf", b"", "The submitted file is empty."),
    ],
)
def test_dangerous_or_wrong_attachments_are_refused(client_for, coordinator, budget, ministry, name, content, message):
    response = client_for(coordinator).post(
        url("expenditure_add", budget),
        expenditure_post(f"ministry-{ministry.pk}", attachment=SimpleUploadedFile(name, content)),
    )

    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Expenditure.objects.exists()


def test_attachments_over_the_limit_are_refused(client_for, coordinator, budget, ministry, settings):
    settings.INTERLOCK_BUDGET_ATTACHMENT_MAX_BYTES = 100

    response = client_for(coordinator).post(
        url("expenditure_add", budget),
        expenditure_post(f"ministry-{ministry.pk}", attachment=SimpleUploadedFile("big.pdf", PDF + b" " * 200)),
    )

    assert "big.pdf is 245\xa0bytes; the limit is 100\xa0bytes. Choose a smaller file." in response.content.decode()


def test_a_plain_csv_receipt_is_accepted(client_for, coordinator, budget, ministry):
    client_for(coordinator).post(
        url("expenditure_add", budget),
        expenditure_post(
            f"ministry-{ministry.pk}", attachment=SimpleUploadedFile("lines.csv", b"item,amount\nbus,42.10\n")
        ),
    )

    assert Expenditure.objects.get().attachment_type == "text/csv"


def test_recorder_or_manager_removes_an_expenditure(client_for, coordinator, other_coordinator, budget, ministry):
    entry = spend(budget, ministry, "10", by=coordinator)

    assert client_for(other_coordinator).post(url("expenditure_remove", budget, entry.pk)).status_code == 403
    assert client_for(coordinator).post(url("expenditure_remove", budget, entry.pk)).status_code == 302
    assert not Expenditure.objects.exists()


def test_expenditures_list_filters_by_fiscal_year(client_for, coordinator, budget, ministry):
    early = spend(budget, ministry, "1", day=date(2026, 5, 1))
    spend(budget, ministry, "2", day=date(2027, 5, 1))

    response = client_for(coordinator).get(url("expenditures", budget), {"year": 2026})

    assert list(response.context["page"].object_list) == [early]


# Query counts: the pages do not grow with ministries, years or entries


def fill(budget, ministries, count):
    for ministry in ministries:
        for year in budget.years:
            pledge(budget, ministry, year, "100", "50")
    for i in range(count):
        spend(budget, ministries[i % len(ministries)], "3.50", day=date(budget.years[i % len(budget.years)], 7, 1))
        transfer = services.transfer_propose(
            budget=budget,
            by=None,
            from_ministry=ministries[i % len(ministries)],
            to_ministry=ministries[(i + 1) % len(ministries)],
            fiscal_year=budget.first_year,
            amount=Decimal("1.25"),
        )
        if i % 2:
            services.transfer_mark_sent(transfer=transfer, by=None)


@pytest.mark.parametrize(("ministries", "years", "entries"), [(2, 1, 2), (6, 5, 15)])
def test_budget_page_queries_do_not_grow(
    client_for, coordinator, ministry, ministries, years, entries, django_assert_num_queries
):
    partners = [ministry, *[MinistryFactory() for _ in range(ministries - 1)]]
    partnership = make_partnership(partners, start_date=date(2026, 4, 1), end_date=date(2026 + years, 3, 31))
    budget = make_budget(
        partnership,
        managed_by="committee",
        committee=partners[:2],
        first_year=2026,
        last_year=2026 + years - 1,
    )
    fill(budget, partners, entries)
    client = client_for(coordinator)

    # session, user, memberships, partnership, participations, budget, committee, contributions,
    # confirmed transfers, spending by year, transfers on their way (sum), transfers on their way (rows),
    # latest expenditures
    with django_assert_num_queries(13):
        response = client.get(url("budget", budget))
    assert len(response.context["shares"]) == ministries


@pytest.mark.parametrize("entries", [3, 20])
def test_transfer_and_expenditure_lists_queries_do_not_grow(
    client_for, coordinator, budget, ministry, other_ministry, entries, django_assert_num_queries
):
    fill(budget, [ministry, other_ministry], entries)
    client = client_for(coordinator)

    # session, user, memberships, partnership, participations, budget, committee, count, rows
    with django_assert_num_queries(9):
        client.get(url("transfers", budget))
    with django_assert_num_queries(9):
        response = client.get(url("expenditures", budget))
    assert len(response.context["page"].object_list) == entries
