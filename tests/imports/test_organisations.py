"""Importing organisations: support administrators only, matched by short name, previewed row by row.
Posted the way the page posts them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from imports.models import ImportRun
from ministries.models import Ministry
from tests.factories import ImportRunFactory, JurisdictionFactory, MinistryFactory

HEADER = "short_name,name,kind,jurisdiction,name_fr,name_he\n"
GOOD = HEADER + (
    "MOH,Ministry of Health,ministry,Ontario,Ministère de la Santé,\n"
    "TPS,Toronto Police Service,Police,טורונטו,,שירות המשטרה של טורונטו\n"
    "UHN,University Health Network,non_profit,ontario,,\n"
)


def upload(client, ministry, text, name="organisations.csv"):
    file = SimpleUploadedFile(name, text.encode())
    return client.post(reverse("imports:new"), {"kind": "organisations", "ministry": ministry.pk, "file": file})


def outcomes(response):
    return [(o.line, o.action, o.name, o.reason) for o in response.context["outcomes"]]


def organisations(*short_names):
    return sorted(
        Ministry.objects.filter(short_name__in=short_names).values_list(
            "short_name", "name", "kind", "jurisdiction__name", "name_fr", "name_he"
        )
    )


@pytest.fixture
def support(client_for, administrator):
    # The governments the files name, in any language: "טורונטו" is the City of Toronto.
    JurisdictionFactory(name="City of Toronto", name_fr="Ville de Toronto", name_he="טורונטו")
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    return client_for(administrator)


EXPECTED = [
    ("MOH", "Ministry of Health", "ministry", "Ontario", "Ministère de la Santé", ""),
    ("TPS", "Toronto Police Service", "police", "City of Toronto", "", "שירות המשטרה של טורונטו"),
    ("UHN", "University Health Network", "non_profit", "Ontario", "", ""),
]


def test_organisations_are_previewed_saved_and_a_second_run_changes_nothing(support, ministry):
    MinistryFactory(short_name="MOH", name="Health Ministry", kind="agency")

    url = upload(support, ministry, GOOD).url
    assert outcomes(support.get(url)) == [
        (2, "changed", "MOH", "name, kind, name_fr"),
        (3, "created", "TPS", ""),
        (4, "created", "UHN", ""),
    ]
    assert organisations("MOH", "TPS", "UHN") == [("MOH", "Health Ministry", "agency", "Ontario", "", "")]

    response = support.post(url, {}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["The import is saved."]
    assert organisations("MOH", "TPS", "UHN") == EXPECTED
    again = upload(support, ministry, GOOD.replace("MOH,", "moh,")).url
    assert [o[1] for o in outcomes(support.get(again))] == ["unchanged"] * 3
    support.post(again, {})
    assert organisations("MOH", "TPS", "UHN") == EXPECTED
    assert Ministry.objects.filter(short_name__iexact="moh").count() == 1


def test_organisation_rows_are_refused_with_how_to_fix_them(support, ministry):
    MinistryFactory(short_name="MOF", name="Ministry of Finance")
    text = HEADER + (
        ",Ministry of Nothing,ministry,,,\n"
        "MOX,,ministry,,,\n"
        f"{'M' * 31},Ministry of Long Initials,ministry,,,\n"
        "MOC,Ministry of Castles,castle,,,\n"
        "MOF2,Ministry of Finance,ministry,,,\n"
        "MOE,Ministry of Education,ministry,Ontario,,\n"
        "moe,Ministry of Schools,ministry,,,\n"
        "MOS,Ministry of Education,ministry,,,\n"
        "MOA,Ministry of Atlantis,ministry,Atlantis,,\n"
    )

    url = upload(support, ministry, text).url
    assert outcomes(support.get(url)) == [
        (
            2,
            "refused",
            "Ministry of Nothing",
            "The short name or the name is empty. Write both, for example MOH and Ministry of Health.",
        ),
        (
            3,
            "refused",
            "MOX",
            "The short name or the name is empty. Write both, for example MOH and Ministry of Health.",
        ),
        (4, "refused", "M" * 31, "“short_name” is longer than 30 characters. Shorten it."),
        (
            5,
            "refused",
            "MOC",
            "“castle” is not a kind of organisation. Write a kind such as ministry, agency or non_profit.",
        ),
        (
            6,
            "refused",
            "MOF2",
            "Another organisation (MOF) already has this name. "
            "Use its short name to change it, or choose another name.",
        ),
        (8, "refused", "moe", "This short name is already on line 7. Keep one line per organisation."),
        (9, "refused", "MOS", "This name is already on line 7. Give each organisation its own name."),
        (
            10,
            "refused",
            "MOA",
            "“Atlantis” is not a government in Interlock. Write one from its Governments page, "
            "in any language, or leave it empty.",
        ),
        (7, "created", "MOE", ""),
    ]

    refused = support.post(url, {})
    assert refused.context["form"].non_field_errors() == [
        "8 rows are refused, so nothing was saved. Correct them in the file and upload it again, "
        "or choose to import the good rows only."
    ]
    assert not Ministry.objects.filter(short_name__in=["MOE", "MOC", "MOX"]).exists()

    support.post(url, {"good_rows_only": "on"})
    assert organisations("MOE", "MOC", "MOX", "MOF2", "MOS") == [
        ("MOE", "Ministry of Education", "ministry", "Ontario", "", "")
    ]
    assert ImportRun.objects.get().counts == {"created": 1, "changed": 0, "unchanged": 0, "refused": 8}


def test_an_excel_file_of_organisations_imports_and_the_templates_download(support, ministry):
    workbook = Workbook()
    for row in [
        ["short_name", "name", "kind", "jurisdiction", "name_fr", "name_he"],
        ["CRA", "Revenue Agency", "Agency or board", None, None, None],
    ]:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    file = SimpleUploadedFile("organisations.xlsx", out.getvalue())
    response = support.post(reverse("imports:new"), {"kind": "organisations", "ministry": ministry.pk, "file": file})

    support.post(response.url, {})

    assert organisations("CRA") == [("CRA", "Revenue Agency", "agency", None, "", "")]
    page = support.get(reverse("imports:new"))
    assert "An import of organisations is only filed under it." in page.content.decode()
    csv_response = support.get(reverse("imports:template", args=["organisations", "csv"]))
    assert csv_response.content.decode().splitlines()[0] == "\ufeff" + HEADER.strip()
    sheet = load_workbook(io.BytesIO(support.get(reverse("imports:template", args=["organisations", "xlsx"])).content))
    assert [cell.value for cell in sheet.active[1]] == HEADER.strip().split(",")


def test_an_organisations_administrator_cannot_import_organisations(client_for, administrator, ministry):
    client = client_for(administrator)

    response = upload(client, ministry, GOOD)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "kind": ["Select a valid choice. organisations is not one of the available choices."]
    }
    assert "organisations" not in [kind.key for kind in response.context["kinds"]]
    assert not response.context["form"].fields["ministry"].help_text
    assert client.get(reverse("imports:template", args=["organisations", "csv"])).status_code == 404
    assert not ImportRun.objects.exists()
    assert organisations("MOH", "TPS", "UHN") == []


def test_a_support_import_of_organisations_is_404_to_the_organisations_administrator(
    client_for, administrator, ministry
):
    run = ImportRunFactory(
        ministry=ministry,
        kind="organisations",
        file_name="organisations.csv",
        rows=[[2, {"short_name": "MOH", "name": "Ministry of Health", "kind": "ministry"}]],
    )
    client = client_for(administrator)

    assert client.get(reverse("imports:preview", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:preview", args=[run.pk]), {}).status_code == 404
    assert client.get(reverse("imports:progress", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:discard", args=[run.pk])).status_code == 404
    assert organisations("MOH") == []
    assert ImportRun.objects.get().status == ImportRun.Status.PREVIEW


def test_previewing_and_saving_organisations_takes_the_same_queries_for_few_and_many(support, ministry):
    def queries(size):
        rows = "".join(f"S{size}X{n},Organisation {size}-{n},agency,,,\n" for n in range(size))
        with CaptureQueriesContext(connection) as preview:
            url = upload(support, ministry, HEADER + rows).url
        with CaptureQueriesContext(connection) as save:
            support.post(url, {})
        assert Ministry.objects.filter(short_name__startswith=f"S{size}X").count() == size
        return len(preview), len(save)

    queries(1)  # the session's first requests load what later ones find cached
    assert queries(3) == queries(40)
