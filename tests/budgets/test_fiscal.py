from datetime import date

import pytest

from budgets import fiscal


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2027, 3, 31), 2026),
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
    ],
)
def test_fiscal_year_of_with_april_start_turns_on_1_april(day, year):
    assert fiscal.fiscal_year_of(day, 4) == year


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2026, 12, 31), 2026), (date(2027, 1, 1), 2027), (date(2026, 3, 31), 2026), (date(2026, 4, 1), 2026)],
)
def test_fiscal_year_of_with_january_start_is_the_calendar_year(day, year):
    assert fiscal.fiscal_year_of(day, 1) == year


def test_bounds_with_april_start():
    assert fiscal.first_day(2026, 4) == date(2026, 4, 1)
    assert fiscal.last_day(2026, 4) == date(2027, 3, 31)


def test_bounds_with_january_start():
    assert fiscal.first_day(2026, 1) == date(2026, 1, 1)
    assert fiscal.last_day(2026, 1) == date(2026, 12, 31)


def test_last_day_of_a_fiscal_year_holding_a_leap_day():
    assert fiscal.last_day(2027, 3) == date(2028, 2, 29)


def test_labels_follow_the_setting():
    assert fiscal.label(2026, 4) == "2026–27"
    assert fiscal.label(2099, 4) == "2099–00"
    assert fiscal.label(2026, 1) == "2026"


def test_years_between_cover_a_partnership_from_april_to_march():
    assert fiscal.years_between(date(2026, 4, 1), date(2029, 3, 31), 4) == [2026, 2027, 2028]
    assert fiscal.years_between(date(2026, 4, 1), date(2029, 3, 31), 1) == [2026, 2027, 2028, 2029]


def test_default_start_month_reads_the_setting(settings):
    assert fiscal.default_start_month() == 4
    settings.INTERLOCK_FISCAL_YEAR_START_MONTH = 1
    assert fiscal.default_start_month() == 1
