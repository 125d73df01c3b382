"""Importing units from a spreadsheet: preview, refusals, all-or-nothing, good rows only, a second run,
permissions and files that are not what they should be. Posted the way the page posts them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from imports.models import ImportRun
from ministries.models import FieldUnit
from tests.factories import FieldUnitFactory, ImportRunFactory

HEADER = "name,kind,part_of,name_fr,name_he\n"
GOOD = HEADER + (
    "Northern Region,region,,Région du Nord,\n"
    "Thunder Bay District,district,Northern Region,,\n"
    "Thunder Bay Office,office,Thunder Bay District,,\n"
)


def csv_file(text, name="units.csv"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def xlsx_file(rows, name="units.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, ministry, file, kind="units"):
    return client.post(reverse("imports:new"), {"kind": kind, "ministry": ministry.pk, "file": file})


def units(ministry):
    return sorted(
        (u.name, u.kind, u.parent.name if u.parent else "", u.name_fr)
        for u in FieldUnit.objects.filter(ministry=ministry).select_related("parent")
    )


def outcomes(response):
    return [(o.line, o.action, o.name, o.reason) for o in response.context["outcomes"]]


@pytest.fixture
def admin(client_for, administrator):
    return client_for(administrator)


def test_a_file_is_previewed_row_by_row_before_anything_is_saved(admin, ministry):
    FieldUnitFactory(ministry=ministry, name="Northern Region", kind="district")

    response = upload(admin, ministry, csv_file(GOOD))

    run = ImportRun.objects.get()
    assert response.url == reverse("imports:preview", args=[run.pk])
    preview = admin.get(response.url)
    assert outcomes(preview) == [
        (2, "changed", "Northern Region", "kind, name_fr"),
        (3, "created", "Thunder Bay District", ""),
        (4, "created", "Thunder Bay Office", ""),
    ]
    assert run.counts == {"created": 2, "changed": 1, "unchanged": 0, "refused": 0}
    assert units(ministry) == [("Northern Region", "district", "", "")]


def test_importing_saves_every_row_and_a_second_run_changes_nothing(admin, ministry):
    run = ImportRun.objects.get(pk=upload(admin, ministry, csv_file(GOOD)).url.split("/")[-2])

    response = admin.post(reverse("imports:preview", args=[run.pk]), {}, follow=True)

    assert [str(m) for m in response.context["messages"]] == ["The import is saved."]
    expected = [
        ("Northern Region", "region", "", "Région du Nord"),
        ("Thunder Bay District", "district", "Northern Region", ""),
        ("Thunder Bay Office", "office", "Thunder Bay District", ""),
    ]
    assert units(ministry) == expected
    run.refresh_from_db()
    assert (run.status, run.processed, run.counts["created"]) == ("done", 3, 3)

    again = admin.get(upload(admin, ministry, csv_file(GOOD)).url)
    assert [action for _line, action, _name, _reason in outcomes(again)] == ["unchanged"] * 3
    admin.post(again.request["PATH_INFO"], {})
    assert units(ministry) == expected


REFUSING = HEADER + (
    "Northern Region,region,,,\n"
    ",office,,,\n"
    "Kenora Office,castle,,,\n"
    "Sudbury Office,office,Southern Region,,\n"
    "Northern Region,office,,,\n"
    "Kenora District,district,Kenora District,,\n"
)


def test_refused_rows_say_why_and_nothing_is_saved_unless_the_good_rows_are_chosen(admin, ministry):
    preview_url = upload(admin, ministry, csv_file(REFUSING)).url
    preview = admin.get(preview_url)

    assert outcomes(preview) == [
        (3, "refused", "", "The name is empty. Write the unit's name."),
        (4, "refused", "Kenora Office", "“castle” is not a kind of unit. Write region, district, office or site."),
        (
            5,
            "refused",
            "Sudbury Office",
            "No unit is called “Southern Region” in this organisation or on an earlier line. "
            "Write an existing unit's name, or put the larger unit on a line above.",
        ),
        (6, "refused", "Northern Region", "This unit is already on line 2. Keep one line per unit."),
        (
            7,
            "refused",
            "Kenora District",
            "A unit cannot be part of itself. Leave “part_of” empty or name a larger unit.",
        ),
        (2, "created", "Northern Region", ""),
    ]

    refused = admin.post(preview_url, {})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "5 rows are refused, so nothing was saved. Correct them in the file and upload it again, "
        "or choose to import the good rows only."
    ]
    assert units(ministry) == []

    admin.post(preview_url, {"good_rows_only": "on"})
    assert units(ministry) == [("Northern Region", "region", "", "")]
    assert ImportRun.objects.get().counts == {"created": 1, "changed": 0, "unchanged": 0, "refused": 5}


def test_a_unit_cannot_be_moved_inside_its_own_part(admin, ministry):
    region = FieldUnitFactory(ministry=ministry, name="North", kind="region")
    FieldUnitFactory(ministry=ministry, name="Bay", kind="district", parent=region)

    preview = admin.get(upload(admin, ministry, csv_file(HEADER + "North,region,Bay,,\n")).url)

    assert outcomes(preview) == [
        (2, "refused", "North", "“Bay” is already part of this unit: a unit cannot sit inside itself.")
    ]


def test_an_excel_file_imports_like_a_csv(admin, ministry):
    rows = [["name", "kind", "part_of", "name_fr", "name_he"], ["Northern Region", "Region", None, None, None]]
    preview_url = upload(admin, ministry, xlsx_file(rows)).url

    admin.post(preview_url, {})

    assert units(ministry) == [("Northern Region", "region", "", "")]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            SimpleUploadedFile("units.pdf", b"%PDF-1.4 hello"),
            "units.pdf is not a spreadsheet. Upload a .csv or .xlsx file, such as the template.",
        ),
        (
            SimpleUploadedFile("units.xlsx", b"name,kind\nNorth,region\n"),
            "units.xlsx is not really a XLSX file, or it is damaged. Choose another file.",
        ),
        (
            csv_file("name,kind,colour\nNorth,region,blue\n"),
            "The columns do not match the template (missing: part_of, name_fr, name_he; not known: colour). "
            "The first line must be: name, kind, part_of, name_fr, name_he.",
        ),
        (
            csv_file(HEADER + "North" + "x" * 2000 + ",region,,,\n"),
            "Line 2 has a cell of 2005 characters; the limit is 1000. Shorten it.",
        ),
        (csv_file(HEADER), "The file has a header but no rows. Fill one row per line below it."),
        (
            SimpleUploadedFile("units.csv", "name,kind\n".encode("utf-16")),
            "units.csv is not really a CSV file, or it is damaged. Choose another file.",
        ),
        (
            SimpleUploadedFile("units.csv", HEADER.encode() + "Région,region,,,\n".encode("latin-1")),
            "The file is not in UTF-8. Save it again as “CSV UTF-8” and upload it once more.",
        ),
    ],
)
def test_a_bad_file_gets_a_message_next_to_the_field(admin, ministry, file, message):
    response = upload(admin, ministry, file)

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert not ImportRun.objects.exists()


def test_a_broken_excel_file_gets_a_message(admin, ministry):
    broken = SimpleUploadedFile("units.xlsx", b"PK\x03\x04" + b"\x00" * 200)

    response = upload(admin, ministry, broken)

    assert response.context["form"].errors["file"][0] in (
        "This Excel file cannot be read. Save it again from Excel as .xlsx and upload it once more.",
        "units.xlsx is not really a XLSX file, or it is damaged. Choose another file.",
    )


def test_too_many_rows_are_refused(admin, ministry, settings):
    settings.INTERLOCK_IMPORT_MAX_ROWS = 2

    response = upload(admin, ministry, csv_file(GOOD))

    assert response.context["form"].errors == {"file": ["The file has more than 2 rows. Split it into several files."]}


def test_templates_download_as_csv_and_excel(admin):
    csv_response = admin.get(reverse("imports:template", args=["units", "csv"]))
    xlsx_response = admin.get(reverse("imports:template", args=["units", "xlsx"]))

    assert csv_response.content.decode().splitlines()[0] == "\ufeffname,kind,part_of,name_fr,name_he"
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert [cell.value for cell in sheet[1]] == ["name", "kind", "part_of", "name_fr", "name_he"]
    assert admin.get(reverse("imports:template", args=["castles", "csv"])).status_code == 404
    assert admin.get(reverse("imports:template", args=["units", "pdf"])).status_code == 404


def test_only_an_organisations_administrators_import_and_only_into_it(
    client_for, ministry, other_ministry, field_officer, administrator
):
    # Coordinators import partnerships (tests/imports/test_partnerships.py); field staff nothing.
    assert client_for(field_officer).get(reverse("imports:new")).status_code == 403
    admin = client_for(administrator)

    response = upload(admin, other_ministry, csv_file(GOOD))

    assert response.context["form"].errors == {
        "ministry": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not FieldUnit.objects.exists()


def test_another_organisations_import_is_404(client_for, administrator, other_ministry):
    run = ImportRunFactory(ministry=other_ministry)
    client = client_for(administrator)

    assert client.get(reverse("imports:preview", args=[run.pk])).status_code == 404
    assert client.post(reverse("imports:preview", args=[run.pk]), {}).status_code == 404
    assert client.post(reverse("imports:discard", args=[run.pk])).status_code == 404
    assert not FieldUnit.objects.exists()
    assert ImportRun.objects.get() == run


def test_cancelling_a_preview_forgets_it_and_a_started_import_stays(admin, ministry):
    preview = ImportRunFactory(ministry=ministry)
    done = ImportRunFactory(ministry=ministry, status=ImportRun.Status.DONE)

    response = admin.post(reverse("imports:discard", args=[preview.pk]), follow=True)
    admin.post(reverse("imports:discard", args=[done.pk]))

    assert [str(m) for m in response.context["messages"]] == ["The import is cancelled; nothing was saved."]
    assert list(ImportRun.objects.all()) == [done]


def test_pressing_import_twice_imports_once(admin, ministry):
    run = ImportRunFactory(ministry=ministry)
    url = reverse("imports:preview", args=[run.pk])

    admin.post(url, {})
    second = admin.post(url, {})

    assert second.status_code == 302
    assert FieldUnit.objects.filter(ministry=ministry).count() == 1


def test_rows_refused_since_the_preview_send_the_person_back_to_it(admin, ministry):
    from imports.services import import_run

    run = ImportRunFactory(ministry=ministry, status=ImportRun.Status.QUEUED)
    run.rows = [[2, {"name": "Sudbury", "kind": "office", "part_of": "Gone", "name_fr": "", "name_he": ""}]]
    run.save()

    assert import_run(run_id=run.pk) == {"created": 0, "changed": 0, "unchanged": 0, "refused": 1}
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEW
    progress = admin.get(reverse("imports:progress", args=[run.pk]))
    assert "The data changed meanwhile: see the rows again" in progress.content.decode()
    assert import_run(run_id=run.pk) is None  # not queued: nothing to do
