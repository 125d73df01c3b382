"""Bidi isolation and percentages: one helper each, the same on pages, exports and messages."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from common.bidi import isolate, isolate_each, strip_isolates
from common.numbers import format_percent


def test_isolate_wraps_typed_text_and_leaves_nothing_alone():
    assert (isolate("Roads 2026 כבישים"), isolate(""), isolate(None), isolate(7)) == (
        "\u2068Roads 2026 כבישים\u2069",
        "",
        "",
        "\u20687\u2069",
    )


def test_isolate_each_keeps_the_separators_outside_the_isolates():
    assert isolate_each(["MOH 3", "", "משרד 2"]) == "\u2068MOH 3\u2069, \u2068משרד 2\u2069"
    assert strip_isolates(isolate_each(["MOH 3", "משרד 2"])) == "MOH 3, משרד 2"


def test_isolate_filter_is_for_plain_text():
    rendered = Template("{% load bidi %}Hello {{ name|isolate }},").render(Context({"name": "דנה Dana 2"}))

    assert rendered == "Hello \u2068דנה Dana 2\u2069,"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["33%", "33.33%", "0.5%", "100%"]),
        ("fr", ["33\u202f%", "33,33\u202f%", "0,5\u202f%", "100\u202f%"]),
        ("he", ["33%", "33.33%", "0.5%", "100%"]),
    ],
)
def test_percent_is_written_one_way_per_language(language, expected):
    values = [33, Decimal("33.33"), Decimal("0.50"), Decimal("100.00")]

    with translation.override(language):
        written = [format_percent(value) for value in values]
        filtered = Template("{% load locale_formats %}{{ v|percent }}").render(Context({"v": Decimal("33.33")}))

    assert (written, filtered) == (expected, expected[1])


def test_percent_of_nothing_or_of_something_else():
    with translation.override("en"):
        assert (format_percent(None), format_percent(""), format_percent("abc")) == ("—", "—", "abc")
