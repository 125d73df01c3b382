"""Every PDF is made by common.pdf.html_to_pdf: tagged (PDF/UA-1) and in the page's language."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from charters import services as charter_services
from common.pdf import html_to_pdf

WORDS = {"en": "Roads 2026", "fr": "Routes 2026", "he": "כבישים 2026"}


def tagged(pdf):
    """(has a structure tree, marked, its language, its text) of a PDF."""
    reader = PdfReader(io.BytesIO(pdf))
    catalogue = reader.trailer["/Root"]
    text = " ".join(page.extract_text() for page in reader.pages)
    return "/StructTreeRoot" in catalogue, bool(catalogue["/MarkInfo"]["/Marked"]), str(catalogue["/Lang"]), text


@pytest.mark.parametrize("language", ["en", "fr", "he"])
def test_html_to_pdf_is_tagged_in_the_pages_language(language):
    direction = "rtl" if language == "he" else "ltr"
    html = f'<!DOCTYPE html><html lang="{language}" dir="{direction}"><head><title>{WORDS[language]}</title></head>'
    html += f"<body><h1>{WORDS[language]}</h1><p>1</p></body></html>"

    structure, marked, lang, text = tagged(html_to_pdf(html, base_url="http://testserver/"))

    assert (structure, marked, lang) == (True, True, language)
    assert "2026" in text


def test_html_to_pdf_refuses_to_fetch_anything_but_our_static_files():
    html = '<html lang="en"><head><link rel="stylesheet" href="http://example.com/x.css"></head><body>x</body></html>'

    # WeasyPrint reports a refused stylesheet and goes on without it: the PDF is made, nothing was fetched.
    structure, _marked, lang, text = tagged(html_to_pdf(html, base_url="http://testserver/"))

    assert (structure, lang, text.split()[0]) == (True, "en", "x")


@pytest.mark.parametrize("language", ["en", "fr", "he"])
def test_charter_pdf_is_tagged_in_every_language(client_for, coordinator, partnership, language):
    coordinator.preferred_language = language
    coordinator.save()
    version = partnership.charter_versions.get()
    charter_services.charter_save(
        version=version, by=None, expected_revision=1, fields={}, assignments=[], milestones=[]
    )

    response = client_for(coordinator).get(reverse("charters:charter_pdf", args=[partnership.pk, 1]))

    structure, marked, lang, text = tagged(response.content)
    assert (response["Content-Type"], structure, marked, lang) == ("application/pdf", True, True, language)
    assert partnership.title in text
