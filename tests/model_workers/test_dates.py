"""Festival and birthday dates from the lunar calendar library, and the rules for days that do
not exist in a year."""

from datetime import date

import pytest

from model_workers import dates
from model_workers.choices import Occasion


def test_festivals_of_2027_fall_on_their_solar_dates():
    assert dates.festival_dates(2027) == {
        Occasion.SPRING_FESTIVAL: date(2027, 2, 6),
        Occasion.MAY_DAY: date(2027, 5, 1),
        Occasion.MID_AUTUMN: date(2027, 9, 15),
        Occasion.DOUBLE_NINTH: date(2027, 10, 8),
    }


@pytest.mark.parametrize(
    ("year", "spring", "mid_autumn", "double_ninth"),
    [
        (2026, date(2026, 2, 17), date(2026, 9, 25), date(2026, 10, 18)),
        (2028, date(2028, 1, 26), date(2028, 10, 3), date(2028, 10, 26)),
        (2029, date(2029, 2, 13), date(2029, 9, 22), date(2029, 10, 16)),
        (2030, date(2030, 2, 3), date(2030, 9, 12), date(2030, 10, 5)),
    ],
)
def test_festivals_2026_to_2030(year, spring, mid_autumn, double_ninth):
    festivals = dates.festival_dates(year)
    assert festivals[Occasion.SPRING_FESTIVAL] == spring
    assert festivals[Occasion.MID_AUTUMN] == mid_autumn
    assert festivals[Occasion.DOUBLE_NINTH] == double_ninth


def test_solar_birthday_is_the_same_day():
    assert dates.birthday_in(date(1937, 6, 20), 2027, lunar=False) == date(2027, 6, 20)


def test_solar_29_february_is_kept_on_28_february_in_a_common_year():
    assert dates.birthday_in(date(1936, 2, 29), 2027, lunar=False) == date(2027, 2, 28)
    assert dates.birthday_in(date(1936, 2, 29), 2028, lunar=False) == date(2028, 2, 29)


def test_lunar_birthday_follows_the_lunar_month_and_day():
    # 1937-09-19 is lunar 1937-08-15 (Mid-Autumn), so the lunar birthday is Mid-Autumn every year.
    assert dates.lunar_birth(date(1937, 9, 19)).month == 8
    assert dates.birthday_in(date(1937, 9, 19), 2027, lunar=True) == date(2027, 9, 15)


def test_lunar_30th_falls_back_to_the_29th_in_a_short_month():
    born = date(1940, 3, 8)  # lunar 1940-01-30
    assert (dates.lunar_birth(born).month, dates.lunar_birth(born).day) == (1, 30)
    # Lunar 2030's first month has 29 days: kept on the 29th, the day before the second month.
    assert dates.birthday_in(born, 2030, lunar=True) == dates.lunar_to_solar(2030, 1, 29)
    assert dates.birthday_in(born, 2027, lunar=True) == date(2027, 3, 7)  # 2027's first month has a 30th


def test_leap_month_birthday_is_kept_in_the_ordinary_month():
    born = date(1941, 7, 28)  # lunar 1941 leap 6th month, day 5
    lunar = dates.lunar_birth(born)
    assert (lunar.month, lunar.day, lunar.is_leap_month) == (6, 5, True)
    assert dates.birthday_in(born, 2027, lunar=True) == dates.lunar_to_solar(2027, 6, 5)
    # 2028 has a leap 5th month, not a leap 6th: still the ordinary 6th month.
    assert dates.birthday_in(born, 2028, lunar=True) == dates.lunar_to_solar(2028, 6, 5)


def test_twelfth_month_lunar_birthday_of_a_plan_year_may_fall_in_the_next_january():
    born = date(1938, 1, 20)  # lunar 1937-12-19
    assert dates.birthday_in(born, 2027, lunar=True).year == 2028


def test_age_turned_and_age_on():
    assert dates.age_turned_in(date(1937, 6, 20), 2027, lunar=False) == 90
    assert dates.age_on(date(1937, 6, 20), date(2027, 6, 19)) == 89
    assert dates.age_on(date(1937, 6, 20), date(2027, 6, 20)) == 90


@pytest.mark.parametrize("year", [1800, 1900, 2100])
def test_years_outside_the_library_range_are_refused(year):
    with pytest.raises(dates.OutOfRange):
        dates.festival_dates(year)
