"""Fiscal-year arithmetic: pure functions of dates and the month a fiscal year starts in.

A fiscal year is named by the calendar year it starts in. With an April start
(Ontario) fiscal year 2026 runs from 1 April 2026 to 31 March 2027 and reads
"2026–27"; with a January start (Israel) it is the calendar year and reads "2026".
"""

from datetime import date, timedelta

from django.conf import settings


def default_start_month():
    return settings.INTERLOCK_FISCAL_YEAR_START_MONTH


def fiscal_year_of(day, start_month):
    """The fiscal year (by the calendar year it starts in) that `day` falls in."""
    return day.year if day.month >= start_month else day.year - 1


def first_day(year, start_month):
    return date(year, start_month, 1)


def last_day(year, start_month):
    return first_day(year + 1, start_month) - timedelta(days=1)


def label(year, start_month):
    """ "2026–27" when the fiscal year straddles two calendar years, "2026" when it is one."""
    if start_month == 1:
        return str(year)
    return f"{year}–{(year + 1) % 100:02d}"


def years_between(start, end, start_month):
    """The fiscal years from the one holding `start` to the one holding `end`, inclusive."""
    return list(range(fiscal_year_of(start, start_month), fiscal_year_of(end, start_month) + 1))
