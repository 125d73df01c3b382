"""Helpers shared by the field work, results and meetings tests."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from results import services as results_services
from results.models import Indicator


def indicator_for(partnership, owner, **fields):
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
    return date(year, 3 * (n - 1) + 1, 15)


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
