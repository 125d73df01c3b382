"""The printed charter names each party's kind (participant, funder, stakeholder) and its organisation's kind,
in the reader's language, on the print page and in the PDF."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from ministries.models import FieldUnit, Ministry
from partnerships.models import Participation
from tests.builders import make_partnership
from tests.factories import FieldUnitFactory, MinistryFactory, ParticipationFactory


@pytest.fixture
def parties(ministry):
    hydro = MinistryFactory(name="Ontario Power Generation", kind=Ministry.Kind.CROWN_CORPORATION)
    partnership = make_partnership([ministry, hydro], title="River restoration")
    office = FieldUnitFactory(ministry=ministry, name="Thunder Bay District Office", kind=FieldUnit.Kind.DISTRICT)
    Participation.objects.filter(partnership=partnership, ministry=ministry).update(unit=office)
    foundation = MinistryFactory(name="Trillium Foundation", kind=Ministry.Kind.FOUNDATION)
    ParticipationFactory(partnership=partnership, ministry=foundation, kind=Participation.Kind.FUNDER)
    anglers = MinistryFactory(name="River Anglers", kind=Ministry.Kind.COMMUNITY_GROUP)
    ParticipationFactory(
        partnership=partnership,
        ministry=anglers,
        kind=Participation.Kind.STAKEHOLDER,
        engagement=Participation.Engagement.CONSULT,
    )
    return partnership


def party_rows(html):
    """The parties table as rows of cell texts (the first table of the page)."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        tuple(" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td>(.*?)</td>", row, re.S))
        for row in rows
    ]


ROWS = {
    "en": [
        ("Thunder Bay District Office (MCSS_NAME)", "Ministry — District", "Participant", "Lead"),
        ("Ontario Power Generation", "Crown corporation", "Participant", "Supporting"),
        ("Trillium Foundation", "Foundation", "Funder, does not sign", "—"),
        ("River Anglers", "Community group", "Stakeholder: consult", "—"),
    ],
    "fr": [
        ("Thunder Bay District Office (MCSS_NAME)", "Ministère — District", "Participant", "Responsable"),
        ("Ontario Power Generation", "Société d’État", "Participant", "De soutien"),
        ("Trillium Foundation", "Fondation", "Bailleur de fonds, ne signe pas", "—"),
        ("River Anglers", "Groupe communautaire", "Partie prenante : consulter", "—"),
    ],
    "he": [
        ("Thunder Bay District Office (MCSS_NAME)", "משרד — מחוז", "משתתף", "מוביל"),
        ("Ontario Power Generation", "חברה ממשלתית", "משתתף", "תומך"),
        ("Trillium Foundation", "קרן", "גורם מממן, אינו חותם", "—"),
        ("River Anglers", "קבוצה קהילתית", "בעל עניין: התייעצות", "—"),
    ],
}


@pytest.mark.parametrize("language", ["en", "fr", "he"])
def test_the_printed_charter_names_each_partys_kind_in_the_readers_language(
    client_for, coordinator, ministry, parties, language
):
    coordinator.preferred_language = language
    coordinator.save(update_fields=["preferred_language"])

    response = client_for(coordinator).get(reverse("charters:charter_print", args=[parties.pk, 1]))

    expected = [tuple(cell.replace("MCSS_NAME", ministry.name) for cell in row) for row in ROWS[language]]
    assert party_rows(response.content.decode()) == expected


def test_the_charter_pdf_names_each_partys_kind(client_for, field_officer, parties):
    response = client_for(field_officer).get(reverse("charters:charter_pdf", args=[parties.pk, 1]))

    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)
    for words in ("Kind of party", "Crown corporation", "Funder, does not sign", "Stakeholder: consult"):
        assert words in text


def test_an_outsider_gets_no_printed_charter(client_for, outsider, parties):
    response = client_for(outsider).get(reverse("charters:charter_print", args=[parties.pk, 1]))

    assert response.status_code == 404
