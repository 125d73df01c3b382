"""One date format, the active language's, wherever a person reads a date (issue 18, item 8)."""

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from assessments.models import Review
from common.dates import day_label, moment_label
from results.forms import period_choices
from results.models import Indicator
from tests.builders import indicator_for


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Jan. 1, 2025"), ("fr", "1 janvier 2025"), ("he", "1 בינואר 2025")],
)
def test_a_day_reads_in_the_language_of_the_page(language, text):
    with translation.override(language):
        assert (day_label(date(2025, 1, 1)), day_label("2025-01-01")) == (text, text)


def test_a_moment_reads_as_the_day_in_the_persons_time_zone(settings):
    # 03:00 UTC on 2 January is still 1 January in Toronto.
    moment = datetime(2025, 1, 2, 3, 0, tzinfo=UTC)

    with translation.override("en"):
        assert (day_label(moment), moment_label(moment)) == ("Jan. 1, 2025", "Jan. 1, 2025, 22:00")


def test_no_date_reads_as_nothing():
    assert (day_label(None), moment_label(None)) == ("", "")


def test_the_reporting_periods_offered_read_like_the_other_dates(partnership, ministry, settings):
    settings.INTERLOCK_FISCAL_YEAR_START_MONTH = 4
    indicator = indicator_for(partnership, ministry, frequency=Indicator.Frequency.QUARTERLY)

    with translation.override("fr"):
        labels = [label for _start, label in period_choices(indicator, today=date(2026, 12, 3), count=1)]

    assert labels == ["1 octobre 2026 – 31 décembre 2026"]


def test_a_title_made_in_python_carries_the_pages_date_format(partnership):
    review = Review(partnership=partnership, held_on=date(2026, 5, 1))

    with translation.override("en"):
        assert str(review) == f"Review of {partnership.title} on May 1, 2026"
