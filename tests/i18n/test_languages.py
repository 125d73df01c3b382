"""Interlock in French and Hebrew: pages, formats, reference data, exports, PDF and e-mail."""

import csv
import io
from datetime import date
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Point
from assessments.points_data import POINTS, TRANSLATIONS
from budgets import services as budget_services
from budgets.models import Budget
from budgets.templatetags.budget_tags import money
from charters import services as charter_services
from ministries.models import Role
from partnerships.models import Phase
from tests.builders import make_partnership


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership(
        [ministry, other_ministry],
        title="שירותים משולבים לילדים",
        problem="משפחות נופלות בין התוכניות.",
        public_value="דלת אחת.",
    )


def speaking(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


# Pages


def test_home_page_in_french_is_translated_and_left_to_right(client_for, coordinator):
    html = client_for(speaking(coordinator, "fr")).get(reverse("dashboards:home")).content.decode()

    assert '<html lang="fr" dir="ltr" ' in html
    assert "Passer au contenu principal" in html
    assert "Partenariats" in html
    assert "bootstrap.min.css" in html


def test_home_page_in_hebrew_is_translated_and_right_to_left(client_for, coordinator):
    response = client_for(speaking(coordinator, "he")).get(reverse("dashboards:home"))
    html = response.content.decode()

    assert response["Content-Language"] == "he"
    assert '<html lang="he" dir="rtl" ' in html
    assert "bootstrap.rtl.min.css" in html
    assert "דילוג לתוכן הראשי" in html
    assert "שותפויות" in html
    assert "Skip to main content" not in html


def test_the_switcher_saves_the_language_in_the_profile(client_for, coordinator):
    client = client_for(coordinator)

    response = client.post(reverse("accounts:set_language"), {"language": "he", "next": "/partnerships/"})

    assert response.status_code == 302
    assert response["Location"] == "/partnerships/"
    coordinator.refresh_from_db()
    assert coordinator.preferred_language == "he"
    assert 'dir="rtl"' in client.get("/partnerships/").content.decode()


def test_a_signed_out_visitor_gets_the_login_page_in_the_browsers_language(client):
    html = client.get(reverse("login"), headers={"accept-language": "fr-CA,fr;q=0.9"}).content.decode()

    assert "Ouvrir une session" in html


# Formats


@pytest.mark.parametrize(
    ("language", "long_date", "short_date", "number"),
    [
        ("en", "March 5, 2026", "03/05/2026", "1234.5"),
        ("fr", "5 mars 2026", "2026-03-05", "1234,5"),
        ("he", "5 במרץ 2026", "05/03/2026", "1234.5"),
    ],
)
def test_dates_and_numbers_follow_the_language(language, long_date, short_date, number):
    template = Template('{{ day|date:"DATE_FORMAT" }}|{{ day|date:"SHORT_DATE_FORMAT" }}|{{ number }}')
    with translation.override(language):
        rendered = template.render(Context({"day": date(2026, 3, 5), "number": 1234.5}))

    assert rendered == f"{long_date}|{short_date}|{number}"


@pytest.mark.parametrize(
    ("language", "plain", "canadian", "shekels"),
    [
        ("en", "1,234,567.50", "$1,234,567.50", "₪1,234,567.50"),
        ("fr", "1\xa0234\xa0567,50", "1\xa0234\xa0567,50\xa0$", "1\xa0234\xa0567,50\xa0₪"),
        ("he", "1,234,567.50", "\u200f1,234,567.50\xa0$", "\u200f1,234,567.50\xa0₪"),
    ],
)
def test_money_follows_the_language(language, plain, canadian, shekels):
    amount = Decimal("1234567.50")
    with translation.override(language):
        assert (money(amount), money(amount, "CAD"), money(amount, "ILS")) == (plain, canadian, shekels)


def test_negative_money_keeps_its_sign_before_the_symbol():
    with translation.override("en"):
        assert money(Decimal("-12.5"), "CAD") == "-$12.50"


# Reference data


@pytest.fixture
def points(db):
    """The 15 points as the data migrations load them (a transactional test elsewhere may have flushed them)."""
    reference_data = import_module("assessments.migrations.0002_reference_data")
    reference_data.load_points(apps, None)
    reference_data.load_translations(apps, None)


def test_every_point_has_its_french_and_hebrew_text(points):
    for number, _title, _phase, _guidance, questions, _reopen in POINTS:
        point = Point.objects.get(number=number)
        for language, (title, guidance, translated_questions) in (
            (lang, TRANSLATIONS[lang][number]) for lang in TRANSLATIONS
        ):
            with translation.override(language):
                assert (point.localized_title, point.localized_guidance) == (title, guidance)
                assert point.question_list == translated_questions
                assert len(point.question_list) == len(questions)


def test_a_point_falls_back_to_english_when_a_translation_is_empty(points):
    point = Point.objects.get(number=1)
    point.title_he = ""
    with translation.override("he"):
        assert point.localized_title == "Which partnership is needed?"
    with translation.override("fr"):
        assert str(point) == "1. De quel partenariat a-t-on besoin?"


def test_the_points_page_shows_the_points_in_hebrew(client_for, coordinator, points, partnership):
    html = (
        client_for(speaking(coordinator, "he"))
        .get(reverse("assessments:points", args=[partnership.pk]))
        .content.decode()
    )

    assert "1. איזו שותפות נדרשת?" in html
    assert "15. איך נבקר, נעריך ונחדש?" in html
    assert "מה אף משרד אינו יכול להשיג כאן לבדו?" in html
    assert "Which partnership is needed?" not in html


def test_phase_and_role_names_are_translated():
    with translation.override("fr"):
        assert [str(label) for label in Phase.labels] == [
            "Initiative et création",
            "Planification et mise en place",
            "Mise en œuvre et maintien",
            "Évaluation et renouvellement",
        ]
        assert str(Role.COORDINATOR.label) == "Coordonnateur"
    with translation.override("he"):
        assert [str(label) for label in Phase.labels] == [
            "ייזום והקמה",
            "תכנון וגיבוש",
            "יישום ותחזוקה",
            "הערכה והתחדשות",
        ]
        assert str(Role.EXECUTIVE.label) == "בכיר"


# Exports, PDF and e-mail


@pytest.fixture
def budget(partnership):
    return budget_services.budget_create(
        partnership=partnership,
        by=None,
        fields={
            "currency": "ILS",
            "fiscal_year_start_month": 1,
            "first_year": 2026,
            "last_year": 2027,
            "managed_by": Budget.ManagedBy.LEAD,
            "field_units_may_record": False,
        },
        committee=[],
    )


def test_csv_export_headers_are_in_the_readers_language(client_for, coordinator, budget):
    client = client_for(speaking(coordinator, "fr"))
    response = client.get(reverse("budgets:export_csv", args=[budget.partnership_id, "summary"]))

    header = next(csv.reader(io.StringIO(response.content.decode("utf-8")[1:])))
    assert header[:3] == ["Exercice", "Organisation", "Annoncé (ILS)"]


def test_excel_export_in_hebrew_is_right_to_left(client_for, coordinator, budget):
    response = client_for(speaking(coordinator, "he")).get(reverse("budgets:export_xlsx", args=[budget.partnership_id]))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["סיכום", "השתתפויות", "העברות", "הוצאות"]
    assert workbook["סיכום"].sheet_view.rightToLeft is True
    assert workbook["סיכום"]["A1"].value == "שנת תקציב"


def test_charter_pdf_in_hebrew_keeps_the_hebrew_text(client_for, coordinator, partnership):
    version = partnership.charter_versions.get()
    charter_services.charter_save(
        version=version,
        by=None,
        expected_revision=1,
        fields={"shared_vision": "דלת אחת למשפחות", "goals": "קליטה אחת בארבע לשכות"},
        assignments=[],
        milestones=[],
    )
    client = client_for(speaking(coordinator, "he"))

    response = client.get(reverse("charters:charter_pdf", args=[partnership.pk, 1]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for phrase in ("דלת אחת למשפחות", "קליטה אחת בארבע לשכות", "שירותים משולבים לילדים", "הצדדים"):
        assert phrase in text
    html = client.get(reverse("charters:charter_print", args=[partnership.pk, 1])).content.decode()
    assert '<html lang="he" dir="rtl">' in html


def test_reminder_email_in_hebrew_is_right_to_left(coordinator):
    context = {
        "recipient": coordinator,
        "title": "t",
        "body": "b",
        "url": "http://x/",
        "items": [],
        "preferences_url": "http://x/p",
        "inbox_url": "http://x/i",
    }
    coordinator.first_name = "Dana"
    with translation.override("he"):
        html = render_to_string("notifications/email/reminder.html", context)
        text = render_to_string("notifications/email/reminder.txt", context)

    assert '<html lang="he" dir="rtl">' in html
    # The name someone typed is one isolate (common.bidi): "Dana," keeps its comma on the Hebrew side.
    assert "שלום \u2068Dana\u2069," in html
    assert "שלום \u2068Dana\u2069," in text


def test_charter_pdf_in_hebrew_keeps_each_date_with_its_milestone_and_is_tagged(client_for, coordinator, partnership):
    version = partnership.charter_versions.get()
    milestones = [
        {"title": "Lead committee's first meeting", "due_date": date(2027, 1, 1), "description": ""},
        {"title": "פריסה ארצית", "due_date": date(2027, 9, 1), "description": ""},
    ]
    charter_services.charter_save(
        version=version, by=None, expected_revision=1, fields={}, assignments=[], milestones=milestones
    )

    response = client_for(speaking(coordinator, "he")).get(reverse("charters:charter_pdf", args=[partnership.pk, 1]))

    reader = PdfReader(io.BytesIO(response.content))
    pages = [[" ".join(line.split()) for line in page.extract_text().splitlines()] for page in reader.pages]
    lines = [line for page in pages for line in page]
    # pypdf gives each line's runs in visual order, left to right (and drops a space between runs): what a
    # reader sees, right to left.
    first = next(line for line in lines if "Lead committee's first meeting" in line)
    second = next(line for line in lines if "פריסה ארצית" in line)
    expected = ("2027 בינואר1Lead committee's first meeting", "2027 בספטמבר1פריסה ארצית")  # noqa: RUF001 - Hebrew
    assert (first, second) == expected
    assert [page[-1] for page in pages] == [f"{len(pages)} מתוך{number} עמוד" for number in range(1, len(pages) + 1)]
    # Tagged: a structure tree for screen readers, as PDF/UA asks.
    catalogue = reader.trailer["/Root"]
    assert ("/StructTreeRoot" in catalogue, catalogue["/MarkInfo"]["/Marked"], catalogue["/Lang"]) == (True, True, "he")
