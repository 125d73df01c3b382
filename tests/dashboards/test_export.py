import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budgets import services as budget_services
from common.bidi import isolate
from tests.builders import budget_fields, make_partnership
from tests.factories import MinistryFactory


@pytest.fixture
def partnership(ministry, other_ministry):
    partnership = make_partnership(
        [ministry, other_ministry], title="=Children first", start_date=date(2026, 4, 1), end_date=date(2029, 3, 31)
    )
    budget = budget_services.budget_create(partnership=partnership, by=None, fields=budget_fields())
    budget_services.contributions_save(
        budget=budget, by=None, amounts={(ministry.pk, 2026): (Decimal("987654321.99"), Decimal("987654321.99"))}
    )
    return partnership


def test_csv_lists_only_my_partnerships_with_exact_money(client_for, executive, partnership, outsider_ministry):
    make_partnership([outsider_ministry, MinistryFactory()], title="Not ours")

    response = client_for(executive).get(reverse("dashboards:export", args=["csv"]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Disposition"].startswith('attachment; filename="interlock-portfolio-')
    assert rows[0][:2] == ["Partnership", "Phase"]
    assert [row[0] for row in rows[1:]] == ["'=Children first"]
    assert rows[1][-3:] == ["CAD", "987654321.99", ""]


def test_excel_has_the_same_rows_and_keeps_the_filters(client_for, executive, partnership, ministry):
    other = make_partnership([ministry, MinistryFactory()], title="Roads")
    other.__class__.objects.filter(pk=other.pk).update(phase="planning")

    response = client_for(executive).get(reverse("dashboards:export", args=["xlsx"]), {"phase": "initiation"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[0] for row in values[1:]] == [isolate("'=Children first")]
    assert str(values[1][-2]) == "987654321.99"


def test_an_unknown_format_is_not_found(client_for, executive):
    assert client_for(executive).get("/portfolio/export.pdf").status_code == 404


@pytest.mark.parametrize("size", [2, 7])
def test_export_queries_do_not_grow(client_for, executive, ministry, size, django_assert_num_queries):
    for i in range(size):
        make_partnership([ministry, MinistryFactory()], title=f"P{i}")
    client = client_for(executive)

    # 8 to build the file, 1 to write the export into the security log.
    with django_assert_num_queries(9):
        client.get(reverse("dashboards:export", args=["csv"]))


HEBREW_TITLE = "תוכנית Roads 2026"
HEBREW_NAME = "בריאות 2"


def test_excel_isolates_each_typed_name_so_mixed_hebrew_english_and_numbers_keep_their_order(
    client_for, executive, ministry
):
    others = [MinistryFactory(name="משרד 2030", short_name=HEBREW_NAME), MinistryFactory(short_name="MOH 3")]
    partnership = make_partnership([ministry, *others], title=HEBREW_TITLE)
    partnership.__class__.objects.filter(pk=partnership.pk).update(phase="initiation")

    response = client_for(executive).get(reverse("dashboards:export", args=["xlsx"]))
    csv_response = client_for(executive).get(reverse("dashboards:export", args=["csv"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert row[0] == f"\u2068{HEBREW_TITLE}\u2069"
    others = row[header.index("Other organisations")]
    assert sorted(others.split(", ")) == ["\u2068MOH 3\u2069", f"\u2068{HEBREW_NAME}\u2069"]
    # The CSV file, which programs read, keeps the bare text.
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[1][0] == HEBREW_TITLE
