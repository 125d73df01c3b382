"""What a screen-reader user hears first: the error summary and the page's title."""

import re
from datetime import date
from html import unescape

import pytest
from django.urls import reverse

from partnerships.tabs import TABS
from tests.builders import charter_post, indicator_for, make_partnership, need_step


@pytest.fixture
def partnership(ministry, other_ministry):
    return make_partnership([ministry, other_ministry])


def title(response):
    text = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1)
    return " ".join(unescape(text).split())


def error_summary(response):
    """The summary's links, as (href, text), or None when the page has no summary."""
    page = response.content.decode()
    match = re.search(r'<div class="alert alert-danger error-summary"\s+role="alert".*?</div>', page, re.S)
    if match is None:
        return None
    assert "data-error-summary" in match.group(0)
    assert '<h2 class="h5" id="error-summary-title">There is a problem</h2>' in match.group(0)
    links = re.findall(r'<a class="alert-link" href="([^"]+)">(.*?)</a>', match.group(0), re.S)
    return [(href, " ".join(unescape(text).split())) for href, text in links]


# The error summary and "Error:" in the title


def test_error_summary_creation_step_lists_the_missing_fields(client_for, coordinator):
    response = client_for(coordinator).post(
        reverse("partnerships:create", args=["need"]), {**need_step(), "title": "", "problem": ""}
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        ("#id_title", "Name: This field is required."),
        ("#id_problem", "The problem: This field is required."),
    ]
    assert title(response) == "Error: Step 1 of 3: The need — Start a partnership — Interlock"


def test_error_summary_charter_form_links_to_the_row_to_fix(client_for, coordinator, partnership):
    version = partnership.charter_versions.get()
    data = charter_post(version.revision)
    data.update({"assignments-TOTAL_FORMS": 1, "assignments-0-task": "", "assignments-0-due_date": "soon"})

    response = client_for(coordinator).post(reverse("charters:charter_edit", args=[partnership.pk]), data)

    assert response.status_code == 200
    assert error_summary(response) == [
        ("#id_assignments-0-task", "Task: This field is required."),
        ("#id_assignments-0-due_date", "Due by: Enter a valid date."),
    ]
    assert title(response).startswith("Error: ")


def test_error_summary_measurement_form_names_the_value(client_for, partnership, ministry, field_officer):
    indicator = indicator_for(partnership, ministry)
    url = reverse("results:measurement_new", args=[partnership.pk, indicator.pk])

    response = client_for(field_officer).post(url, {"period": "2026-07-01", "value": "N/A"})

    assert response.status_code == 200
    summary = error_summary(response)
    assert [href for href, _ in summary] == ["#id_value"]
    assert summary[0][1].endswith("Enter a number, such as 12 or 12.5, without letters or symbols.")
    assert title(response).startswith("Error: ")


def test_error_summary_login_links_to_the_username_and_ties_the_error_to_both_fields(client, coordinator):
    response = client.post(reverse("login"), {"username": coordinator.username, "password": "wrong"})

    page = response.content.decode()
    assert response.status_code == 200
    summary = error_summary(response)
    assert [href for href, _ in summary] == ["#id_username"]
    assert summary[0][1].startswith("Please enter a correct username and password.")
    assert title(response) == "Error: Sign in — Interlock"
    assert '<div class="alert alert-danger" id="login-error">' in page
    for field in ("username", "password"):
        tag = re.search(rf'<input[^>]*id="id_{field}"[^>]*>', page).group(0)
        assert ('aria-describedby="login-error"' in tag, 'aria-invalid="true"' in tag) == (True, True)


def test_error_summary_absent_when_the_form_is_fine(client, coordinator):
    response = client.get(reverse("login"))

    assert error_summary(response) is None
    assert title(response) == "Sign in — Interlock"


# Every page its own title


def test_title_each_partnership_tab_is_different_and_names_the_tab(client_for, coordinator, partnership):
    client = client_for(coordinator)

    titles = {tab.key: title(client.get(tab.url(partnership))) for tab in TABS}

    assert titles == {tab.key: f"{tab.label} — Integrated services for children — Interlock" for tab in TABS}
    assert len(set(titles.values())) == len(TABS)


def test_title_each_creation_step_says_which_step(client_for, coordinator, ministry, other_ministry):
    client = client_for(coordinator)
    client.post(reverse("partnerships:create", args=["need"]), need_step())
    partners = {"partners-TOTAL_FORMS": 2, "partners-INITIAL_FORMS": 0, "partners-MIN_NUM_FORMS": 2}
    for i, (pk, role) in enumerate(((ministry.pk, "lead"), (other_ministry.pk, "supporting"))):
        partners.update({f"partners-{i}-ministry": pk, f"partners-{i}-role": role})
        partners.update({f"partners-{i}-gain_share": 50, f"partners-{i}-risk_share": 50})
    client.post(reverse("partnerships:create", args=["partners"]), partners)

    titles = [title(client.get(reverse("partnerships:create", args=[step]))) for step in ("need", "partners", "setup")]

    assert titles == [
        "Step 1 of 3: The need — Start a partnership — Interlock",
        "Step 2 of 3: The partners — Start a partnership — Interlock",
        "Step 3 of 3: How it will work — Start a partnership — Interlock",
    ]


# Bidirectional text: what people typed is isolated on Hebrew pages


def test_bidi_hebrew_history_keeps_each_date_with_its_milestone(client_for, coordinator, partnership):
    from charters import services as charter_services

    coordinator.preferred_language = "he"
    coordinator.save(update_fields=["preferred_language"])
    version = partnership.charter_versions.get()
    first = {"title": "Pilot in Haifa", "due_date": date(2026, 3, 1), "description": ""}
    second = {"title": "פריסה ארצית", "due_date": date(2026, 9, 1), "description": ""}
    charter_services.charter_save(
        version=version, by=coordinator, expected_revision=1, fields={}, assignments=[], milestones=[first]
    )
    charter_services.charter_save(
        version=version, by=coordinator, expected_revision=2, fields={}, assignments=[], milestones=[first, second]
    )

    response = client_for(coordinator).get(reverse("partnerships:history", args=[partnership.pk]))

    page = response.content.decode()
    assert '<html lang="he" dir="rtl" ' in page
    assert "<ins><bdi>2026-03-01 — Pilot in Haifa</bdi>; <bdi>2026-09-01 — פריסה ארצית</bdi></ins>" in page, re.findall(
        r"<ins>.*?</ins>", page
    )
    assert f"<bdi>{coordinator}</bdi> ·" in page
