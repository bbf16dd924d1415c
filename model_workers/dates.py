"""Calendar arithmetic for the visit plan: festivals and birthdays, solar and lunar.

Lunar dates come from `lunardate` (the Hong Kong Observatory tables, 1900–2099), never from a
hand-typed table. A plan year Y means lunar year Y for lunar dates: Spring Festival of plan 2027
is the first day of lunar 2027 (2027-02-06), and a lunar birthday in the twelfth month of lunar
2027 may fall in January 2028. Each model worker so has exactly one birthday per plan year.

Rules for birthdays that do not exist in a year:
- a lunar 30th in a year where that month has only 29 days is kept on the 29th, the month's last
  day (小月无三十，以二十九为准);
- someone born in a leap month (闰月) keeps the ordinary month of the same number every year, even
  in the rare year that has the leap month again, as families in China usually do;
- a solar 29 February is kept on 28 February in common years.
"""

from __future__ import annotations

from datetime import date, timedelta

from lunardate import LunarDate

from model_workers.choices import Occasion

FIRST_YEAR, LAST_YEAR = 1901, 2099  # lunardate's range, less the first year (its lunar start)


class OutOfRange(ValueError):
    """The year is outside the calendar library's range."""


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise OutOfRange(f"year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")


def lunar_to_solar(year: int, month: int, day: int) -> date:
    """The solar date of a lunar month/day in lunar `year`, the 30th falling back to the 29th."""
    check_year(year)
    try:
        return LunarDate(year, month, day).to_solar_date()
    except ValueError:
        if day == 30:
            return LunarDate(year, month, 29).to_solar_date()
        raise


def festival_dates(year: int) -> dict[str, date]:
    """Solar dates of the planned festivals in plan year `year`."""
    return {
        Occasion.SPRING_FESTIVAL: lunar_to_solar(year, 1, 1),
        Occasion.MAY_DAY: date(year, 5, 1),
        Occasion.MID_AUTUMN: lunar_to_solar(year, 8, 15),
        Occasion.DOUBLE_NINTH: lunar_to_solar(year, 9, 9),
    }


def lunar_birth(birth_date: date) -> LunarDate:
    return LunarDate.from_solar_date(birth_date.year, birth_date.month, birth_date.day)


def birthday_in(birth_date: date, year: int, *, lunar: bool) -> date:
    """The solar date of the birthday kept in plan year `year`."""
    check_year(year)
    if lunar:
        born = lunar_birth(birth_date)
        return lunar_to_solar(year, born.month, born.day)
    if (birth_date.month, birth_date.day) == (2, 29):
        try:
            return date(year, 2, 29)
        except ValueError:
            return date(year, 2, 28)
    return birth_date.replace(year=year)


def age_turned_in(birth_date: date, year: int, *, lunar: bool) -> int:
    """The age reached at the birthday of plan year `year`."""
    born_year = lunar_birth(birth_date).year if lunar else birth_date.year
    return year - born_year


def age_on(birth_date: date, day: date) -> int:
    """Full years of age on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def years_ago(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for a 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def window(day: date, before_after: tuple[int, int]) -> tuple[date, date]:
    before, after = before_after
    return day - timedelta(days=before), day + timedelta(days=after)
